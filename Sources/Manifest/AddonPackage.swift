public import Basics
import Foundation

/// An add-on package on disk: where its manifest is and which files it ships.
public struct AddonPackage: Sendable {
    /// The package root (the folder that holds `app/`, or the bare manifest's folder).
    public let root: String
    /// The add-on folder name (`app/addons/<name>`), nil for a bare manifest outside that layout.
    public let folderName: String?
    /// The absolute path of `addon.xml`.
    public let manifestFile: String
    /// `.po` files by language code (`var/langs/<lang>/addons/<name>.po`), relative to the root.
    public let poFiles: [String: String]
    /// Admin templates (`design/backend/templates/addons/<name>/…`), relative to the root.
    public let backendTemplates: [String]
    /// Storefront templates (`var/themes_repository/*`, `design/themes/*`, legacy `skins/*`), relative.
    public let themeTemplates: [String]
    /// Every regular file of the package, relative to the root, sorted.
    public let files: [String]
    /// Symbolic links, FIFOs, sockets and devices in the package, sorted by path: none is read or
    /// installed, since a link may point outside the package and a FIFO blocks whoever reads it.
    public let specialFiles: [SpecialFile]

    public struct SpecialFile: Sendable, Hashable {
        /// Relative to the package root.
        public let path: String
        /// "a symbolic link", "a FIFO", "a socket" or "a device".
        public let kind: String
    }

    /// Opens a package folder (store-root layout, possibly under one wrapper folder, or the legacy
    /// `addons/<name>` layout) or a bare `addon.xml`.
    public static func open(at path: String) throws(Diagnostic) -> AddonPackage {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw PackageDiagnostics.notFound(path)
        }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        if !isDirectory.boolValue {
            // A manifest inside a package opens the whole package.
            let folder = url.deletingLastPathComponent()
            let addons = folder.deletingLastPathComponent()
            if addons.lastPathComponent == "addons" {
                let base = addons.deletingLastPathComponent()
                let root = base.lastPathComponent == "app" ? base.deletingLastPathComponent() : base
                return make(root: root.path, folderName: folder.lastPathComponent, manifest: url.path)
            }
            return AddonPackage(
                root: folder.path, folderName: nil, manifestFile: url.path, poFiles: [:], backendTemplates: [],
                themeTemplates: [], files: [url.lastPathComponent], specialFiles: [])
        }
        if manager.fileExists(atPath: url.appendingPathComponent("addon.xml").path) {
            return make(
                root: url.path, folderName: url.lastPathComponent,
                manifest: url.appendingPathComponent("addon.xml").path, isAddonFolder: true)
        }
        var candidates = [url]
        let children = ((try? manager.contentsOfDirectory(atPath: url.path)) ?? []).sorted().filter {
            !$0.hasPrefix(".")
        }
        candidates += children.map { url.appendingPathComponent($0) }
        for layout in ["app/addons", "addons"] {
            for candidate in candidates {
                let addons = candidate.appendingPathComponent(layout)
                let names = ((try? manager.contentsOfDirectory(atPath: addons.path)) ?? []).sorted()
                let found = names.filter {
                    manager.fileExists(atPath: addons.appendingPathComponent("\($0)/addon.xml").path)
                }
                if found.count > 1 { throw PackageDiagnostics.several(path, found) }
                if let name = found.first {
                    return make(
                        root: candidate.path, folderName: name,
                        manifest: addons.appendingPathComponent("\(name)/addon.xml").path)
                }
            }
        }
        throw PackageDiagnostics.noManifest(path)
    }

    private static func make(root: String, folderName: String, manifest: String, isAddonFolder: Bool = false)
        -> AddonPackage
    {
        let (files, specialFiles) = listFiles(root)
        var po: [String: String] = [:]
        var backend: [String] = []
        var theme: [String] = []
        for file in files {
            let parts = file.split(separator: "/").map(String.init)
            if parts.count == 5, parts[0] == "var", parts[1] == "langs", parts[3] == "addons",
                parts[4] == "\(folderName).po"
            {
                po[parts[2]] = file
            } else if file.hasPrefix("design/backend/templates/addons/\(folderName)/") {
                backend.append(file)
            } else if file.hasSuffix(".tpl"), file.contains("/addons/\(folderName)/"),
                ["var/themes_repository/", "design/themes/", "skins/"].contains(where: file.hasPrefix)
            {
                theme.append(file)
            }
        }
        return AddonPackage(
            root: root, folderName: folderName, manifestFile: manifest, poFiles: po,
            backendTemplates: isAddonFolder ? [] : backend, themeTemplates: isAddonFolder ? [] : theme, files: files,
            specialFiles: specialFiles)
    }

    /// The regular files and the special ones, by `lstat`: a link is not followed, not even to a
    /// folder.
    private static func listFiles(_ root: String) -> ([String], [SpecialFile]) {
        // A root that is itself a link (the user's choice) is read as the folder it names: the
        // enumerator would not enter it.
        let folder = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return ([], []) }
        var files: [String] = []
        var special: [SpecialFile] = []
        while let relative = enumerator.nextObject() as? String {
            var info = stat()
            guard lstat(folder + "/" + relative, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: continue
            case S_IFREG: files.append(relative)
            case S_IFLNK: special.append(SpecialFile(path: relative, kind: "a symbolic link"))
            case S_IFIFO: special.append(SpecialFile(path: relative, kind: "a FIFO"))
            case S_IFSOCK: special.append(SpecialFile(path: relative, kind: "a socket"))
            default: special.append(SpecialFile(path: relative, kind: "a device"))
            }
        }
        return (files.sorted(), special.sorted { $0.path < $1.path })
    }

    /// The special file the manifest is, if it is one.
    var specialManifest: SpecialFile? {
        specialFiles.first { root + "/" + $0.path == manifestFile }
    }

    /// The manifest as a source file, with a path relative to where the user pointed.
    public func readManifest() throws(Diagnostic) -> SourceFile {
        if let specialManifest { throw PackageDiagnostics.specialFile(self, specialManifest) }
        guard let data = FileManager.default.contents(atPath: manifestFile) else {
            throw PackageDiagnostics.unreadable(manifestFile)
        }
        return SourceFile(path: displayPath(manifestFile), bytes: Array(data))
    }

    /// A path as shown in diagnostics: relative to the current folder when below it.
    public func displayPath(_ path: String) -> String { Self.displayPath(path) }

    /// A path as shown in diagnostics: relative to the current folder when below it.
    public static func displayPath(_ path: String) -> String {
        let current = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(current) ? String(path.dropFirst(current.count)) : path
    }
}

/// The messages about package structure.
enum PackageDiagnostics {
    static func notFound(_ path: String) -> Diagnostic {
        Diagnostic("package.not-found", .error, "\(path): no such file or folder")
    }

    static func noManifest(_ path: String) -> Diagnostic {
        Diagnostic(
            "package.no-manifest", .error, "\(path): incorrect add-on structure, no app/addons/<name>/addon.xml found",
            hint: "a package holds app/addons/<name>/addon.xml at its root or under one wrapper folder")
    }

    static func several(_ path: String, _ names: [String]) -> Diagnostic {
        Diagnostic(
            "package.several-addons", .error, "\(path) holds several add-ons: \(names.joined(separator: ", "))",
            hint: "validate one add-on at a time: pass its addon.xml")
    }

    static func unreadable(_ path: String) -> Diagnostic {
        Diagnostic("package.unreadable", .error, "\(path) cannot be read")
    }

    static func specialFile(_ package: AddonPackage, _ file: AddonPackage.SpecialFile) -> Diagnostic {
        Diagnostic(
            "package.special-file", .error,
            "\(package.displayPath(package.root + "/" + file.path)) is \(file.kind): links and special files are "
                + "neither read nor installed",
            hint: "put the file itself in the package (cp -L copies what a link points to), or remove it")
    }
}

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
    /// What the package holds that it cannot ship, sorted by path: none is read or installed.
    public let refusedFiles: [RefusedFile]

    public struct RefusedFile: Sendable, Hashable {
        /// Relative to the package root.
        public let path: String
        public let problem: Problem

        public enum Problem: Sendable, Hashable {
            /// A symbolic link, FIFO, socket or device ("a FIFO"): a link may point outside the
            /// package, and a FIFO blocks whoever reads it.
            case special(kind: String)
            /// A path the system cannot read, such as one longer than it allows (the reason).
            case unreadable(String)
        }
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
                themeTemplates: [], files: [url.lastPathComponent], refusedFiles: [])
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
        let (files, refusedFiles) = listFiles(root)
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
            refusedFiles: refusedFiles)
    }

    /// The regular files, and those refused, by `lstat`: a link is not followed, not even to a
    /// folder. A folder the walk cannot enter (a path longer than the system allows) is refused
    /// too: a silent walk would leave its files out of the install.
    private static func listFiles(_ root: String) -> ([String], [RefusedFile]) {
        // A root that is itself a link (the user's choice) is read as the folder it names: the
        // walk would not enter it.
        let folder = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        func relative(_ url: URL) -> String { String(url.path.dropFirst(folder.count + 1)) }
        var files: [String] = []
        var refused: [RefusedFile] = []
        let walk = FileManager.default.enumerator(
            at: URL(fileURLWithPath: folder), includingPropertiesForKeys: nil,
            errorHandler: { url, error in
                // Foundation wraps the system's error; its own text adds nothing.
                let cause = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
                let reason =
                    cause?.domain == NSPOSIXErrorDomain
                    ? String(cString: strerror(Int32(cause?.code ?? 0))) : error.localizedDescription
                refused.append(RefusedFile(path: relative(url), problem: .unreadable(reason)))
                return true
            })
        while let url = walk?.nextObject() as? URL {
            let path = relative(url)
            var info = stat()
            guard lstat(folder + "/" + path, &info) == 0 else {
                refused.append(RefusedFile(path: path, problem: .unreadable(String(cString: strerror(errno)))))
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: continue
            case S_IFREG: files.append(path)
            case S_IFLNK: refused.append(RefusedFile(path: path, problem: .special(kind: "a symbolic link")))
            case S_IFIFO: refused.append(RefusedFile(path: path, problem: .special(kind: "a FIFO")))
            case S_IFSOCK: refused.append(RefusedFile(path: path, problem: .special(kind: "a socket")))
            default: refused.append(RefusedFile(path: path, problem: .special(kind: "a device")))
            }
        }
        return (files.sorted(), refused.sorted { $0.path < $1.path })
    }

    /// The manifest's entry among the refused files, if it is one.
    var refusedManifest: RefusedFile? {
        refusedFiles.first { root + "/" + $0.path == manifestFile }
    }

    /// The manifest as a source file, with a path relative to where the user pointed.
    public func readManifest() throws(Diagnostic) -> SourceFile {
        if let refusedManifest { throw PackageDiagnostics.refused(self, refusedManifest) }
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

    static func refused(_ package: AddonPackage, _ file: AddonPackage.RefusedFile) -> Diagnostic {
        let path = package.displayPath(package.root + "/" + file.path)
        switch file.problem {
        case .special(let kind):
            return Diagnostic(
                "package.special-file", .error,
                "\(path) is \(kind): links and special files are neither read nor installed",
                hint: "put the file itself in the package (cp -L copies what a link points to), or remove it")
        case .unreadable(let reason):
            return Diagnostic(
                "package.unreadable", .error, "\(path) cannot be read (\(reason)): its files would be left out",
                hint: "shorten the path or fix its permissions")
        }
    }
}

internal import Basics
internal import Foundation
internal import Manifest

/// An add-on package folder read for installation: its manifest and its files, mapped to where
/// they go in the store. Files `README.md`, `LICENSE.md`, `.gitignore`, `changelog.txt` at the
/// package root are not copied (§2.6 step 4); storefront templates shipped under
/// `var/themes_repository/<theme>/` are copied to `design/themes/responsive/` (§2.2 step 14,
/// one theme).
struct PackageSource {
    let root: String
    let folderName: String
    let manifest: AddonManifest
    let warnings: Diagnostics
    /// Package-relative path → store-relative path.
    let files: [(source: String, target: String)]

    static let skippedAtRoot: Set<String> = ["README.md", "LICENSE.md", ".gitignore", "changelog.txt"]

    static func open(at path: String) throws -> PackageSource {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw LifecycleError(step: "package", message: "\(path): not a package folder", hint: "give the folder that holds app/addons/<id>/addon.xml")
        }
        let candidates = [path] + ((try? manager.contentsOfDirectory(atPath: path)) ?? []).sorted().map { "\(path)/\($0)" }
        guard let root = candidates.first(where: { firstAddonFolder(in: $0) != nil }), let folder = firstAddonFolder(in: root) else {
            throw LifecycleError(
                step: "package", message: "\(path): incorrect add-on structure: no app/addons/<name>/addon.xml",
                hint: "a package holds app/addons/<name>/addon.xml, optionally inside one wrapper folder")
        }
        let manifestPath = "\(root)/app/addons/\(folder)/addon.xml"
        guard let bytes = manager.contents(atPath: manifestPath) else {
            throw LifecycleError.fileSystem("package", "cannot read", path: manifestPath)
        }
        let (manifest, diagnostics) = ManifestReader.read(SourceFile(path: manifestPath, bytes: Array(bytes)), folderName: folder)
        guard let manifest, !diagnostics.hasErrors else {
            throw LifecycleError(step: "manifest", message: "\(manifestPath): the manifest has errors", diagnostics: diagnostics)
        }
        var files: [(String, String)] = []
        for relative in try listFiles(root) {
            if skippedAtRoot.contains(relative) { continue }
            var target = relative
            if relative.hasPrefix("var/themes_repository/") {
                let parts = relative.split(separator: "/", maxSplits: 3)
                guard parts.count == 4 else { continue }
                target = "design/themes/responsive/\(parts[3])"
            }
            files.append((relative, target))
        }
        return PackageSource(root: root, folderName: folder, manifest: manifest, warnings: diagnostics, files: files)
    }

    private static func firstAddonFolder(in root: String) -> String? {
        let addons = "\(root)/app/addons"
        return ((try? FileManager.default.contentsOfDirectory(atPath: addons)) ?? []).sorted().first {
            FileManager.default.fileExists(atPath: "\(addons)/\($0)/addon.xml")
        }
    }

    /// Regular files below `root`, relative, sorted. Links and special files are refused:
    /// nothing a package holds may point outside it.
    private static func listFiles(_ root: String) throws -> [String] {
        var result: [String] = []
        var pending = [""]
        while let folder = pending.popLast() {
            let absolute = folder.isEmpty ? root : "\(root)/\(folder)"
            for name in try FileManager.default.contentsOfDirectory(atPath: absolute) {
                let relative = folder.isEmpty ? name : "\(folder)/\(name)"
                guard RelativePath.isSafe(relative) else {
                    throw LifecycleError(step: "package", message: "\(relative): a file name the store cannot take")
                }
                var info = stat()
                guard lstat("\(root)/\(relative)", &info) == 0 else {
                    throw LifecycleError.fileSystem("package", "cannot read", path: relative)
                }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: pending.append(relative)
                case S_IFREG: result.append(relative)
                default:
                    throw LifecycleError(step: "package", message: "\(relative): links and special files are not installed")
                }
            }
        }
        return result.sorted()
    }
}

public import Basics

/// Validates a package: its manifest, then what needs several files (hook template names,
/// language files).
public enum PackageValidator {
    /// Every problem of the package, manifest first.
    public static func validate(_ package: AddonPackage) -> Diagnostics {
        check(package).diagnostics
    }

    /// The manifest (nil when it cannot be read) and every problem of the package.
    public static func check(_ package: AddonPackage) -> (manifest: AddonManifest?, diagnostics: Diagnostics) {
        let refusedFiles = package.refusedFiles.map { PackageDiagnostics.refused(package, $0) }
        let file: SourceFile
        do {
            file = try package.readManifest()
        } catch {
            return (nil, Diagnostics(package.refusedManifest == nil ? [error] + refusedFiles : refusedFiles))
        }
        var (manifest, diagnostics) = ManifestReader.read(file, folderName: package.folderName)
        diagnostics.append(contentsOf: refusedFiles)
        diagnostics.append(contentsOf: hookTemplateNames(package))
        if let manifest { diagnostics.append(contentsOf: defaultLanguageFile(package, manifest)) }
        return (manifest, diagnostics)
    }

    /// Hook templates must be named `<hook>.(pre|post|override).tpl` or CS-Cart never uses them.
    static func hookTemplateNames(_ package: AddonPackage) -> [Diagnostic] {
        (package.backendTemplates + package.themeTemplates).compactMap { path in
            let parts = path.split(separator: "/")
            guard path.hasSuffix(".tpl"), let hooks = parts.lastIndex(of: "hooks"), hooks == parts.count - 3 else {
                return nil
            }
            let name = parts[parts.count - 1]
            let pieces = name.split(separator: ".", omittingEmptySubsequences: false)
            if pieces.count == 3, ["pre", "post", "override"].contains(pieces[1]) { return nil }
            let hook = pieces.first.map(String.init) ?? String(name)
            let meant = ["pre", "post", "override"].first { kind in pieces.dropFirst().contains { $0.hasPrefix(kind) } }
            return Diagnostic(
                "manifest.hook-template-name", .warning,
                "hook template \(name) is never used: CS-Cart looks only for \(hook).pre.tpl, \(hook).post.tpl and "
                    + "\(hook).override.tpl",
                at: SourceLocation(file: package.displayPath(package.root + "/" + path), line: 1, column: 1),
                hint: meant.map { "rename it to \(hook).\($0).tpl" }
                    ?? "rename it to \(hook).post.tpl (or .pre/.override)")
        }
    }

    /// Scheme 3.0+ texts come from `var/langs/<default_language>/addons/<id>.po`.
    static func defaultLanguageFile(_ package: AddonPackage, _ manifest: AddonManifest) -> [Diagnostic] {
        guard manifest.scheme >= .v3, let folder = package.folderName, !package.files.isEmpty,
            package.files.contains(where: { $0.hasPrefix("app/") })
        else { return [] }
        let language = manifest.defaultLanguage ?? "en"
        guard package.poFiles[language] == nil else { return [] }
        let present = package.poFiles.keys.sorted()
        return [
            manifest.source.diagnostic(
                "manifest.missing-default-language-po", .warning,
                "no var/langs/\(language)/addons/\(folder).po for the default language \(language)",
                at: (manifest.defaultLanguageLocation ?? manifest.idLocation).offset ?? 0,
                hint: present.isEmpty
                    ? "scheme \(manifest.scheme.rawValue) reads names and setting labels from .po files; add one"
                    : "the package has \(present.joined(separator: ", ")); add \(language) or change <default_language>"
            )
        ]
    }
}

extension SchemeVersion: Comparable {
    public static func < (lhs: SchemeVersion, rhs: SchemeVersion) -> Bool { lhs.rawValue < rhs.rawValue }
}

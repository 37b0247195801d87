public import Basics
internal import Foundation
public import Manifest
internal import Store

/// A package opened for installation: `AddonPackage` found it, `PackageValidator` passed it
/// (an install refuses exactly what `addon validate` reports as errors), and its files are
/// mapped to where they go in the store. Files `README.md`, `LICENSE.md`, `.gitignore`,
/// `changelog.txt` at the package root are not copied (§2.6 step 4); storefront templates shipped
/// under `var/themes_repository/<theme>/` are copied to `design/themes/responsive/` (§2.2 step 14,
/// one theme).
struct PackageSource {
    let package: AddonPackage
    let folderName: String
    let manifest: AddonManifest
    /// The validator's warnings (errors refuse the package).
    let warnings: Diagnostics
    /// Package-relative path → store-relative path.
    let files: [(source: String, target: String)]

    var root: String { package.root }

    static let skippedAtRoot: Set<String> = ["README.md", "LICENSE.md", ".gitignore", "changelog.txt"]

    static func open(at path: String) throws -> PackageSource {
        let package: AddonPackage
        do {
            package = try AddonPackage.open(at: path)
        } catch {
            throw LifecycleError(
                step: "package", message: error.message, diagnostics: Diagnostics([error]), hint: error.hint)
        }
        // CS-Cart 4.x installs only the store-root layout (§2.6 step 3); a bare addon.xml or the
        // 2.x `addons/<name>` layout names no place for the other files.
        guard let folder = package.folderName, package.manifestFile == "\(package.root)/app/addons/\(folder)/addon.xml"
        else {
            throw LifecycleError(
                step: "package", message: "\(path): incorrect add-on structure: no app/addons/<name>/addon.xml",
                hint: package.files.contains { $0.hasPrefix("addons/") }
                    ? "this is the CS-Cart 2.x layout (addons/<name>); a 4.x package holds app/addons/<name>/addon.xml"
                    : "give the package root: the folder that holds app/addons/<name>/addon.xml, or one wrapper folder above it"
            )
        }
        let (manifest, validated) = PackageValidator.check(package)
        let (files, placed) = placement(of: package, folder: folder)
        let diagnostics = Diagnostics(validated.all + placed.all)
        guard let manifest, !diagnostics.hasErrors else {
            let count = diagnostics.errors.count
            throw LifecycleError(
                step: "validate",
                message: "\(path): the package has \(count) error\(count == 1 ? "" : "s"); nothing was changed",
                diagnostics: Diagnostics(diagnostics.sorted),
                hint: "fix what 'addonhost addon validate' reports, then install again")
        }
        for relative in package.files where !RelativePath.isSafe(relative) {
            throw LifecycleError(step: "package", message: "\(relative): a file name the store cannot take")
        }
        return PackageSource(
            package: package, folderName: folder, manifest: manifest,
            warnings: Diagnostics(diagnostics.all.filter { $0.severity != .error }), files: files)
    }

    /// Where each file of the package goes in the store, and the files that cannot go there: a
    /// place the host keeps for itself (`store.db`, `var/addonhost/`), or a file where another
    /// file needs a folder, which only the theme mapping can make. Two files for one place (the
    /// same template shipped for several themes) are not an error: the responsive theme's copy
    /// wins, with a warning when the two differ.
    fileprivate static func placement(of package: AddonPackage, folder: String)
        -> (files: [(source: String, target: String)], problems: Diagnostics)
    {
        let others = otherAddons(in: package, besides: folder)
        var problems = Diagnostics()
        var candidates: [String: [String]] = [:]  // target → package-relative sources, in order
        func shown(_ relative: String) -> String { package.displayPath("\(package.root)/\(relative)") }
        // `package.files` holds regular files only (`AddonPackage` lists by `lstat`, and the
        // validator refused the links and special files): only the names are left to check.
        for relative in package.files {
            if skippedAtRoot.contains(relative) || belongsToOther(relative, others) { continue }
            var target = relative
            if relative.hasPrefix("var/themes_repository/") {
                let parts = relative.split(separator: "/", maxSplits: 3)
                guard parts.count == 4 else { continue }
                target = "design/themes/responsive/\(parts[3])"
            }
            if StoreLayout.isHostOwned(target) {
                problems.append(
                    Diagnostic(
                        "package.host-path", .error,
                        "\(shown(relative)) would go to \(target), which the host keeps for itself",
                        hint: "remove it from the package: store.db and var/addonhost/ belong to the store"))
                continue
            }
            candidates[target, default: []].append(relative)
        }
        var chosen: [String: String] = [:]  // target → the source installed there
        for (target, sources) in candidates.sorted(by: { $0.key < $1.key }) {
            // Ties go to the later file, as the copy did before.
            let winner = sources.enumerated().min {
                ($0.element.themePrecedence, -$0.offset) < ($1.element.themePrecedence, -$1.offset)
            }!.element
            chosen[target] = winner
            for loser in sources
            where loser != winner
                && !FileManager.default.contentsEqual(
                    atPath: "\(package.root)/\(winner)", andPath: "\(package.root)/\(loser)")
            {
                problems.append(
                    Diagnostic(
                        "package.same-target", .warning,
                        "\(shown(loser)) is not installed: \(shown(winner)), which differs, goes to \(target)",
                        hint:
                            "the store has one theme, responsive, whose copy wins; ship one copy, or the same text in each"
                    ))
            }
        }
        for target in chosen.keys.sorted() {
            for folder in RelativePath.ancestors(of: target) {
                guard let file = chosen[folder] else { continue }
                problems.append(
                    Diagnostic(
                        "package.target-clash", .error,
                        "\(shown(file)) goes to \(folder), where \(shown(chosen[target]!)) needs a folder",
                        hint: "var/themes_repository/<theme>/ goes to design/themes/responsive/: rename one of the two")
                )
            }
        }
        let targetOf = Dictionary(uniqueKeysWithValues: chosen.map { ($0.value, $0.key) })
        let files = package.files.compactMap { relative in targetOf[relative].map { (source: relative, target: $0) } }
        return (files, problems)
    }

    /// Add-ons beside this one in the package (the user named this one's addon.xml).
    private static func otherAddons(in package: AddonPackage, besides folder: String) -> Set<String> {
        Set(
            package.files.compactMap { path in
                let parts = path.split(separator: "/")
                guard parts.count == 4, parts[0] == "app", parts[1] == "addons", parts[3] == "addon.xml",
                    parts[2] != folder
                else { return nil }
                return String(parts[2])
            })
    }

    /// `…/addons/<other>/…` or `…/addons/<other>.po`: a file of another add-on of the package.
    private static func belongsToOther(_ path: String, _ others: Set<String>) -> Bool {
        guard !others.isEmpty else { return false }
        let parts = path.split(separator: "/")
        return zip(parts, parts.dropFirst()).contains {
            $0 == "addons"
                && (others.contains(String($1)) || others.contains(String($1.dropLast(3))) && $1.hasSuffix(".po"))
        }
    }
}

extension AddonPackage {
    /// What `addon validate` adds to the validator's findings: the files that cannot be placed in
    /// a store (the install refuses them too).
    public var placementFindings: Diagnostics {
        guard let folderName else { return Diagnostics() }
        return PackageSource.placement(of: self, folder: folderName).problems
    }
}

extension String {
    /// Which copy of a template wins a place (lower wins): the responsive theme's repository copy,
    /// then the file shipped in place, then other themes' copies.
    fileprivate var themePrecedence: Int {
        if hasPrefix("var/themes_repository/responsive/") { return 0 }
        return hasPrefix("design/themes/responsive/") ? 1 : 2
    }
}

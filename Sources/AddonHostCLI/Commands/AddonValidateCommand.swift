import ArgumentParsing
import Basics
import Foundation
import Languages
import Lifecycle
import Manifest
import PackageArchive

extension AddonHost {
    /// `addonhost addon validate PATH [--json]`.
    static var addonValidateCommand: CommandSpec {
        CommandSpec(
            "validate", abstract: "Check an add-on package or addon.xml and report every problem.",
            discussion: "PATH is a package folder (app/addons/<id>/addon.xml inside, possibly under one wrapper "
                + "folder), an addon.xml, or a .zip, .tgz or .gz archive of a package. Exit status 1 when there "
                + "are errors.",
            arguments: [ArgumentSpec("path", help: "The package folder, addon.xml or archive.")],
            options: [.json],
            handler: { invocation in
                let path = invocation.arguments.argument("path")!
                let (manifest, diagnostics) = try validate(path)
                let output = invocation.output
                if invocation.wantsJSON {
                    output.printJSON(
                        .object([
                            ("ok", .bool(!diagnostics.hasErrors)), ("manifest", manifest?.json ?? .null),
                            ("diagnostics", .array(diagnostics.sorted.map(DiagnosticPrinter.json))),
                            ("summary", .string(DiagnosticPrinter.summary(diagnostics))),
                        ]))
                } else {
                    output.print(DiagnosticPrinter.render(diagnostics))
                }
                return diagnostics.hasErrors ? ExitStatus.failure : ExitStatus.success
            })
    }

    /// Validates a package folder or addon.xml, or an archive extracted into a temporary folder
    /// (removed afterwards) whose files are then named `ARCHIVE:relative/path`.
    private static func validate(_ path: String) throws -> (AddonManifest?, Diagnostics) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            ArchiveReader.isSupported(path)
        else { return try validateFolder(path) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "addonhost-validate-\(UUID().uuidString.lowercased())"
        ).path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // The folder's absolute form first: its shown form may be a part of it.
        func named(_ diagnostic: Diagnostic) -> Diagnostic {
            diagnostic.showing(folder, as: path).showing(AddonPackage.displayPath(folder), as: path)
        }
        do {
            try ArchiveReader.extract(archive: path, into: folder)
            let (manifest, diagnostics) = try validateFolder(folder)
            return (manifest, Diagnostics(diagnostics.map(named)))
        } catch let error as Diagnostic {
            throw named(error)
        }
    }

    private static func validateFolder(_ path: String) throws -> (AddonManifest?, Diagnostics) {
        let package = try AddonPackage.open(at: path)
        var (manifest, diagnostics) = PackageValidator.check(package)
        diagnostics.append(contentsOf: package.placementFindings)
        // The .po cross-file checks need Gettext, which Manifest cannot import.
        if let manifest { diagnostics.append(contentsOf: LanguageService.packageFindings(package, manifest: manifest)) }
        return (manifest, diagnostics)
    }
}

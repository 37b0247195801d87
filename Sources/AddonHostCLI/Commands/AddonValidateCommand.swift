import ArgumentParsing
import Basics
import Languages
import Manifest

extension AddonHost {
    /// `addonhost addon validate PATH [--json]`.
    static var addonValidateCommand: CommandSpec {
        CommandSpec(
            "validate", abstract: "Check an add-on package or addon.xml and report every problem.",
            discussion: "PATH is a package folder (app/addons/<id>/addon.xml inside, possibly under one wrapper "
                + "folder) or an addon.xml. Exit status 1 when there are errors.",
            arguments: [ArgumentSpec("path", help: "The package folder or addon.xml.")],
            options: [.json],
            handler: { invocation in
                let path = invocation.arguments.argument("path")!
                let package = try AddonPackage.open(at: path)
                var (manifest, diagnostics) = PackageValidator.check(package)
                // The .po cross-file checks need Gettext, which Manifest cannot import.
                if let manifest { diagnostics.append(contentsOf: LanguageService.packageFindings(package, manifest: manifest)) }
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
}

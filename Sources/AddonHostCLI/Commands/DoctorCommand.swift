import ArgumentParsing
import Basics
import Lifecycle
import Store

extension AddonHost {
    /// `addonhost doctor [--json]`.
    static var doctorCommand: CommandSpec {
        CommandSpec(
            "doctor", abstract: "Check the store and say how to fix what is wrong.",
            discussion: "Checks the schema version, SQLite's integrity check, an interrupted operation, the files of "
                + "every installed add-on against the hashes recorded at install, and what add-ons no longer "
                + "installed left behind (settings, texts, hook index rows, tables). Changes nothing. Exit status 1 "
                + "when it finds a problem.",
            options: [.json]
        ) { invocation in
            let store = try Store.open(at: storePath(invocation))
            let report = StoreDoctor(store: store).examine()
            let output = invocation.output
            if invocation.wantsJSON {
                output.printJSON(report.json)
            } else if report.isHealthy {
                output.print("The store is healthy. Checked: \(report.checked.joined(separator: "; ")).")
            } else {
                output.print(DiagnosticPrinter.render(report.findings))
                output.print("\(DiagnosticPrinter.plural(report.findings.all.count, "problem")) found.")
            }
            return report.isHealthy ? ExitStatus.success : ExitStatus.failure
        }
    }
}

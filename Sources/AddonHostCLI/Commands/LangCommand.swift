import AddonSDK
import ArgumentParsing
import Basics
import Foundation
import Languages
import Lifecycle
import Store

extension AddonHost {
    /// `addonhost lang check|sync|export`: the translator's workflow on an add-on's .po files.
    static func langCommand(addons: [any NativeAddon]) -> CommandSpec {
        CommandSpec(
            "lang", abstract: "Check, re-import and export add-on language files (.po).",
            subcommands: [
                CommandSpec(
                    "check",
                    abstract: "Report missing, untranslated, fuzzy, obsolete and extra entries, broken placeholders, "
                        + "HTML tags and plural forms, header problems, and setting texts against addon.xml.",
                    discussion: "ID is an installed add-on (its files in the store); PATH is a package folder or its "
                        + "addon.xml. Exit status 1 when there are errors.",
                    arguments: [ArgumentSpec("target", help: "ID|PATH")], options: [.json]
                ) { invocation in
                    let target = invocation.arguments.argument("target") ?? ""
                    let report = try lifecycleFailure {
                        FileManager.default.fileExists(atPath: target)
                            ? try LanguageService.check(packageAt: target)
                            : try LanguageService(manager: try openManager(invocation, addons: addons)).check(
                                installed: target)
                    }
                    let diagnostics = report.diagnostics
                    if invocation.wantsJSON {
                        invocation.output.printJSON(
                            .object([
                                ("ok", .bool(!diagnostics.hasErrors)), ("addon", .string(report.addonID)),
                                ("default_language", .string(report.defaultLanguage)),
                                (
                                    "files",
                                    .object(report.files.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
                                ),
                                ("diagnostics", .array(diagnostics.sorted.map(DiagnosticPrinter.json))),
                                ("summary", .string(DiagnosticPrinter.summary(diagnostics))),
                            ]))
                    } else {
                        invocation.output.print(DiagnosticPrinter.render(diagnostics))
                    }
                    return diagnostics.hasErrors ? ExitStatus.failure : ExitStatus.success
                },
                CommandSpec(
                    "sync",
                    abstract: "Re-import an installed add-on's .po files from the store without reinstalling; texts an "
                        + "admin changed are kept and reported.",
                    arguments: [ArgumentSpec("id", help: "The add-on id.")], options: [.dryRun, .json]
                ) { invocation in
                    let service = LanguageService(manager: try openManager(invocation, addons: addons))
                    let dryRun = invocation.arguments.flag("--dry-run")
                    let report = try lifecycleFailure {
                        try service.sync(invocation.arguments.argument("id") ?? "", dryRun: dryRun)
                    }
                    if invocation.wantsJSON {
                        invocation.output.printJSON(
                            .object([
                                ("ok", .bool(true)), ("addon", .string(report.addonID)),
                                ("dry_run", .bool(report.dryRun)),
                                ("changes", .array(report.changes.map(changeJSON))),
                                ("warnings", .array(report.warnings.map(JSONValue.string))),
                            ]))
                        return ExitStatus.success
                    }
                    for warning in report.warnings { invocation.output.print("warning: \(warning)") }
                    for change in report.changes { invocation.output.print(changeLine(change)) }
                    let changed = report.changes.filter { [.updated, .added, .removed].contains($0.kind) }.count
                    let kept = report.changes.filter { [.kept, .keptRemoved].contains($0.kind) }.count
                    invocation.output.print(
                        (dryRun ? "(dry run: nothing was changed) " : "")
                            + "\(report.addonID): \(DiagnosticPrinter.plural(changed, "text")) "
                            + "\(dryRun ? "to change" : "changed"), \(kept) kept as an admin edited them.")
                    return ExitStatus.success
                },
                CommandSpec(
                    "export", abstract: "Write the store's current texts of an add-on in one language as a .po file.",
                    arguments: [ArgumentSpec("id", help: "The add-on id.")],
                    options: [
                        OptionSpec("--lang", valueName: "code", help: "The language (en, ru)."),
                        OptionSpec("--out", valueName: "file", help: "Write to this file instead of standard output."),
                    ]
                ) { invocation in
                    guard let language = invocation.arguments.value("--lang") else {
                        throw UsageError("lang export needs --lang CODE")
                    }
                    let manager = try openManager(invocation, addons: addons)
                    let text = try lifecycleFailure {
                        try LanguageService(manager: manager).export(
                            invocation.arguments.argument("id") ?? "", language: language)
                    }
                    if let out = invocation.arguments.value("--out") {
                        try writeOutput(text, to: out, store: manager.store.layout)
                    } else {
                        invocation.output.standardOutput(text)
                    }
                    return ExitStatus.success
                },
            ])
    }

    private static func changeLine(_ change: LanguageService.TextChange) -> String {
        let shown = { (text: String?) in text.map { "\"\($0)\"" } ?? "—" }
        switch change.kind {
        case .updated:
            return "updated  \(change.language) \(change.context): \(shown(change.before)) → \(shown(change.shipped))"
        case .added: return "added    \(change.language) \(change.context): \(shown(change.shipped))"
        case .kept:
            return
                "kept     \(change.language) \(change.context): admin's \(shown(change.before)) (file: \(shown(change.shipped)))"
        case .removed: return "removed  \(change.language) \(change.context)"
        case .keptRemoved:
            return
                "kept     \(change.language) \(change.context): admin's \(shown(change.before)) (no longer in the file)"
        case .skipped:
            return "skipped  \(change.language) \(change.context): no such setting in the store (reinstall to add it)"
        }
    }

    private static func changeJSON(_ change: LanguageService.TextChange) -> JSONValue {
        .object([
            ("kind", .string(change.kind.rawValue)), ("language", .string(change.language)),
            ("context", .string(change.context)),
            ("before", change.before.map(JSONValue.string) ?? .null),
            ("shipped", change.shipped.map(JSONValue.string) ?? .null),
        ])
    }
}

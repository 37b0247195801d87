import AddonSDK
import ArgumentParsing
import Basics
import Foundation
import Lifecycle
import Manifest
import Settings
import Store

extension AddonHost {
    static let storefrontOption = OptionSpec(
        "--storefront", valueName: "id",
        help: "Read or write the values of this storefront (its own, else the root ones).")
    static let languageOption = OptionSpec(
        "--lang", valueName: "code", help: "The language of labels (en, ru; default en).")

    /// `addonhost settings list|get|set`.
    static func settingsCommand(addons: [any NativeAddon]) -> CommandSpec {
        CommandSpec(
            "settings", abstract: "Show and change installed add-ons' settings.",
            subcommands: [
                CommandSpec(
                    "list",
                    abstract: "Show every section and setting of an add-on with its value, default and variants.",
                    arguments: [ArgumentSpec("id", help: "The add-on id.")],
                    options: [storefrontOption, languageOption, .json]
                ) { invocation in
                    let service = try openSettings(invocation, addons: addons)
                    let settings = try service.load(
                        invocation.arguments.argument("id") ?? "",
                        storefront: invocation.arguments.intValue("--storefront"),
                        language: invocation.arguments.value("--lang") ?? "en")
                    if invocation.wantsJSON {
                        invocation.output.printJSON(try settingsJSON(settings, service: service))
                    } else {
                        for line in try settingsText(settings, service: service) { invocation.output.print(line) }
                    }
                    return ExitStatus.success
                },
                CommandSpec(
                    "get", abstract: "Print one setting's value (passwords only as set or not set).",
                    arguments: [
                        ArgumentSpec("id", help: "The add-on id."), ArgumentSpec("name", help: "The setting name."),
                    ],
                    options: [storefrontOption, .json]
                ) { invocation in
                    let service = try openSettings(invocation, addons: addons)
                    let settings = try service.load(
                        invocation.arguments.argument("id") ?? "",
                        storefront: invocation.arguments.intValue("--storefront"))
                    let setting = try settings.require(invocation.arguments.argument("name") ?? "")
                    if invocation.wantsJSON {
                        invocation.output.printJSON(try settingJSON(setting, settings: settings, service: service))
                    } else {
                        invocation.output.print(setting.shown(setting.effectiveValue) ?? "")
                    }
                    return ExitStatus.success
                },
                CommandSpec(
                    "set",
                    abstract:
                        "Save settings as one form: all assignments are checked together, then saved together or not at all.",
                    discussion: """
                        Checkboxes take Y/N, yes/no, on/off, true/false or 1/0; list settings a variant id; multiple \
                        selects a comma list of variant ids. __NULL__ stores no value. A value may be env:NAME, kept \
                        as written and read from the environment only when used.
                        """,
                    arguments: [
                        ArgumentSpec("id", help: "The add-on id."),
                        ArgumentSpec("assignments", help: "NAME=VALUE …", isVariadic: true),
                    ],
                    options: [storefrontOption, .dryRun, .json]
                ) { invocation in
                    let service = try openSettings(invocation, addons: addons)
                    let dryRun = invocation.arguments.flag("--dry-run")
                    let save: SettingsSave
                    do {
                        save = try lifecycleFailure {
                            try service.save(
                                invocation.arguments.argument("id") ?? "",
                                assignments: invocation.arguments.arguments("assignments"),
                                storefront: invocation.arguments.intValue("--storefront"), dryRun: dryRun)
                        }
                    } catch let diagnostics as Diagnostics {
                        throw CommandFailure(
                            "nothing was saved (\(DiagnosticPrinter.plural(diagnostics.errors.count, "problem")))",
                            diagnostics: diagnostics)
                    }
                    if invocation.wantsJSON {
                        invocation.output.printJSON(save.json)
                        return ExitStatus.success
                    }
                    for line in save.lines { invocation.output.print(line) }
                    let scope = save.storefrontID.map { " for storefront \($0)" } ?? ""
                    invocation.output.print(
                        dryRun
                            ? "(dry run: nothing was saved)"
                            : "Saved \(DiagnosticPrinter.plural(save.entries.count, "setting")) of \(save.addonID)\(scope)."
                    )
                    return ExitStatus.success
                },
            ])
    }

    private static func openSettings(_ invocation: Invocation, addons: [any NativeAddon]) throws -> SettingsService {
        let store = try Store.open(at: storePath(invocation))
        // An interrupted install must be finished (or undone) before its settings are read.
        try AddonManager(
            store: store, host: HostInfo(coreVersion: coreVersion, edition: edition), addons: addons,
            environment: invocation.environment
        ).recoverIfNeeded()
        return SettingsService(store: store, addons: addons, environment: invocation.environment)
    }

    private static func settingsText(_ settings: AddonSettings, service: SettingsService) throws -> [String] {
        var lines = ["Settings of \(settings.addonID)" + (settings.storefrontID.map { " (storefront \($0))" } ?? "")]
        if settings.sections.isEmpty { lines.append("  (no settings)") }
        for section in settings.sections {
            lines.append("")
            lines.append("\(section.label) [\(section.name)]")
            for setting in section.settings {
                switch setting.type {
                case .header:
                    lines.append("  — \(setting.label) —")
                case .info:
                    let text = try service.infoText(setting, in: settings).map(plainText) ?? "(no handler registered)"
                    lines.append("  \(setting.label) [\(setting.name), info]: \(text)")
                default:
                    var line =
                        "  \(setting.label) [\(setting.name), \(setting.type.displayName)]: \(setting.displayed(setting.effectiveValue))"
                    if let variable = setting.environmentVariable {
                        line +=
                            setting.environmentValue == nil
                            ? " (from the setting; \(variable) is not set)"
                            : " (from \(variable) in the environment; the setting holds \(setting.displayed(setting.value)))"
                    }
                    if setting.storefrontValue != nil { line += " (this storefront's own value)" }
                    if setting.type.isSettable { line += "; default: \(defaultText(setting))" }
                    lines.append(line)
                    if !setting.variants.isEmpty {
                        lines.append(
                            "      variants: "
                                + setting.variants.map { "\($0.name) (\($0.label))" }.joined(separator: ", "))
                    }
                }
            }
        }
        return lines
    }

    private static func defaultText(_ setting: Setting) -> String {
        setting.defaultValue == nil ? "(none in addon.xml)" : setting.displayed(setting.defaultValue)
    }

    private static func settingsJSON(_ settings: AddonSettings, service: SettingsService) throws -> JSONValue {
        .object([
            ("addon", .string(settings.addonID)),
            ("status", .string(settings.status)),
            ("priority", .int(settings.priority)),
            ("storefront", settings.storefrontID.map { .int($0) } ?? .null),
            ("language", .string(settings.language)),
            (
                "sections",
                .array(
                    try settings.sections.map { section in
                        .object([
                            ("name", .string(section.name)), ("label", .string(section.label)),
                            ("type", .string(section.type)),
                            (
                                "settings",
                                .array(
                                    try section.settings.map {
                                        try settingJSON($0, settings: settings, service: service)
                                    })
                            ),
                        ])
                    })
            ),
        ])
    }

    private static func settingJSON(_ setting: Setting, settings: AddonSettings, service: SettingsService) throws
        -> JSONValue
    {
        var fields: [(String, JSONValue)] = [
            ("name", .string(setting.name)),
            ("type", .string(setting.type.displayName)),
            ("label", .string(setting.label)),
            ("value", setting.shown(setting.effectiveValue).map(JSONValue.string) ?? .null),
            ("source", .string(setting.valueSource)),
            ("default", setting.shown(setting.defaultValue).map(JSONValue.string) ?? .null),
            ("secret", .bool(setting.type.isSecret)),
            ("per_storefront", .bool(setting.isOverridable)),
            ("storefront_value", .bool(setting.storefrontValue != nil)),
            (
                "variants",
                .array(setting.variants.map { .object([("name", .string($0.name)), ("label", .string($0.label))]) })
            ),
        ]
        if let variable = setting.environmentVariable {
            fields.append(("environment_variable", .string(variable)))
            fields.append(("stored_value", setting.shown(setting.value).map(JSONValue.string) ?? .null))
        }
        if setting.type == .info {
            fields.append(("info", try service.infoText(setting, in: settings).map(JSONValue.string) ?? .null))
        }
        return .object(fields)
    }

    /// An info handler's HTML as a line of text.
    private static func plainText(_ html: String) -> String {
        html.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

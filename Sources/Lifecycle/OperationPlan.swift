public import Basics

/// Everything one lifecycle operation will do, computed before anything is changed. `--dry-run`
/// prints it; the operation executes exactly this plan, so the two cannot disagree.
public struct OperationPlan: Sendable {
    public enum Kind: String, Sendable {
        case install, reinstall, keepData = "keep-data", uninstall, enable, disable
    }

    public var kind: Kind
    public var addonID: String
    public var version: String
    /// Checks that passed (a plan exists only when every check passed).
    public var checks: [String] = []
    /// What the host will not do, said plainly (PHP-only functions, ignored queries).
    public var notes: [String] = []
    public var functions: [PlannedFunction] = []
    public var queries: [PlannedQuery] = []
    /// The `?:addons` row written (install) or the status set (enable/disable).
    public var addon: AddonRow?
    public var descriptions: [AddonDescription] = []
    public var settings: [PlannedSection] = []
    /// `edition_type` of the settings root section.
    public var settingsEditionType = "ROOT"
    /// Setting values to keep (by name) when the tree is rebuilt (`--keep-data`).
    public var keptValues: [String: String] = [:]
    public var languageValues: [LanguageValue] = []
    public var originalValues: [OriginalValue] = []
    /// Language variables and originals removed (uninstall).
    public var removedLanguageValues: [String] = []
    public var removedOriginals: [String] = []
    public var files: [PlannedFile] = []
    public var createdDirectories: [String] = []
    public var removedFiles: [String] = []
    public var removedDirectories: [String] = []
    public var hooks: [HookEntry] = []
    /// When set, the add-on is activated at the end (install with `<status>active</status>`).
    public var activate = false
    /// Statuses written (enable, disable, activation at install; conflicting add-ons disabled).
    public var statusChanges: [StatusChange] = []

    public init(kind: Kind, addonID: String, version: String) {
        self.kind = kind
        self.addonID = addonID
        self.version = version
    }
}

/// A `<functions>` item and how the host resolves it.
public struct PlannedFunction: Sendable, Hashable {
    public var mode: String
    public var name: String
    /// Compiled into the host (a `NativeAddon` registered it); otherwise PHP-only, not run.
    public var isNative: Bool
    public var location: SourceLocation?
}

/// A `<queries>` item: the text as written and the SQLite statements it became.
public struct PlannedQuery: Sendable, Hashable {
    public var mode: String
    public var original: String
    public var statements: [String]
    public var location: SourceLocation?
    /// Language-dependent data (`lang` + `table`), cloned to every language.
    public var language: String?
    public var table: String?
}

/// The `?:addons` row.
public struct AddonRow: Sendable, Hashable {
    public var status: String
    public var version: String
    public var priority: Int
    public var dependencies: [String]
    public var conflicts: [String]
    public var separate: Bool
    public var hasIcon: Bool
}

public struct AddonDescription: Sendable, Hashable {
    public var language: String
    public var name: String
    public var description: String
}

/// A text of a settings section, setting or variant in one language.
public struct LocalizedText: Sendable, Hashable {
    public var language: String
    public var value: String
    public var tooltip: String
}

/// A `<section>` (tab) of the settings tree and its items.
public struct PlannedSection: Sendable, Hashable {
    public var name: String
    public var position: Int
    /// `TAB` or `SEPARATE_TAB`.
    public var type: String
    public var editionType: String
    public var descriptions: [LocalizedText]
    public var items: [PlannedSetting]
}

public struct PlannedSetting: Sendable, Hashable {
    public var name: String
    /// CS-Cart's DB letter (`I`, `C`, …; empty for an unknown type).
    public var type: String
    public var position: Int
    public var editionType: String
    public var handler: String
    /// Name of the parent setting, resolved to its object id when written.
    public var parentName: String?
    public var value: String
    /// A password: its value is never printed.
    public var isSecret: Bool
    public var descriptions: [LocalizedText]
    public var variants: [PlannedVariant]
}

public struct PlannedVariant: Sendable, Hashable {
    public var name: String
    public var position: Int
    public var descriptions: [LocalizedText]
}

public struct LanguageValue: Sendable, Hashable {
    public var language: String
    public var name: String
    public var value: String
}

public struct OriginalValue: Sendable, Hashable {
    public var context: String
    public var text: String
}

/// A package file copied into the store.
public struct PlannedFile: Sendable, Hashable {
    /// Absolute path of the file in the package.
    public var source: String
    /// Path relative to the store root.
    public var target: String
    public var size: Int
    public var sha256: String
}

// MARK: - Text and JSON

extension OperationPlan {
    static let mask = "********"

    private func shown(_ setting: PlannedSetting, value: String) -> String {
        setting.isSecret && !value.isEmpty ? Self.mask : value
    }

    /// The plan as a person reads it (`--dry-run`).
    public var text: String {
        var lines = ["Plan: \(kind.rawValue) \(addonID) \(version)"]
        func section(_ title: String, _ items: [String]) {
            guard !items.isEmpty else { return }
            lines.append("")
            lines.append("\(title):")
            lines.append(contentsOf: items.map { "  " + $0 })
        }
        section("Checks passed", checks)
        section("Notes", notes)
        section(
            "Functions",
            functions.map {
                "\($0.mode): \($0.name) — "
                    + ($0.isNative ? "native, will run" : "PHP only, carried as a file, not run")
            })
        section(
            "SQL (\(queries.count) \(queries.count == 1 ? "query" : "queries"), translated to SQLite)",
            queries.flatMap { query in
                let place = query.location.map { " (\($0))" } ?? ""
                let lang = query.language.map { " [lang \($0), table \(query.table ?? "")]" } ?? ""
                return ["\(query.mode)\(place)\(lang):"] + query.statements.map { "  " + $0 }
            })
        if let addon {
            section(
                "Add-on row",
                [
                    "status \(addon.status), version \(addon.version), priority \(addon.priority)"
                        + (addon.dependencies.isEmpty
                            ? "" : ", dependencies \(addon.dependencies.joined(separator: ","))")
                        + (addon.conflicts.isEmpty ? "" : ", conflicts \(addon.conflicts.joined(separator: ","))")
                ])
        }
        section("Descriptions", descriptions.map { "[\($0.language)] \($0.name) — \($0.description)" })
        section(
            "Settings",
            settings.flatMap { tab in
                ["section \(tab.name) (\(tab.type), position \(tab.position), \(tab.editionType))"]
                    + tab.items.map { item in
                        let value =
                            keptValues[item.name].map { "kept \(shown(item, value: $0).debugDescription)" }
                            ?? shown(item, value: item.value).debugDescription
                        let variants =
                            item.variants.isEmpty
                            ? "" : ", variants \(item.variants.map(\.name).joined(separator: ","))"
                        return "  \(item.name) [\(item.type.isEmpty ? "-" : item.type)] = \(value)\(variants)"
                    }
            })
        section(
            "Language values (\(languageValues.count))",
            languageValues.map { "[\($0.language)] \($0.name) = \($0.value.debugDescription)" })
        section("Language values removed", removedLanguageValues)
        section("Originals removed", removedOriginals)
        section("Files copied (\(files.count))", files.map { "\($0.target) (\($0.size) bytes)" })
        section("Files removed (\(removedFiles.count))", removedFiles)
        section(
            "Template hooks",
            hooks.map { "\($0.hook) \($0.kind) ← \($0.template)" + ($0.targetAddon.map { " (with \($0))" } ?? "") })
        if activate { section("Status", ["activate (with conflict and dependency checks)"]) }
        section("Status changes", statusChanges.map { "\($0.addon) → \($0.status == "A" ? "active" : "disabled")" })
        return lines.joined(separator: "\n")
    }

    /// The plan as data (`--dry-run --json`).
    public var json: JSONValue {
        func location(_ location: SourceLocation?) -> JSONValue { location.map { .string($0.description) } ?? .null }
        func texts(_ items: [LocalizedText]) -> JSONValue {
            .array(
                items.map {
                    .object([
                        ("lang", .string($0.language)), ("value", .string($0.value)), ("tooltip", .string($0.tooltip)),
                    ])
                })
        }
        var fields: [(String, JSONValue)] = [
            ("kind", .string(kind.rawValue)), ("addon", .string(addonID)), ("version", .string(version)),
            ("checks", .array(checks.map(JSONValue.string))), ("notes", .array(notes.map(JSONValue.string))),
            (
                "functions",
                .array(
                    functions.map {
                        .object([
                            ("mode", .string($0.mode)), ("name", .string($0.name)), ("native", .bool($0.isNative)),
                            ("runs", .bool($0.isNative)), ("location", location($0.location)),
                        ])
                    })
            ),
            (
                "queries",
                .array(
                    queries.map {
                        .object([
                            ("mode", .string($0.mode)), ("original", .string($0.original)),
                            ("statements", .array($0.statements.map(JSONValue.string))),
                            ("location", location($0.location)),
                            ("lang", $0.language.map(JSONValue.string) ?? .null),
                            ("table", $0.table.map(JSONValue.string) ?? .null),
                        ])
                    })
            ),
        ]
        if let addon {
            fields.append(
                (
                    "addon_row",
                    .object([
                        ("status", .string(addon.status)), ("version", .string(addon.version)),
                        ("priority", .int(addon.priority)),
                        ("dependencies", .string(addon.dependencies.joined(separator: ","))),
                        ("conflicts", .string(addon.conflicts.joined(separator: ","))),
                        ("separate", .bool(addon.separate)), ("has_icon", .bool(addon.hasIcon)),
                    ])
                ))
        }
        fields.append(
            (
                "descriptions",
                .array(
                    descriptions.map {
                        .object([
                            ("lang", .string($0.language)), ("name", .string($0.name)),
                            ("description", .string($0.description)),
                        ])
                    })
            ))
        fields.append(
            (
                "settings",
                .array(
                    settings.map { tab in
                        .object([
                            ("section", .string(tab.name)), ("type", .string(tab.type)),
                            ("position", .int(tab.position)),
                            ("edition_type", .string(tab.editionType)), ("descriptions", texts(tab.descriptions)),
                            (
                                "items",
                                .array(
                                    tab.items.map { item in
                                        .object([
                                            ("name", .string(item.name)), ("type", .string(item.type)),
                                            ("position", .int(item.position)),
                                            ("edition_type", .string(item.editionType)),
                                            ("handler", .string(item.handler)),
                                            ("parent", item.parentName.map(JSONValue.string) ?? .null),
                                            ("value", .string(shown(item, value: keptValues[item.name] ?? item.value))),
                                            ("kept", .bool(keptValues[item.name] != nil)),
                                            ("secret", .bool(item.isSecret)),
                                            ("descriptions", texts(item.descriptions)),
                                            (
                                                "variants",
                                                .array(
                                                    item.variants.map {
                                                        .object([
                                                            ("name", .string($0.name)), ("position", .int($0.position)),
                                                            ("descriptions", texts($0.descriptions)),
                                                        ])
                                                    })
                                            ),
                                        ])
                                    })
                            ),
                        ])
                    })
            ))
        fields.append(
            (
                "language_values",
                .array(
                    languageValues.map {
                        .object([
                            ("lang", .string($0.language)), ("name", .string($0.name)), ("value", .string($0.value)),
                        ])
                    })
            ))
        fields.append(
            (
                "original_values",
                .array(originalValues.map { .object([("msgctxt", .string($0.context)), ("msgid", .string($0.text))]) })
            ))
        fields.append(("removed_language_values", .array(removedLanguageValues.map(JSONValue.string))))
        fields.append(("removed_originals", .array(removedOriginals.map(JSONValue.string))))
        fields.append(
            (
                "files",
                .array(
                    files.map {
                        .object([
                            ("target", .string($0.target)), ("size", .int($0.size)), ("sha256", .string($0.sha256)),
                        ])
                    })
            ))
        fields.append(("created_directories", .array(createdDirectories.map(JSONValue.string))))
        fields.append(("removed_files", .array(removedFiles.map(JSONValue.string))))
        fields.append(("removed_directories", .array(removedDirectories.map(JSONValue.string))))
        fields.append(("hooks", .array(hooks.map(\.json))))
        fields.append(("activate", .bool(activate)))
        fields.append(
            (
                "status_changes",
                .array(statusChanges.map { .object([("addon", .string($0.addon)), ("status", .string($0.status))]) })
            ))
        return .object(fields)
    }
}

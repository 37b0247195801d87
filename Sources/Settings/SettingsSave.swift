import AddonSDK
public import Basics
import Foundation
import Lifecycle
import Manifest
import SQLite
import Store

/// One save of an add-on's settings form: what each assigned setting becomes.
public struct SettingsSave: Sendable {
    public let addonID: String
    /// The storefront whose own values are written; nil when the root values are.
    public let storefrontID: Int?
    public let entries: [Entry]
    /// False for `--dry-run`.
    public let isApplied: Bool

    public struct Entry: Sendable {
        public let setting: Setting
        /// The value before the save, as the form showed it (storefront value, else root).
        public let oldValue: String?
        /// The stored form of the new value (nil: SQL NULL).
        public let newValue: String?
        public var isChanged: Bool { oldValue != newValue }
    }

    /// One line per assignment, passwords masked: `name: old → new`.
    public var lines: [String] {
        entries.map { entry in
            let old = entry.setting.displayed(entry.oldValue)
            let new = entry.setting.displayed(entry.newValue)
            let change = entry.isChanged ? "\(old) → \(new)" : "\(new) (unchanged)"
            return "\(entry.setting.name): \(change)"
        }
    }

    public var json: JSONValue {
        .object([
            ("addon", .string(addonID)),
            ("storefront", storefrontID.map { .int($0) } ?? .null),
            ("applied", .bool(isApplied)),
            (
                "settings",
                .array(
                    entries.map { entry in
                        .object([
                            ("name", .string(entry.setting.name)),
                            ("old", entry.setting.shown(entry.oldValue).map(JSONValue.string) ?? .null),
                            ("new", entry.setting.shown(entry.newValue).map(JSONValue.string) ?? .null),
                            ("changed", .bool(entry.isChanged)),
                        ])
                    })
            ),
        ])
    }
}

extension SettingsService {
    /// Saves `assignments` (`NAME=VALUE`) as one submission of the add-on's settings form.
    ///
    /// Every assignment is parsed and every validator the add-on registered sees the whole form;
    /// all problems are reported together (as `Diagnostics`) and then nothing is saved. Otherwise
    /// the values are written in one `BEGIN IMMEDIATE` transaction. All of it runs under the store's
    /// writer lock (`StoreLock`), and the change handlers of the
    /// settings whose value changed run inside it, before the commit: a handler that throws rolls
    /// the whole save back. (CS-Cart calls its action functions before each row is written; here
    /// they see the new values in the database and can still veto.) With `--storefront` the
    /// storefront's own values are written (`settings_vendor_values`) when the store has more than
    /// one storefront, else the root values, as CS-Cart 4.13 does (§3.5).
    ///
    /// Fault points (`TestHooks`, debug builds): `settings-parse`, `settings-write:<name>` after
    /// each row, `settings-handlers`, `settings-commit`.
    public func save(
        _ addonID: String, assignments: [String], storefront: Int? = nil, language: String = "en", dryRun: Bool = false
    ) throws -> SettingsSave {
        // The form is read and validated under the writer lock too: a save between this one's
        // validation and its write would make a form no validator saw.
        let lock =
            dryRun
            ? nil
            : try store.lock(
                operation: "settings set \(addonID)", timeout: StoreLock.timeout(environment: environment))
        defer { lock?.release() }
        let settings = try load(addonID, storefront: storefront, language: language)
        var diagnostics = Diagnostics()
        var assigned: [(setting: Setting, value: String?)] = []
        for (index, assignment) in assignments.enumerated() {
            guard let equals = assignment.firstIndex(of: "=") else {
                diagnostics.append(SettingsDiagnostics.malformedAssignment(position: index + 1))
                continue
            }
            let name = String(assignment[..<equals])
            let raw = String(assignment[assignment.index(after: equals)...])
            guard let setting = settings.setting(named: name) else {
                let known = settings.settings.filter(\.type.isSettable).map(\.name)
                diagnostics.append(SettingsDiagnostics.unknownSetting(name, addonID: settings.addonID, known: known))
                continue
            }
            if assigned.contains(where: { $0.setting.objectID == setting.objectID }) {
                diagnostics.append(SettingsDiagnostics.assignedTwice(setting))
                continue
            }
            guard setting.type.isSettable else {
                diagnostics.append(SettingsDiagnostics.notSettable(setting))
                continue
            }
            if storefront != nil && !setting.isOverridable {
                diagnostics.append(SettingsDiagnostics.notPerStorefront(setting))
                continue
            }
            switch Self.stored(raw, for: setting) {
            case .success(let value): assigned.append((setting, value))
            case .failure(let problem): diagnostics.append(problem)
            }
        }

        // The form after the save, as validators see it (CS-Cart's pre-controller pattern, §3.4).
        let current = settings.values
        var after = current.values
        for (setting, value) in assigned { after[setting.name] = value }
        let form = SettingsForm(
            values: SettingValues(values: after, secretNames: current.secretNames), current: current,
            submitted: Set(assigned.map(\.setting.name)),
            labels: Dictionary(settings.settings.map { ($0.name, $0.label) }) { first, _ in first })
        let redactor = redactor(for: settings, extra: assigned.filter(\.setting.type.isSecret).map(\.value))
        if let registration = registrations[settings.addonID] {
            let context = try contexts.context(
                settings.addonID, settings: current, language: language, storefront: storefront)
            for validator in registration.validators {
                for error in validator(form, context) {
                    let label = form.labels[error.field] ?? error.field
                    diagnostics.append(SettingsDiagnostics.rejected(label, error.field, redactor.redact(error.message)))
                }
            }
        }
        if diagnostics.hasErrors { throw diagnostics }
        try hooks.checkpoint("settings-parse")

        let target = try storefront != nil && storefronts().count > 1 ? storefront : nil
        let entries = assigned.map {
            SettingsSave.Entry(setting: $0.setting, oldValue: $0.setting.value, newValue: $0.value)
        }
        let save = SettingsSave(addonID: settings.addonID, storefrontID: target, entries: entries, isApplied: !dryRun)
        if dryRun { return save }

        let newValues = SettingValues(values: after, secretNames: current.secretNames)
        try database.transaction(.immediate) {
            for entry in entries {
                try write(entry, storefront: target)
                try hooks.checkpoint("settings-write:\(entry.setting.name)")
            }
            let handlers = registrations[settings.addonID]?.changeHandlers ?? [:]
            let context = try contexts.context(
                settings.addonID, settings: newValues, language: language, storefront: storefront)
            for entry in entries where entry.isChanged {
                guard let handler = handlers[entry.setting.name] else { continue }
                do {
                    try handler(
                        SettingChange(name: entry.setting.name, oldValue: entry.oldValue, newValue: entry.newValue),
                        context)
                } catch {
                    throw SettingsDiagnostics.changeHandlerFailed(
                        entry.setting, redactor.redact(String(describing: error)))
                }
            }
            try hooks.checkpoint("settings-handlers")
            // The last moment before COMMIT, whatever steps come before it.
            try hooks.checkpoint("settings-commit")
        }
        return save
    }

    private func write(_ entry: SettingsSave.Entry, storefront: Int?) throws {
        let value = DatabaseValue(entry.newValue)
        if let storefront {
            try database.execute(
                """
                INSERT OR REPLACE INTO \(table("settings_vendor_values")) (object_id, company_id, storefront_id, value)
                VALUES (?, 0, ?, ?)
                """, [.integer(entry.setting.objectID), DatabaseValue(storefront), value])
        } else {
            try database.execute(
                "UPDATE \(table("settings_objects")) SET value = ? WHERE object_id = ?",
                [value, .integer(entry.setting.objectID)])
        }
    }

    /// The stored form of what an admin typed for `setting` (spec §3.1), or the problem with it.
    static func stored(_ raw: String, for setting: Setting) -> Result<String?, Diagnostic> {
        if raw == SettingValueFormat.nullLiteral { return .success(nil) }
        let type = setting.type
        if type == .checkbox {
            guard let letter = SettingValueFormat.checkboxWords[raw.lowercased()] else {
                return .failure(SettingsDiagnostics.invalidCheckbox(setting, raw))
            }
            return .success(letter)
        }
        // Variants may also come from add-on code at render time (CS-Cart's dynamic variants);
        // with none in the store, any value is taken.
        let names = setting.variants.map(\.name)
        func variant(_ word: String) -> String? {
            names.first { $0 == word } ?? names.first { $0.lowercased() == word.lowercased() }
        }
        if type.choosesVariant {
            if names.isEmpty { return .success(raw) }
            if raw.isEmpty { return .failure(SettingsDiagnostics.emptyChoice(setting)) }
            guard let name = variant(raw) else { return .failure(SettingsDiagnostics.notAVariant(setting, raw)) }
            return .success(name)
        }
        if type.isMultiple {
            var chosen: [String] = []
            for word in raw.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !word.isEmpty {
                let name = names.isEmpty ? word : variant(word)
                guard let name else { return .failure(SettingsDiagnostics.notAVariant(setting, word)) }
                if !chosen.contains(name) { chosen.append(name) }
            }
            return .success(SettingValueFormat.serializeMultiple(chosen))
        }
        return .success(raw)
    }
}

public import AddonSDK
import Basics
import Foundation
import Lifecycle
import Manifest
import SQLite
public import Store
public import Templates

/// Reads and saves installed add-ons' settings the way CS-Cart's admin panel does, with the
/// checks CS-Cart leaves to each add-on made whole-form and typed (spec §3). Not `Sendable`: it
/// uses the store's connection.
public final class SettingsService {
    public let store: Store
    let registrations: [String: AddonRegistration]
    let environment: [String: String]
    /// Fault injection for tests (`ADDONHOST_TEST_FAIL_AT=settings-…`), as the lifecycle has.
    let hooks: TestHooks

    /// `addons` are the native add-ons compiled into the host: their validators, change handlers
    /// and info handlers are used for the settings of the add-on with the same id.
    public init(store: Store, addons: [any NativeAddon], environment: [String: String]) {
        self.store = store
        self.environment = environment
        self.hooks = TestHooks(environment: environment)
        registrations = AddonRegistration.byAddonID(addons)
    }

    var database: Database { store.database }
    /// The context native code runs with, as the lifecycle and pages build it.
    var contexts: AddonContextFactory { AddonContextFactory(store: store, environment: environment) }
    func table(_ name: String) -> String { store.tablePrefix + name }

    // MARK: Reading

    /// The add-on's settings form with values for `storefront` (nil: the root values) and labels
    /// in `language` (falling back to English, then to the setting's name).
    public func load(_ addonID: String, storefront: Int? = nil, language: String = "en") throws -> AddonSettings {
        if let storefront { try checkStorefront(storefront) }
        let addon = try database.rows(
            "SELECT addon, status, priority FROM \(table("addons")) WHERE addon = ?", [.text(addonID)]
        ).first
        let root = try database.rows(
            "SELECT section_id FROM \(table("settings_sections")) WHERE name = ? AND type = 'ADDON' AND parent_id = 0",
            [.text(addonID)]
        ).first?["section_id"].integer
        guard addon != nil || root != nil else { throw try unknownAddon(addonID) }
        let id = addon?["addon"].text ?? addonID
        let status = addon?["status"].text ?? "D"
        let priority = Int(addon?["priority"].integer ?? 0)
        guard let root else {
            return AddonSettings(
                addonID: id, status: status, priority: priority, storefrontID: storefront, language: language,
                sections: [])
        }

        let labels = try descriptions(root: root, language: language)
        let defaults = defaultValues(addonID: id)
        var variants: [Int64: [Setting.Variant]] = [:]
        for row in try database.rows(
            """
            SELECT v.variant_id, v.object_id, v.name FROM \(table("settings_variants")) v
            JOIN \(table("settings_objects")) o ON o.object_id = v.object_id
            WHERE o.section_id = ? ORDER BY v.position, v.variant_id
            """, [.integer(root)])
        {
            let name = row["name"].text ?? ""
            let label = labels["V", row["variant_id"].integer ?? 0]?.value ?? name
            variants[row["object_id"].integer ?? 0, default: []].append(Setting.Variant(name: name, label: label))
        }

        // The storefront's own value, as CS-Cart's `CASE WHEN … IS NOT NULL` reads it (§3.5);
        // Multi-Vendor has no per-company add-on values, so company_id is 0.
        let objects = try database.rows(
            """
            SELECT o.object_id, o.name, o.type, o.value, o.edition_type, o.handler, o.section_tab_id,
                   v.value AS storefront_value
            FROM \(table("settings_objects")) o
            LEFT JOIN \(table("settings_vendor_values")) v
                ON v.object_id = o.object_id AND v.company_id = 0 AND v.storefront_id = ?
            WHERE o.section_id = ? ORDER BY o.position, o.object_id
            """, [storefront.map(DatabaseValue.init) ?? .null, .integer(root)])
        let overrides = registrations[id]?.environmentOverrides ?? [:]
        var byTab: [Int64: [Setting]] = [:]
        for row in objects {
            let objectID = row["object_id"].integer ?? 0
            let name = row["name"].text ?? ""
            let editionType = row["edition_type"].text ?? ""
            let description = labels["O", objectID]
            var setting = Setting(
                objectID: objectID, name: name, type: SettingType(letter: row["type"].text ?? ""),
                label: description?.value ?? name, tooltip: description?.tooltip ?? "", editionType: editionType,
                handler: row["handler"].text ?? "", variants: variants[objectID] ?? [], rootValue: row["value"].text,
                storefrontValue: EditionType(editionType).isOverridable ? row["storefront_value"].text : nil,
                defaultValue: defaults[name])
            if let variable = overrides[name] {
                setting.environmentVariable = variable
                setting.environmentValue = environment[variable].flatMap { $0.isEmpty ? nil : $0 }
            }
            byTab[row["section_tab_id"].integer ?? 0, default: []].append(setting)
        }
        let sections = try database.rows(
            "SELECT section_id, name, type FROM \(table("settings_sections")) WHERE parent_id = ? ORDER BY position, section_id",
            [.integer(root)]
        ).map { row in
            let sectionID = row["section_id"].integer ?? 0
            let name = row["name"].text ?? ""
            return AddonSettings.Section(
                id: sectionID, name: name, label: labels["S", sectionID]?.value ?? name,
                type: row["type"].text ?? "TAB",
                settings: byTab[sectionID] ?? [])
        }
        return AddonSettings(
            addonID: id, status: status, priority: priority, storefrontID: storefront, language: language,
            sections: sections)
    }

    /// The add-on's current values as its code sees them, with the storefront's values applied.
    public func values(_ addonID: String, storefront: Int? = nil) throws -> SettingValues {
        if let storefront { try checkStorefront(storefront) }
        guard let stored = try storedValues(addon: addonID, storefront: storefront)[addonID.lowercased()] else {
            // No settings: still an error for an add-on the store does not know at all.
            let known = try database.scalar(
                """
                SELECT EXISTS (SELECT 1 FROM \(table("addons")) WHERE addon = ?)
                    OR EXISTS (SELECT 1 FROM \(table("settings_sections")) WHERE name = ? AND type = 'ADDON' AND parent_id = 0)
                """, [.text(addonID), .text(addonID)])?.integer
            guard known == 1 else { throw try unknownAddon(addonID) }
            return SettingValues(stored: [])
        }
        return SettingValues(stored: stored)
    }

    /// `$addons` of CS-Cart's templates (and `Registry::get('addons')`): for every installed
    /// add-on a map of its setting values (multi-values as maps, as `unserializeValue` gives them;
    /// headers left out) plus `status` and `priority`, as seen from `storefront`.
    public func addonsVariable(storefront: Int? = nil) throws -> Value {
        let installed = try database.rows(
            "SELECT addon, status, priority FROM \(table("addons")) ORDER BY priority, addon")
        if let storefront, !installed.isEmpty { try checkStorefront(storefront) }
        let stored = try storedValues(storefront: storefront)
        var addons = OrderedMap()
        for row in installed {
            guard let id = row["addon"].text else { continue }
            var map = OrderedMap()
            for setting in stored[id.lowercased()] ?? [] where setting.type != .header {
                map[setting.name] = Self.templateValue(setting.value, type: setting.type)
            }
            map["status"] = .string(row["status"].text ?? "D")
            map["priority"] = .int(Int(row["priority"].integer ?? 0))
            addons[id] = .map(map)
        }
        return .map(addons)
    }

    /// The values of add-ons' settings (every add-on's, or only `addon`'s) as `storefront` sees
    /// them, by lower-cased add-on id, in the order of their forms (tabs, then settings), read
    /// in one query: what `$addons` and native code need, without the labels, variants and
    /// `addon.xml` defaults of `load`. Settings outside the add-on's tabs are left out, as `load`
    /// leaves them out.
    func storedValues(addon: String? = nil, storefront: Int?) throws -> [String: [StoredValue]] {
        let rows = try database.rows(
            """
            SELECT s.section_id AS root, s.name AS addon, o.name, o.type, o.value, o.edition_type,
                   v.value AS storefront_value
            FROM \(table("settings_sections")) s
            JOIN \(table("settings_sections")) t ON t.parent_id = s.section_id
            JOIN \(table("settings_objects")) o ON o.section_id = s.section_id AND o.section_tab_id = t.section_id
            LEFT JOIN \(table("settings_vendor_values")) v
                ON v.object_id = o.object_id AND v.company_id = 0 AND v.storefront_id = ?
            WHERE s.type = 'ADDON' AND s.parent_id = 0 AND (?2 IS NULL OR s.name = ?2)
            ORDER BY s.section_id, t.position, t.section_id, o.position, o.object_id
            """, [storefront.map(DatabaseValue.init) ?? .null, addon.map(DatabaseValue.text) ?? .null])
        var result: [String: [StoredValue]] = [:]
        // `load` reads the first root section of a name; a second one of the same name is ignored.
        var roots: [String: Int64] = [:]
        var overridable: [String: Bool] = [:]
        for row in rows {
            let id = (row["addon"].text ?? "").lowercased()
            let root = row["root"].integer ?? 0
            guard roots[id, default: root] == root else { continue }
            roots[id] = root
            let editionType = row["edition_type"].text ?? ""
            let isOverridable = overridable[editionType] ?? EditionType(editionType).isOverridable
            overridable[editionType] = isOverridable
            let rootValue = row["value"].text
            result[id, default: []].append(
                StoredValue(
                    name: row["name"].text ?? "", type: SettingType(letter: row["type"].text ?? ""),
                    value: (isOverridable ? row["storefront_value"].text : nil) ?? rootValue))
        }
        return result
    }

    static func templateValue(_ stored: String?, type: SettingType) -> Value {
        guard let stored else { return .null }
        guard type.isMultiple, let pairs = SettingValueFormat.unserializeMultiple(stored, type: type) else {
            return .string(stored)
        }
        return .map(OrderedMap(pairs.map { ($0.key, Value.string($0.value)) }))
    }

    /// The HTML an `info` setting shows: the result of the add-on's registered handler named in
    /// `settings_objects.handler` (called with the arguments after the comma), or of CS-Cart's
    /// implicit `fn_settings_handlers_<ID>_<tab>_<name>` (tab left out when it is `main`). Nil
    /// when the add-on registered neither. Secret values are masked out of the result.
    public func infoText(_ setting: Setting, in settings: AddonSettings) throws -> String? {
        guard let registration = registrations[settings.addonID] else { return nil }
        let parts = setting.handler.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        var name = parts.first ?? ""
        if name.isEmpty {
            let tab =
                settings.sections.first { $0.settings.contains { $0.objectID == setting.objectID } }?.name ?? "main"
            name = "fn_settings_handlers_\(settings.addonID)_" + (tab == "main" ? "" : "\(tab)_") + setting.name
        }
        guard let handler = registration.infoHandlers[name] else { return nil }
        let context = try contexts.context(
            settings.addonID, settings: settings.values, language: settings.language, storefront: settings.storefrontID)
        return redactor(for: settings).redact(handler(Array(parts.dropFirst()), context))
    }

    // MARK: Checks

    /// The error for an add-on the store does not know, listing the installed ones.
    func unknownAddon(_ addonID: String) throws -> Diagnostic {
        let installed = try database.rows("SELECT addon FROM \(table("addons")) ORDER BY addon").compactMap {
            $0[0].text
        }
        return SettingsDiagnostics.unknownAddon(addonID, installed: installed)
    }

    /// The storefronts of the store, by id.
    func storefronts() throws -> [(Int, String)] {
        try database.rows("SELECT storefront_id, name FROM \(table("storefronts")) ORDER BY storefront_id").map {
            (Int($0["storefront_id"].integer ?? 0), $0["name"].text ?? "")
        }
    }

    func checkStorefront(_ id: Int) throws {
        let known = try storefronts()
        if !known.contains(where: { $0.0 == id }) { throw SettingsDiagnostics.unknownStorefront(id, known: known) }
    }

    // MARK: Support

    private struct Descriptions {
        var byKey: [String: (value: String, tooltip: String)] = [:]
        subscript(type: String, id: Int64) -> (value: String, tooltip: String)? { byKey["\(type)\(id)"] }
    }

    /// Labels of the add-on's tabs (`S`), settings (`O`) and variants (`V`) in `language`, else
    /// in English.
    private func descriptions(root: Int64, language: String) throws -> Descriptions {
        let rows = try database.rows(
            """
            SELECT d.object_id, d.object_type, d.lang_code, d.value, d.tooltip FROM \(table("settings_descriptions")) d
            WHERE (d.object_type = 'S' AND d.object_id IN (SELECT section_id FROM \(table("settings_sections")) WHERE parent_id = ?))
               OR (d.object_type = 'O' AND d.object_id IN (SELECT object_id FROM \(table("settings_objects")) WHERE section_id = ?))
               OR (d.object_type = 'V' AND d.object_id IN (
                    SELECT v.variant_id FROM \(table("settings_variants")) v
                    JOIN \(table("settings_objects")) o ON o.object_id = v.object_id WHERE o.section_id = ?))
            """, [.integer(root), .integer(root), .integer(root)])
        var result = Descriptions()
        for preferred in ["en", language.lowercased()] {
            for row in rows where (row["lang_code"].text ?? "").lowercased() == preferred {
                guard let value = row["value"].text, !value.isEmpty else { continue }
                let key = "\(row["object_type"].text ?? "")\(row["object_id"].integer ?? 0)"
                result.byKey[key] = (value, row["tooltip"].text ?? "")
            }
        }
        return result
    }

    /// `<default_value>`s from the installed add-on's addon.xml: CS-Cart keeps defaults nowhere
    /// else (the database has no default column). Empty when the file is missing or unreadable.
    func defaultValues(addonID: String) -> [String: String] {
        let path = "\(store.layout.addonsDirectory)/\(addonID)/addon.xml"
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        let (manifest, _) = ManifestReader.read(SourceFile(path: path, bytes: Array(data)), folderName: addonID)
        let items = manifest?.settings?.allItems ?? []
        return Dictionary(items.compactMap { item in item.defaultValue.map { (item.id, $0) } }) { first, _ in first }
    }

    /// Masks every password value (stored, and resolved from `env:`) of the given forms.
    func redactor(for settings: AddonSettings, extra: [String?] = []) -> Redactor {
        var secrets: [String] = extra.compactMap { $0 }
        for setting in settings.settings where setting.type.isSecret {
            secrets += [setting.rootValue, setting.storefrontValue].compactMap { $0 }
        }
        let resolved = secrets.compactMap { $0.hasPrefix("env:") ? environment[String($0.dropFirst(4))] : nil }
        return Redactor(secrets: secrets + resolved)
    }
}

/// Replaces secret values in text meant for people.
struct Redactor {
    let secrets: [String]

    init(secrets: [String]) {
        // Longest first, so that a secret containing another is masked whole.
        self.secrets = Set(secrets.filter { !$0.isEmpty }).sorted { $0.count > $1.count }
    }

    func redact(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingEvery($1, with: "(secret)") }
    }
}

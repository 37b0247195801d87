internal import Gettext
internal import SQLite
internal import Store

/// An installed add-on's texts in the store's CS-Cart tables, addressed by context
/// (`Languages::<name>`, `Addons::name::<id>`, `SettingsOptions::<id>::<setting>`, …).
struct StoreTexts {
    let store: Store
    let addonID: String
    /// Settings tree ids by name: tab sections, setting objects, variants (`setting::variant`).
    private var sectionIDs: [String: Int64] = [:]
    private var objectIDs: [String: Int64] = [:]
    private var variantIDs: [String: Int64] = [:]

    private var database: Database { store.database }
    private func table(_ name: String) -> String { store.tablePrefix + name }

    init(store: Store, addonID: String) throws {
        self.store = store
        self.addonID = addonID
        let root =
            "SELECT section_id FROM \(table("settings_sections")) WHERE name = ? AND type = 'ADDON' AND parent_id = 0"
        for row in try database.rows(
            "SELECT section_id, name FROM \(table("settings_sections")) WHERE parent_id IN (\(root))", [.text(addonID)])
        {
            sectionIDs[row["name"].text ?? ""] = row["section_id"].integer
        }
        for row in try database.rows(
            "SELECT object_id, name FROM \(table("settings_objects")) WHERE section_id IN (\(root))", [.text(addonID)])
        {
            objectIDs[row["name"].text ?? ""] = row["object_id"].integer
        }
        for row in try database.rows(
            """
            SELECT v.variant_id, v.name AS variant, o.name AS setting FROM \(table("settings_variants")) v
            JOIN \(table("settings_objects")) o ON o.object_id = v.object_id WHERE o.section_id IN (\(root))
            """, [.text(addonID)])
        {
            variantIDs["\(row["setting"].text ?? "")::\(row["variant"].text ?? "")"] = row["variant_id"].integer
        }
    }

    /// Where a context's text lives, or nil when the store has no such object (a setting the
    /// installed copy does not have) or the context is none of an add-on's kinds.
    enum Place: Hashable {
        case addonName, addonDescription
        case settingValue(objectID: Int64, type: String)
        case settingTooltip(objectID: Int64)
        case languageValue(name: String)

        /// The CS-Cart table (unprefixed) the text lives in.
        var table: String {
            switch self {
            case .addonName, .addonDescription: "addon_descriptions"
            case .settingValue, .settingTooltip: "settings_descriptions"
            case .languageValue: "language_values"
            }
        }
    }

    func place(_ context: String) -> Place? {
        switch CSCartLanguagePack.kind(of: context) {
        case .addonName(let addon) where addon == addonID: return .addonName
        case .addonDescription(let addon) where addon == addonID: return .addonDescription
        case .settingsSection(let addon, let section) where addon == addonID:
            return sectionIDs[section].map { .settingValue(objectID: $0, type: "S") }
        case .settingsOption(let addon, let setting) where addon == addonID:
            return objectIDs[setting].map { .settingValue(objectID: $0, type: "O") }
        case .settingsTooltip(let addon, let setting) where addon == addonID:
            return objectIDs[setting].map { .settingTooltip(objectID: $0) }
        case .settingsVariant(let addon, let setting, let variant) where addon == addonID:
            return variantIDs["\(setting)::\(variant)"].map { .settingValue(objectID: $0, type: "V") }
        case .languageVariable(let name): return .languageValue(name: name.lowercased())
        default: return nil
        }
    }

    /// The store's current text, nil when there is no row.
    func value(_ place: Place, language: String) throws -> String? {
        let lang = DatabaseValue.text(language)
        switch place {
        case .addonName, .addonDescription:
            let row = try database.rows(
                "SELECT name, description FROM \(table("addon_descriptions")) WHERE addon = ? AND lang_code = ?",
                [.text(addonID), lang]
            ).first
            return row.map { place == .addonName ? $0["name"].text ?? "" : $0["description"].text ?? "" }
        case .settingValue(let objectID, let type):
            return try settingDescription(objectID, type: type, language: language)?["value"].text
        case .settingTooltip(let objectID):
            return try settingDescription(objectID, type: "O", language: language)?["tooltip"].text
        case .languageValue(let name):
            return try database.scalar(
                "SELECT value FROM \(table("language_values")) WHERE lang_code = ? AND name = ?", [lang, .text(name)]
            ).map { $0.text ?? "" }
        }
    }

    private func settingDescription(_ objectID: Int64, type: String, language: String) throws -> Row? {
        try database.rows(
            "SELECT COALESCE(value, '') AS value, COALESCE(tooltip, '') AS tooltip FROM \(table("settings_descriptions")) "
                + "WHERE object_id = ? AND object_type = ? AND lang_code = ?",
            [.integer(objectID), .text(type), .text(language)]
        ).first
    }

    /// Writes a text (inside the caller's transaction), making the row when it is missing.
    func write(_ place: Place, language: String, value: String) throws {
        let lang = DatabaseValue.text(language)
        switch place {
        case .addonName, .addonDescription:
            let column = place == .addonName ? "name" : "description"
            try database.execute(
                """
                INSERT INTO \(table("addon_descriptions")) (addon, lang_code, \(column)) VALUES (?, ?, ?)
                ON CONFLICT (addon, lang_code) DO UPDATE SET \(column) = excluded.\(column)
                """, [.text(addonID), lang, .text(value)])
        case .settingValue(let objectID, let type):
            try database.execute(
                """
                INSERT INTO \(table("settings_descriptions")) (object_id, object_type, lang_code, value, tooltip) VALUES (?, ?, ?, ?, '')
                ON CONFLICT (object_id, object_type, lang_code) DO UPDATE SET value = excluded.value
                """, [.integer(objectID), .text(type), lang, .text(value)])
        case .settingTooltip(let objectID):
            try database.execute(
                """
                INSERT INTO \(table("settings_descriptions")) (object_id, object_type, lang_code, value, tooltip) VALUES (?, 'O', ?, '', ?)
                ON CONFLICT (object_id, object_type, lang_code) DO UPDATE SET tooltip = excluded.tooltip
                """, [.integer(objectID), lang, .text(value)])
        case .languageValue(let name):
            try database.execute(
                "INSERT OR REPLACE INTO \(table("language_values")) (lang_code, name, value) VALUES (?, ?, ?)",
                [lang, .text(name), .text(value)])
        }
    }

    /// Deletes a language variable in one language.
    func removeLanguageValue(_ name: String, language: String) throws {
        try database.execute(
            "DELETE FROM \(table("language_values")) WHERE lang_code = ? AND name = ?", [.text(language), .text(name)])
    }

    /// `?:original_values` (msgctxt → English msgid).
    func originals() throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try database.rows("SELECT msgctxt, msgid FROM \(table("original_values"))") {
            result[row["msgctxt"].text ?? ""] = row["msgid"].text ?? ""
        }
        return result
    }

    func writeOriginal(_ context: String, _ text: String) throws {
        try database.execute(
            "INSERT OR REPLACE INTO \(table("original_values")) (msgctxt, msgid) VALUES (?, ?)",
            [.text(context), .text(text)])
    }

    func removeOriginal(_ context: String) throws {
        try database.execute("DELETE FROM \(table("original_values")) WHERE msgctxt = ?", [.text(context)])
    }
}

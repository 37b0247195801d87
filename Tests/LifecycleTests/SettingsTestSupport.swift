import AddonSDK
import Foundation
import SQLite
import Settings
import TestSupport

/// A store database with one installed add-on, `sample`, whose settings tree is written the way
/// the lifecycle writes it (spec §1.5.5), covering every setting type.
final class SettingsFixture {
    let directory = TemporaryDirectory("settings-test")
    let database: Database

    init(storefronts: Int = 2) throws {
        database = try Database(path: directory.path + "/store.db")
        try Self.createTables(database)
        for id in 1...storefronts {
            try database.execute(
                "INSERT INTO cscart_storefronts (storefront_id, url, name, status, is_default) VALUES (?, ?, ?, 'Y', ?)",
                [DatabaseValue(id), .text("shop\(id).example.com"), .text("Shop \(id)"), id == 1 ? "Y" : "N"])
        }
        try plantSample()
    }

    func service(_ addons: [any NativeAddon] = [], environment: [String: String] = [:]) -> SettingsService {
        SettingsService(database: database, storeRoot: directory.path, addons: addons, environment: environment)
    }

    /// Every row of every table, in a stable order: "nothing was saved" means this is unchanged.
    func dump() throws -> String {
        try database.tableNames().map { name in
            try name + "\n" + database.rows("SELECT * FROM \(name) ORDER BY 1, 2, 3").map { row in
                row.values.map(\.description).joined(separator: "|")
            }.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    func rootValue(_ name: String) throws -> DatabaseValue? {
        try database.scalar("SELECT value FROM cscart_settings_objects WHERE name = ?", [.text(name)])
    }

    /// The settings tables of spec §2.8 in SQLite types. Replaced by `Store.create` when the
    /// store module lands.
    static func createTables(_ database: Database) throws {
        try database.execute(
            """
            CREATE TABLE cscart_addons (addon TEXT PRIMARY KEY COLLATE NOCASE, status TEXT NOT NULL DEFAULT 'A',
                version TEXT NOT NULL DEFAULT '', priority INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE cscart_settings_sections (section_id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL DEFAULT 0,
                edition_type TEXT NOT NULL DEFAULT '', name TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
                position INTEGER NOT NULL DEFAULT 0, type TEXT NOT NULL DEFAULT 'CORE');
            CREATE TABLE cscart_settings_objects (object_id INTEGER PRIMARY KEY, edition_type TEXT NOT NULL DEFAULT 'ROOT',
                name TEXT NOT NULL DEFAULT '' COLLATE NOCASE, section_id INTEGER NOT NULL DEFAULT 0,
                section_tab_id INTEGER NOT NULL DEFAULT 0, type TEXT NOT NULL DEFAULT 'I', value TEXT NULL,
                position INTEGER NOT NULL DEFAULT 0, is_global TEXT NOT NULL DEFAULT 'Y', handler TEXT NOT NULL DEFAULT '',
                parent_id INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE cscart_settings_variants (variant_id INTEGER PRIMARY KEY, object_id INTEGER NOT NULL DEFAULT 0,
                name TEXT NOT NULL DEFAULT '', position INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE cscart_settings_descriptions (object_id INTEGER NOT NULL DEFAULT 0,
                object_type TEXT NOT NULL DEFAULT 'O', lang_code TEXT NOT NULL DEFAULT '', value TEXT NULL, tooltip TEXT NULL,
                PRIMARY KEY (object_id, object_type, lang_code));
            CREATE TABLE cscart_settings_vendor_values (object_id INTEGER NOT NULL DEFAULT 0,
                company_id INTEGER NOT NULL DEFAULT 0, storefront_id INTEGER NOT NULL DEFAULT 0, value TEXT NULL,
                PRIMARY KEY (object_id, company_id, storefront_id));
            CREATE TABLE cscart_language_values (lang_code TEXT NOT NULL DEFAULT '', name TEXT NOT NULL DEFAULT '',
                value TEXT NULL, PRIMARY KEY (lang_code, name));
            CREATE TABLE cscart_storefronts (storefront_id INTEGER PRIMARY KEY, url TEXT NOT NULL DEFAULT '',
                name TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'Y', is_default TEXT NOT NULL DEFAULT 'N');
            """)
    }

    /// (name, letter, value, edition_type, handler, variants, English label, Russian label)
    typealias Item = (String, String, String?, String, String, [String], String, String)

    static let general: [Item] = [
        ("general_header", "H", "", "ROOT", "", [], "Connection", "Подключение"),
        ("checkclient_active", "C", "N", "ROOT", "", [], "Activate the service", "Активировать сервис"),
        ("partner_code", "I", "", "ROOT,STOREFRONT", "", [], "Partner code", "Код партнёра"),
        ("request_signature", "P", "", "ROOT,STOREFRONT", "", [], "Request signature", "Подпись запроса"),
        ("mode", "S", "test", "ROOT", "", ["live", "test"], "Mode", "Режим"),
        ("layout", "R", "wide", "ROOT", "", ["wide", "narrow"], "Layout", "Вид"),
        ("channels", "M", "#M#email=Y", "ROOT", "", ["email", "sms", "push"], "Channels", "Каналы"),
        ("columns", "N", "name", "ROOT", "", ["name", "phone"], "Columns", "Колонки"),
        ("picks", "B", "", "ROOT", "", ["p", "q"], "Picks", "Выбор"),
        ("notes", "T", "", "ROOT", "", [], "Notes", "Заметки"),
        ("token", "D", "t0", "ROOT", "", [], "Token", "Токен"),
        ("phone", "L", "", "ROOT", "", [], "Phone", "Телефон"),
        ("country", "X", "US", "ROOT", "", [], "Country", "Страна"),
        ("state", "W", "", "ROOT", "", [], "State", "Регион"),
        ("status_info", "O", "", "ROOT", "fn_sample_status,short", [], "Status", "Статус"),
        ("settings_template", "E", "panel.tpl", "ROOT", "", [], "Panel", "Панель"),
    ]
    static let advanced: [Item] = [
        ("show_empty_params", "C", "N", "ROOT,ULT:VENDOR,STOREFRONT", "", [], "Show empty params", "Показывать пустые")
    ]

    private func plantSample() throws {
        try database.execute("INSERT INTO cscart_addons (addon, status, priority) VALUES ('sample', 'A', 100)")
        try database.execute(
            "INSERT INTO cscart_settings_sections (parent_id, edition_type, name, type) VALUES (0, 'ROOT', 'sample', 'ADDON')")
        let root = database.lastInsertedRowID
        for (position, (tab, labels, items)) in [
            ("general", ("General", "Общие"), Self.general), ("advanced", ("Advanced", "Дополнительно"), Self.advanced),
        ].enumerated() {
            try database.execute(
                "INSERT INTO cscart_settings_sections (parent_id, edition_type, name, position, type) VALUES (?, 'ROOT', ?, ?, 'TAB')",
                [.integer(root), .text(tab), DatabaseValue(position * 10)])
            let tabID = database.lastInsertedRowID
            try describe(tabID, "S", labels.0, labels.1)
            for (index, item) in items.enumerated() {
                try database.execute(
                    """
                    INSERT INTO cscart_settings_objects
                        (edition_type, name, section_id, section_tab_id, type, value, position, is_global, handler)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'N', ?)
                    """,
                    [.text(item.3), .text(item.0), .integer(root), .integer(tabID), .text(item.1), DatabaseValue(item.2),
                     DatabaseValue(index * 10), .text(item.4)])
                let objectID = database.lastInsertedRowID
                try describe(objectID, "O", item.6, item.7)
                for (variantIndex, variant) in item.5.enumerated() {
                    try database.execute(
                        "INSERT INTO cscart_settings_variants (object_id, name, position) VALUES (?, ?, ?)",
                        [.integer(objectID), .text(variant), DatabaseValue(variantIndex * 10)])
                    try describe(database.lastInsertedRowID, "V", variant.capitalized, "RU " + variant)
                }
            }
        }
    }

    private func describe(_ id: Int64, _ type: String, _ english: String, _ russian: String) throws {
        for (language, text) in [("en", english), ("ru", russian)] {
            try database.execute(
                "INSERT INTO cscart_settings_descriptions (object_id, object_type, lang_code, value, tooltip) VALUES (?, ?, ?, ?, '')",
                [.integer(id), .text(type), .text(language), .text(text)])
        }
    }
}

/// The Customer reliability rule, written in this test as an add-on author would: when
/// "Activate the service" is on, "Partner code" and "Request signature" are mandatory.
struct MandatoryWhenActiveAddon: NativeAddon {
    let id = "sample"
    func register(_ registration: inout AddonRegistration) {
        registration.validator { form, _ in
            guard form.values.isOn("checkclient_active") else { return [] }
            return ["partner_code", "request_signature"].filter { (form.values[$0] ?? "").isEmpty }.map {
                FieldError(field: $0, message: "is required when \"\(form.labels["checkclient_active"] ?? "")\" is on")
            }
        }
        registration.infoHandler("fn_sample_status") { arguments, context in
            let signature = context.settings.resolved("request_signature", environment: context.environment) ?? ""
            return "<b>Connected</b> as \(context.settings["partner_code"] ?? "?") (\(arguments.joined(separator: ","))) key \(signature)"
        }
    }
}

import AddonSDK
import Foundation
import SQLite
import Settings
import Store
import TestSupport

/// A store with one installed add-on, `sample`, whose settings tree is written the way the
/// lifecycle writes it (spec §1.5.5), covering every setting type. Planted directly rather than
/// installed from a package so that every type and edition type appears in one form.
final class SettingsFixture {
    let directory = TemporaryDirectory("settings-test")
    let store: Store
    var database: Database { store.database }
    var root: String { store.root }

    init(storefronts: Int = 2) throws {
        store = try Store.create(at: directory.path + "/store")
        // A fresh store has storefront 1; add the others.
        for id in stride(from: 2, through: storefronts, by: 1) {
            try store.database.execute(
                "INSERT INTO cscart_storefronts (storefront_id, url, name, status, is_default) VALUES (?, ?, ?, 'Y', 'N')",
                [DatabaseValue(id), .text("shop\(id).example.com"), .text("Shop \(id)")])
        }
        try plantSample()
    }

    func service(_ addons: [any NativeAddon] = [], environment: [String: String] = [:]) -> SettingsService {
        SettingsService(store: store, addons: addons, environment: environment)
    }

    /// Every row of every table, sorted: "nothing was saved" means this is unchanged.
    func dump() throws -> String {
        try database.tableNames().map { name in
            let rows = try database.rows("SELECT * FROM \(name)").map { row in
                row.values.map(\.description).joined(separator: "|")
            }
            return ([name] + rows.sorted()).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    func rootValue(_ name: String) throws -> DatabaseValue? {
        try database.scalar("SELECT value FROM cscart_settings_objects WHERE name = ?", [.text(name)])
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
            "INSERT INTO cscart_settings_sections (parent_id, edition_type, name, type) VALUES (0, 'ROOT', 'sample', 'ADDON')"
        )
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
                    [
                        .text(item.3), .text(item.0), .integer(root), .integer(tabID), .text(item.1),
                        DatabaseValue(item.2),
                        DatabaseValue(index * 10), .text(item.4),
                    ])
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
            return
                "<b>Connected</b> as \(context.settings["partner_code"] ?? "?") (\(arguments.joined(separator: ","))) key \(signature)"
        }
    }
}

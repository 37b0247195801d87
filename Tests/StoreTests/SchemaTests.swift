import Foundation
import SQLite
import Store
import TestSupport
import Testing

/// The tables of spec §2.8, read from the spec itself: name, columns, primary-key columns.
struct SpecTable: CustomStringConvertible {
    var name: String
    var columns: [String]
    var primaryKey: [String]?
    var description: String { name }

    static func all() throws -> [SpecTable] {
        let spec = try String(contentsOf: TestPaths.shared.appendingPathComponent("cscart-spec.md"), encoding: .utf8)
        guard let start = spec.range(of: "### 2.8 Database tables"),
            let end = spec.range(of: "\n---", range: start.upperBound..<spec.endIndex)
        else { throw CocoaError(.fileReadCorruptFile) }
        var tables: [SpecTable] = []
        for line in spec[start.upperBound..<end.lowerBound].split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let name = backticked(cells[0])[0]
            if cells[1].hasPrefix("(Ultimate only)") { continue }  // `ult_language_values`: not this edition
            // A column starts the cell or follows ", "; other backticked words are values (`O` …).
            let columns = cells[1].matches(of: #/(?:^|, )`([a-z_]+)/#).map { String($0.output.1) }
            // "PK `addon`, KEY `priority`", "PK (`a`,`b`)", "PK `object_id`; KEYs …"; empty: not given.
            var key = cells.count > 2 ? cells[2] : ""
            if let range = key.range(of: ", KEY") { key = String(key[..<range.lowerBound]) }
            if let semicolon = key.firstIndex(of: ";") { key = String(key[..<semicolon]) }
            let primaryKey = key.hasPrefix("PK") ? backticked(key) : nil
            tables.append(SpecTable(name: name, columns: columns, primaryKey: primaryKey))
        }
        return tables
    }

    private static func backticked(_ text: String) -> [String] {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }
            .map { String($0.element) }
    }
}

struct SchemaTests {
    let folder = TemporaryDirectory()

    @Test func specListsTheTablesWeExpect() throws {
        let names = try SpecTable.all().map(\.name)
        #expect(names.count == 11)
        #expect(names.contains("settings_vendor_values") && names.contains("original_values"))
    }

    @Test(arguments: try SpecTable.all())
    func everySpecTableHasItsColumnsAndKey(_ table: SpecTable) throws {
        let store = try Store.create(at: folder.path + "/store")
        let info = try store.database.rows("PRAGMA table_info(\(store.tablePrefix)\(table.name))")
        #expect(!info.isEmpty, "table \(store.tablePrefix)\(table.name) is missing")
        #expect(info.compactMap { $0["name"].text } == table.columns)
        let primaryKey = info.filter { $0["pk"].integer ?? 0 > 0 }.sorted { $0["pk"].integer! < $1["pk"].integer! }
            .compactMap { $0["name"].text }
        if let expected = table.primaryKey { #expect(primaryKey == expected) }
    }

    @Test func specDefaultsAreKept() throws {
        let store = try Store.create(at: folder.path + "/store")
        let database = store.database
        try database.execute("INSERT INTO cscart_addons (addon) VALUES ('x')")
        try database.execute("INSERT INTO cscart_addon_data (addon) VALUES ('x')")
        try database.execute("INSERT INTO cscart_settings_objects (name) VALUES ('x')")
        try database.execute("INSERT INTO cscart_settings_descriptions (object_id, lang_code) VALUES (1, 'en')")
        try database.execute("INSERT INTO cscart_settings_vendor_values (object_id) VALUES (1)")
        #expect(try database.scalar("SELECT status FROM cscart_addons") == "A")
        #expect(try database.scalar("SELECT is_favorite FROM cscart_addon_data") == "N")
        let setting = try database.rows("SELECT edition_type, type, is_global FROM cscart_settings_objects")[0]
        #expect(setting.values == ["ROOT", "I", "Y"])
        #expect(try database.scalar("SELECT object_type FROM cscart_settings_descriptions") == "O")
        let override = try database.rows("SELECT company_id, storefront_id FROM cscart_settings_vendor_values")[0]
        #expect(override.values == [0, 0])
    }

    @Test func orderPageTablesHaveCSCartColumnsAndIndexes() throws {
        let store = try Store.create(at: folder.path + "/store")
        func columns(_ table: String) throws -> [String] {
            try store.database.rows("PRAGMA table_info(\(table))").compactMap { $0["name"].text }
        }
        #expect(try columns("cscart_storefronts") == ["storefront_id", "url", "name", "status", "is_default"])
        #expect(
            try columns("cscart_users") == [
                "user_id", "user_type", "status", "firstname", "lastname", "email", "phone", "storefront_id",
                "timestamp",
            ])
        #expect(
            try columns("cscart_orders") == [
                "order_id", "is_parent_order", "parent_order_id", "company_id", "user_id", "total", "subtotal",
                "discount",
                "shipping_cost", "timestamp", "status", "notes", "firstname", "lastname", "company", "email", "phone",
                "b_firstname", "b_lastname", "b_address", "b_city", "b_state", "b_country", "b_zipcode", "b_phone",
                "s_firstname", "s_lastname", "s_address", "s_city", "s_state", "s_country", "s_zipcode", "s_phone",
                "s_address_type", "payment_id", "lang_code", "storefront_id",
            ])
        let indexed = try store.database.rows("SELECT name FROM pragma_index_list('cscart_orders')")
            .flatMap { row in
                try store.database.rows("PRAGMA index_info(\(row[0].text!))").compactMap { $0["name"].text }
            }
        #expect(Set(indexed) == ["user_id", "status", "timestamp", "email"])
    }

    @Test func freshStoreHasLanguagesStatusesAndADefaultStorefront() throws {
        let store = try Store.create(at: folder.path + "/store")
        let database = store.database
        #expect(
            try database.rows("SELECT lang_code FROM cscart_languages ORDER BY lang_id").map { $0[0] } == ["en", "ru"])
        let statuses = try database.rows("SELECT status FROM cscart_statuses WHERE type = 'O' ORDER BY position")
        #expect(statuses.compactMap { $0[0].text } == ["O", "P", "C", "F", "D", "B", "I", "N", "Y"])
        let names = try database.rows(
            """
            SELECT d.lang_code, d.description FROM cscart_status_descriptions d
            JOIN cscart_statuses s USING (status_id) WHERE s.status = 'Y' ORDER BY d.lang_code
            """)
        #expect(names.map(\.values) == [["en", "Awaiting call"], ["ru", "Ожидает звонка"]])
        #expect(try database.scalar("SELECT count(*) FROM cscart_storefronts WHERE is_default = 'Y'") == 1)
    }

    @Test func storeIsInWALModeWithForeignKeysAndTheCSCartLayout() throws {
        let store = try Store.create(at: folder.path + "/store")
        #expect(try store.database.scalar("PRAGMA journal_mode") == "wal")
        #expect(try store.database.scalar("PRAGMA foreign_keys") == 1)
        for folder in [
            "app/addons", "design/backend/templates", "var/langs/en", "var/langs/ru", "var/addonhost/staging",
        ] {
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: store.root + "/" + folder, isDirectory: &isDirectory))
            #expect(isDirectory.boolValue, "\(folder)")
        }
        #expect(store.layout.databasePath == store.root + "/store.db")
    }

    @Test func nameLookupsIgnoreCaseAsMySQLDoes() throws {
        let store = try Store.create(at: folder.path + "/store")
        try store.database.execute(
            "INSERT INTO cscart_language_values (lang_code, name, value) VALUES ('en', 'Foo', 'x')")
        #expect(try store.database.scalar("SELECT value FROM cscart_language_values WHERE name = 'foo'") == "x")
        #expect(throws: DatabaseError.self) {
            try store.database.execute("INSERT INTO cscart_language_values (lang_code, name) VALUES ('EN', 'FOO')")
        }
    }
}

@Suite struct TextBindingTests {
    @Test func textWithANulByteRoundTripsWhole() throws {
        let database = try Database(path: ":memory:")
        try database.execute("CREATE TABLE t (value TEXT)")
        try database.execute("INSERT INTO t VALUES (?)", [.text("ab\u{0}cd Привет")])
        #expect(try database.scalar("SELECT value FROM t") == .text("ab\u{0}cd Привет"))
        #expect(try database.scalar("SELECT length(CAST(value AS BLOB)) FROM t") == .integer(18))
    }
}

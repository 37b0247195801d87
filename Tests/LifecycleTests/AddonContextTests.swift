import AddonSDK
import Lifecycle
import SQLite
import Store
import TestSupport
import Testing

/// An install function that writes what `__()` gives it for a greeting.
struct GreetingAddon: NativeAddon {
    let id = "sample"
    func register(_ registration: inout AddonRegistration) {
        registration.function("fn_sample_install") { context in
            try context.database.execute(
                context.sql("INSERT INTO ?:sample_items (title) VALUES (?)"),
                [.text(context.translate("sample.greeting", ["[who]": "Ann"]))])
        }
    }
}

@Suite struct AddonContextTests {
    @Test func languageTableTranslatesLikeCSCart() throws {
        let store = try TestStore()
        let database = try Store.open(at: store.root).database
        try database.execute(
            "INSERT INTO cscart_language_values (lang_code, name, value) VALUES ('en', 'Sample.Greeting', 'Hello, [who]!'), ('ru', 'sample.greeting', 'Привет, [who]!'), ('en', 'total', 'Sum')"
        )
        let english = try LanguageTable(
            language: "en", database: database, tablePrefix: "cscart_", defaults: ["total": "Total", "order": "Order"])
        #expect(english.translate("sample.greeting", ["[who]": "Ann"]) == "Hello, Ann!")
        #expect(english.translate("SAMPLE.GREETING", [:]) == "Hello, [who]!")
        #expect(english.translate("sample.missing", [:]) == "_sample.missing")
        #expect(english.text("sample.missing") == nil)
        #expect(english.text("total") == "Sum")  // the store's own text wins over the host's
        #expect(english.text("order") == "Order")
        let russian = try LanguageTable(language: "ru", database: database, tablePrefix: "cscart_")
        #expect(russian.translate("sample.greeting", ["[who]": "Аня"]) == "Привет, Аня!")
    }

    /// Install functions get the same `__()` as pages: names compare case-insensitively.
    @Test func installFunctionsTranslateWithTheStoresTexts() throws {
        let store = try TestStore()
        try Store.open(at: store.root).database.execute(
            "INSERT INTO cscart_language_values (lang_code, name, value) VALUES ('en', 'Sample.Greeting', 'Hello, [who]!')"
        )
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(
            in: packages, extra: "<functions><item for=\"install\">fn_sample_install</item></functions>")
        let manager = try store.manager(addons: [GreetingAddon()])
        _ = try manager.install(package)
        let titles = try manager.store.database.rows("SELECT title FROM cscart_sample_items ORDER BY item_id")
            .compactMap { $0["title"].text }
        #expect(titles == ["first", "Hello, Ann!"])
    }
}

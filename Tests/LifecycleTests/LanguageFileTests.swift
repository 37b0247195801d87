import Basics
import Foundation
import Lifecycle
import SQLite
import Store
import Testing
import TestSupport

private let englishPO = """
    msgid ""
    msgstr "Project-Id-Version: tygh\\n"
    "Content-Type: text/plain; charset=UTF-8\\n"
    "Language-Team: English\\n"
    "Language: en_US\\n"

    msgctxt "Addons::name::sample"
    msgid "Sample from PO"
    msgstr "Sample from PO"

    msgctxt "SettingsSections::sample::general"
    msgid "General"
    msgstr "General"

    msgctxt "SettingsOptions::sample::enabled"
    msgid "Enabled"
    msgstr "Enabled"

    msgctxt "SettingsTooltips::sample::enabled"
    msgid "Turns it on"
    msgstr "Turns it on"

    msgctxt "SettingsVariants::sample::mode::live"
    msgid "Live"
    msgstr "Live"

    msgctxt "Languages::sample.hello"
    msgid "Hello"
    msgstr "Hello"

    msgctxt "Languages::sample.only_en"
    msgid "Only in English"
    msgstr ""

    """

private func russianPO(language: String = "ru_RU", broken: Bool = false) -> String {
    """
    msgid ""
    msgstr "Project-Id-Version: tygh\\n"
    "Content-Type: text/plain; charset=UTF-8\\n"
    "Language-Team: Russian\\n"
    "Language: \(language)\\n"

    msgctxt "Addons::name::sample"
    msgid "Sample from PO"
    \(broken ? "msgstr \"Пример" : "msgstr \"Пример\"")

    msgctxt "SettingsOptions::sample::enabled"
    msgid "Enabled"
    msgstr "Включено"

    msgctxt "Languages::sample.hello"
    msgid "Hello"
    msgstr "Привет"

    """
}

@Suite struct LanguageFileTests {
    func package(in folder: TemporaryDirectory, russian: String) throws -> String {
        let package = try writeSamplePackage(in: folder)
        try folder.write("pkg-sample/var/langs/en/addons/sample.po", englishPO)
        try folder.write("pkg-sample/var/langs/ru/addons/sample.po", russian)
        return package
    }

    /// Each language's PO merged over the default language's: every installed language gets a row.
    @Test func poTextsAreInstalledWithCSCartsFallbackAndRemovedByUninstall() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try package(in: packages, russian: russianPO())
        let before = try store.snapshot()
        let manager = try store.manager()
        _ = try manager.install(package)
        let database = manager.store.database
        func value(_ sql: String) throws -> String? { try database.scalar(sql)?.text }
        #expect(try value("SELECT name FROM cscart_addon_descriptions WHERE addon = 'sample' AND lang_code = 'en'") == "Sample from PO")
        #expect(try value("SELECT name FROM cscart_addon_descriptions WHERE addon = 'sample' AND lang_code = 'ru'") == "Пример")
        let option = "SELECT d.value FROM cscart_settings_descriptions d JOIN cscart_settings_objects o ON o.object_id = d.object_id AND d.object_type = 'O' WHERE o.name = 'enabled' AND d.lang_code = "
        #expect(try value(option + "'ru'") == "Включено")
        #expect(try value(option + "'en'") == "Enabled")
        #expect(try value("SELECT d.tooltip FROM cscart_settings_descriptions d JOIN cscart_settings_objects o ON o.object_id = d.object_id AND d.object_type = 'O' WHERE o.name = 'enabled' AND d.lang_code = 'ru'") == "Turns it on")
        #expect(try value("SELECT d.value FROM cscart_settings_descriptions d JOIN cscart_settings_variants v ON v.variant_id = d.object_id AND d.object_type = 'V' WHERE v.name = 'live' AND d.lang_code = 'ru'") == "Live")
        #expect(try value("SELECT value FROM cscart_language_values WHERE name = 'sample.hello' AND lang_code = 'ru'") == "Привет")
        #expect(try value("SELECT value FROM cscart_language_values WHERE name = 'sample.only_en' AND lang_code = 'ru'") == "Only in English")
        #expect(try value("SELECT msgid FROM cscart_original_values WHERE msgctxt = 'SettingsTooltips::sample::enabled'") == "Turns it on")
        #expect(try value("SELECT msgid FROM cscart_original_values WHERE msgctxt = 'Languages::sample.hello'") == "Hello")
        #expect(try runProcess(TestPaths.binary.path, ["doctor", "--store", store.root]).status == 0)

        _ = try manager.uninstall("sample")
        #expect(try store.snapshot() == before)
    }

    @Test func aBrokenPoFileStopsTheInstallWithItsPlace() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try package(in: packages, russian: russianPO(broken: true))
        let before = try store.snapshot()
        let error = try #require(throws: LifecycleError.self) { try store.manager().install(package) }
        #expect(error.step == "language-files")
        let location = try #require(error.location)
        #expect(location.file.hasSuffix("var/langs/ru/addons/sample.po"))
        #expect(location.line == 9)
        #expect(location.column > 1)
        #expect(try store.snapshot() == before)

        let cli = try runProcess(TestPaths.binary.path, ["addon", "install", package, "--store", store.root])
        #expect(cli.status == 1)
        #expect(cli.standardError.contains("sample.po:9:"))
        #expect(try store.snapshot() == before)
    }

    /// §2.2 step 13: a header naming another language than the folder is reported; the texts are
    /// still written (step 16 does not check headers).
    @Test func aHeaderOfAnotherLanguageIsAWarning() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try package(in: packages, russian: russianPO(language: "en_US"))
        let result = try store.manager().install(package)
        #expect(result.warnings.contains { $0.contains("sample.po") && $0.contains("Language: en_US") })
        #expect(try Store.open(at: store.root).database.scalar(
            "SELECT value FROM cscart_language_values WHERE name = 'sample.hello' AND lang_code = 'ru'")?.text == "Привет")
    }
}

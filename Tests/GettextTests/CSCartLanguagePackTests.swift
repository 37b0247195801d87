import Basics
import Foundation
import Gettext
import TestSupport
import Testing

struct CSCartLanguagePackTests {
    @Test func splitsContextsIntoKinds() {
        #expect(CSCartLanguagePack.kind(of: "Languages::my.var") == .languageVariable(name: "my.var"))
        #expect(CSCartLanguagePack.kind(of: "Addons::name::shop") == .addonName(addon: "shop"))
        #expect(CSCartLanguagePack.kind(of: "Addons::description::shop") == .addonDescription(addon: "shop"))
        #expect(
            CSCartLanguagePack.kind(of: "SettingsSections::shop::general")
                == .settingsSection(addon: "shop", section: "general"))
        #expect(
            CSCartLanguagePack.kind(of: "SettingsOptions::shop::key") == .settingsOption(addon: "shop", setting: "key"))
        #expect(
            CSCartLanguagePack.kind(of: "SettingsTooltips::shop::key")
                == .settingsTooltip(addon: "shop", setting: "key"))
        #expect(
            CSCartLanguagePack.kind(of: "SettingsVariants::shop::mode::test")
                == .settingsVariant(addon: "shop", setting: "mode", variant: "test"))
        #expect(CSCartLanguagePack.kind(of: "ProfileFields::phone") == .profileField(name: "phone"))
        #expect(CSCartLanguagePack.kind(of: "SettingsOptions::shop") == .other("SettingsOptions::shop"))
    }

    /// `::` is taken left to right and empty parts count, as PHP's `explode('::', …)` does.
    @Test func splitsOddContextsAsExplodeDoes() {
        #expect(CSCartLanguagePack.kind(of: "") == .other(""))
        #expect(CSCartLanguagePack.kind(of: "Languages:::x") == .languageVariable(name: ":x"))
        #expect(CSCartLanguagePack.kind(of: "Languages::") == .languageVariable(name: ""))
        #expect(CSCartLanguagePack.kind(of: "Addons::name::") == .addonName(addon: ""))
        #expect(CSCartLanguagePack.kind(of: "Addons::::x") == .other("Addons::::x"))
        #expect(CSCartLanguagePack.kind(of: "LanguageName") == .languageName)
        #expect(CSCartLanguagePack.kind(of: "Languages::a:b::c") == .other("Languages::a:b::c"))
    }

    @Test func komtetDuplicateContextLastOneWinsWithAWarning() throws {
        let path = TestPaths.corpus.appendingPathComponent(
            "Komtet__komtetkassa-cs-cart/var/langs/ru/addons/rus_komtet_kassa.po"
        ).path
        let (catalog, parsed) = try parse(path: path)
        #expect(!parsed.hasErrors)
        let (pack, diagnostics) = CSCartLanguagePack.read(catalog, folderLanguage: "ru")
        let duplicate = try #require(diagnostics.warnings.first { $0.id == "po.duplicate-context" })
        #expect(duplicate.location?.line == 48)
        let value = try #require(pack.value(context: "SettingsOptions::rus_komtet_kassa::default_vat"))
        #expect(value.original == "Default VAT")
        #expect(pack.values.filter { $0.context == "SettingsOptions::rus_komtet_kassa::default_vat" }.count == 1)
        #expect(pack.languageCode == "ru" && pack.countryCode == "RU")
        #expect(pack.pluralRule?.nplurals == 4)
    }

    @Test func emptyMsgstrFallsBackToMsgid() {
        let (catalog, _) = parse(
            "msgid \"\"\nmsgstr \"Language-Team: English\\nLanguage: en_US\\n\"\n\nmsgctxt \"Languages::a\"\nmsgid \"Apple\"\nmsgstr \"\"\n"
        )
        let (pack, diagnostics) = CSCartLanguagePack.read(catalog, folderLanguage: "en")
        #expect(diagnostics.isEmpty)
        #expect(pack.values.first?.text == "Apple")
        #expect(pack.values.first?.isUntranslated == true)
    }

    @Test func headerLanguageMustMatchTheFolder() {
        let (catalog, _) = parse("msgid \"\"\nmsgstr \"Language-Team: English\\nLanguage: ru_RU\\n\"\n")
        #expect(CSCartLanguagePack.read(catalog, folderLanguage: "ru").1.isEmpty)
        let mismatch = CSCartLanguagePack.read(catalog, folderLanguage: "en").1
        #expect(mismatch.errors.map(\.id) == ["po.language-mismatch"])
        #expect(mismatch.errors.first?.location?.line == 2)
    }

    /// Found by the fuzzer: a language of `_` (or `_RU`) has an empty code, not none, and is
    /// reported as not the folder's; it was read as no part at all and crashed.
    @Test(arguments: ["_", "_RU", "__"])
    func aLanguageWithoutCodeIsAMismatch(_ language: String) {
        let (catalog, _) = parse("msgid \"\"\nmsgstr \"Language: \(language)\\n\"\n")
        let (pack, diagnostics) = CSCartLanguagePack.read(catalog, folderLanguage: "ru")
        #expect(pack.languageCode == "")
        #expect(diagnostics.errors.map(\.id) == ["po.language-mismatch"])
    }

    /// CS-Cart's pack meta needs lang_code, name (Language-Team) and country_code (spec §4.2).
    @Test(arguments: [
        ("Language-Team: Russian\\nLanguage: ru_RU", [String]()),
        ("Language-Team: Russian\\nLanguage: ru", ["po.country-missing"]),
        ("Language-Team: Russian\\nLanguage: ru_", ["po.country-missing"]),
        ("Language: ru_RU", ["po.language-team-missing"]),
        ("Language-Team: \\nLanguage: ru", ["po.country-missing", "po.language-team-missing"]),
    ])
    func aPackHeaderNeedsACountryAndALanguageTeam(_ header: String, _ expected: [String]) {
        let (catalog, _) = parse("msgid \"\"\nmsgstr \"\(header)\\n\"\n")
        let (_, diagnostics) = CSCartLanguagePack.read(catalog, folderLanguage: "ru")
        #expect(diagnostics.all.map(\.id.rawValue) == expected)
        #expect(diagnostics.allSatisfy { $0.severity == .warning && $0.location?.line == 2 })
        // Outside a langs folder the file is no CS-Cart pack: nothing to say.
        #expect(CSCartLanguagePack.read(catalog, folderLanguage: nil).1.isEmpty)
    }

    /// Every real pack (the corpus, Customer reliability's) has both: the warnings are no noise.
    @Test func realPacksHaveACountryAndALanguageTeam() throws {
        let own = ["en", "ru"].map {
            TestPaths.packageRoot.appendingPathComponent(
                "addons/customer_reliability/var/langs/\($0)/addons/customer_reliability.po"
            ).path
        }
        for path in corpusPoFiles() + own {
            let (catalog, _) = try parse(path: path)
            let (_, diagnostics) = CSCartLanguagePack.read(
                catalog, folderLanguage: CSCartLanguagePack.folderLanguage(ofPath: path))
            let header = diagnostics.filter {
                ["po.country-missing", "po.language-team-missing"].contains($0.id.rawValue)
            }
            #expect(header.isEmpty, "\(path): \(header)")
        }
    }

    /// The corpus's ru file whose header says `Language-Team: English` is still a Russian pack:
    /// CS-Cart reads the code from `Language` and only names the pack after `Language-Team`.
    @Test func languageTeamOnlyNamesThePack() throws {
        let path = TestPaths.corpus.appendingPathComponent(
            "dani32iz__public_addons_for_cscart/4.2.x/wholesale_price/var/langs/ru/addons/first_addon.po"
        ).path
        let (catalog, _) = try parse(path: path)
        #expect(CSCartLanguagePack.folderLanguage(ofPath: path) == "ru")
        let (pack, diagnostics) = CSCartLanguagePack.read(catalog, folderLanguage: "ru")
        #expect(!diagnostics.hasErrors)
        #expect(pack.languageCode == "ru" && pack.name == "English")
    }

    @Test func everyCorpusFileReadsWithoutDialectErrors() throws {
        for path in corpusPoFiles() {
            let (catalog, _) = try parse(path: path)
            let (pack, diagnostics) = CSCartLanguagePack.read(
                catalog, folderLanguage: CSCartLanguagePack.folderLanguage(ofPath: path))
            #expect(!diagnostics.hasErrors, "\(path): \(diagnostics.errors)")
            #expect(!pack.values.isEmpty || catalog.entries.isEmpty, "\(path)")
        }
    }

    @Test func pluralRulesOfTheStoreLanguages() throws {
        #expect(CSCartLanguagePack.pluralRule(forLanguage: "en")?.nplurals == 2)
        let ru = try #require(CSCartLanguagePack.pluralRule(forLanguage: "ru"))
        #expect(ru.nplurals == 3)
        #expect(try ru.form(for: 3) == 1)
    }
}

import Basics
import Foundation
import Gettext
import Languages
import Lifecycle
import Manifest
import SQLite
import Store
import TestSupport
import Testing

/// `LanguageService` on the langdemo fixture (en + ru, one of each translator problem).
@Suite struct LanguagesTests {
    static let fixture = TestPaths.fixtures("LifecycleTests").appendingPathComponent("lang/langdemo").path

    /// The findings of `lang check` as `id@file:line`.
    @Test func checkFindsEachKindAtItsLine() throws {
        let report = try LanguageService.check(packageAt: Self.fixture)
        let found = Set(
            report.diagnostics.map { d in
                "\(d.id.rawValue)@\((d.location?.file as NSString?)?.lastPathComponent ?? "-")/\(d.location.map { String($0.line) } ?? "-")"
            })
        let expected: Set<String> = [
            "lang.missing@langdemo.po/33", "lang.missing@langdemo.po/49",  // en lines (the default file)
            "lang.untranslated@langdemo.po/26", "lang.extra@langdemo.po/33",
            "lang.unknown-setting-context@langdemo.po/33",
            "lang.placeholders@langdemo.po/38", "lang.plural-forms@langdemo.po/42", "lang.html-tags@langdemo.po/46",
            "lang.fuzzy@langdemo.po/50", "lang.extra@langdemo.po/54", "lang.obsolete@langdemo.po/58",
            "lang.missing-setting-text@addon.xml/15",
        ]
        #expect(found == expected)
        #expect(report.diagnostics.hasErrors)
        // Missing entries are reported in the default language's file, the others in ru's.
        let missing = report.diagnostics.filter { $0.id.rawValue == "lang.missing" }
        #expect(missing.allSatisfy { $0.location?.file.contains("/en/") == true })
    }

    @Test func headerWithoutPluralFormsIsReportedWhenPluralsAreUsed() throws {
        let folder = TemporaryDirectory("lang")
        let root = folder.path + "/pkg"
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: root)
        let ru = root + "/var/langs/ru/addons/langdemo.po"
        var text = try String(contentsOfFile: ru, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"Plural-Forms: nplurals=3;", with: "\"X-Plural: nplurals=3;")
        try text.write(toFile: ru, atomically: true, encoding: .utf8)
        let report = try LanguageService.check(packageAt: root)
        let header = report.diagnostics.first { $0.id.rawValue == "lang.missing-plural-forms" }
        #expect(header?.location?.line == 2)
        // CS-Cart's rule for ru still counts the forms.
        #expect(report.diagnostics.contains { $0.id.rawValue == "lang.plural-forms" && $0.location?.line == 42 })
    }

    /// Pages pick a plural form by the language's rule, whatever the header says: two forms in
    /// a ru file whose header declares two are still two too few.
    @Test func pluralFormsAreCountedByTheLanguagesRuleNotTheHeaders() throws {
        let folder = TemporaryDirectory("lang")
        let root = folder.path + "/pkg"
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: root)
        let ru = root + "/var/langs/ru/addons/langdemo.po"
        var text = try String(contentsOfFile: ru, encoding: .utf8)
        let header = text.components(separatedBy: "\n").first { $0.hasPrefix("\"Plural-Forms:") }!
        text = text.replacingOccurrences(of: header, with: "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"")
        try text.write(toFile: ru, atomically: true, encoding: .utf8)
        let report = try LanguageService.check(packageAt: root)
        let forms = report.diagnostics.first { $0.id.rawValue == "lang.plural-forms" }
        #expect(forms?.location?.line == 42)
        #expect(forms?.message.contains("has 2 plural forms; ru has 3") == true)
    }

    /// HTML tags are compared form by form (the singular for the first form, the plural for the
    /// others): a Russian three-form translation of a two-form original keeps its tags in each
    /// form, and a form that drops them is reported. Before, the forms were compared joined.
    @Test(arguments: [false, true])
    func htmlTagsAreComparedPerPluralForm(gettextPlural: Bool) throws {
        let folder = TemporaryDirectory("lang")
        let root = folder.path + "/pkg"
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: root)
        func entry(_ context: String, _ original: [String], _ forms: [String]) -> String {
            let field = "msgctxt \"Languages::langdemo.\(context)\"\nmsgid \"\(original[0])\"\n"
            if gettextPlural {
                return field + "msgid_plural \"\(original[1])\"\n"
                    + forms.enumerated().map { "msgstr[\($0.offset)] \"\($0.element)\"\n" }.joined() + "\n"
            }
            return "msgctxt \"Languages::langdemo.\(context)\"\nmsgid \"\(original.joined(separator: "|"))\"\n"
                + "msgstr \"\(forms.joined(separator: "|"))\"\n\n"
        }
        let original = ["<b>[n]</b> item", "<b>[n]</b> items"]
        let english = try String(contentsOfFile: root + "/var/langs/en/addons/langdemo.po", encoding: .utf8)
        try (english + "\n" + entry("bold", original, original) + entry("dropped", original, original)).write(
            toFile: root + "/var/langs/en/addons/langdemo.po", atomically: true, encoding: .utf8)
        let russian = try String(contentsOfFile: root + "/var/langs/ru/addons/langdemo.po", encoding: .utf8)
        let added =
            entry("bold", original, ["<b>[n]</b> товар", "<b>[n]</b> товара", "<b>[n]</b> товаров"])
            + entry("dropped", original, ["<b>[n]</b> товар", "<b>[n]</b> товара", "[n] товаров"])
        try (russian + "\n" + added).write(
            toFile: root + "/var/langs/ru/addons/langdemo.po", atomically: true, encoding: .utf8)
        let report = try LanguageService.check(packageAt: root)
        let tags = report.diagnostics.filter { $0.id.rawValue == "lang.html-tags" && $0.message.contains("langdemo.") }
        #expect(tags.map(\.message).filter { $0.contains("bold") }.isEmpty)
        let dropped = tags.filter { $0.message.contains("langdemo.dropped") }
        #expect(dropped.count == 1)
        #expect(dropped.first?.message.contains("plural form 2") == true)
        #expect(!report.diagnostics.contains { $0.id.rawValue == "lang.plural-forms" && $0.message.contains("bold") })
    }

    @Test func validateReportsTheCrossFileFindings() throws {
        let package = try AddonPackage.open(at: Self.fixture)
        let (manifest, _) = PackageValidator.check(package)
        let findings = LanguageService.packageFindings(package, manifest: try #require(manifest))
        #expect(Set(findings.map(\.id.rawValue)) == ["lang.missing-setting-text", "lang.unknown-setting-context"])
    }

    // MARK: sync and export on a real store

    final class Installed {
        let store = try! TestStore()
        let manager: AddonManager
        let service: LanguageService
        var database: Database { manager.store.database }
        var ruFile: String { store.root + "/var/langs/ru/addons/langdemo.po" }
        var enFile: String { store.root + "/var/langs/en/addons/langdemo.po" }

        init() throws {
            manager = try store.manager()
            _ = try manager.install(LanguagesTests.fixture)
            service = LanguageService(manager: manager)
        }

        func value(_ language: String, _ name: String) throws -> String? {
            try database.scalar(
                "SELECT value FROM cscart_language_values WHERE lang_code = ? AND name = ?",
                [.text(language), .text(name)]
            )?.text
        }

        func label(_ language: String, setting: String) throws -> String? {
            try database.scalar(
                """
                SELECT d.value FROM cscart_settings_descriptions d JOIN cscart_settings_objects o
                ON o.object_id = d.object_id AND d.object_type = 'O' WHERE o.name = ? AND d.lang_code = ?
                """, [.text(setting), .text(language)])?.text
        }

        func edit(_ path: String, _ replacements: [(String, String)]) throws {
            var text = try String(contentsOfFile: path, encoding: .utf8)
            for (old, new) in replacements {
                #expect(text.contains(old))
                text = text.replacingOccurrences(of: old, with: new)
            }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    @Test func syncUpdatesTranslatorEditsKeepsAdminEditsAddsAndRemoves() throws {
        let installed = try Installed()
        #expect(try installed.value("ru", "langdemo.greeting") == "Привет, [user]!")
        // An admin edits one Russian text in the store.
        try installed.database.execute(
            "UPDATE cscart_language_values SET value = 'Админ: руководство' WHERE lang_code = 'ru' AND name = 'langdemo.link'"
        )
        // The translator edits the .po files in the store.
        try installed.edit(
            installed.ruFile,
            [
                ("msgstr \"Привет, [user]!\"", "msgstr \"Здравствуйте, [name]!\""),
                (
                    "msgstr \"Читайте <a href=\\\"[url]\\\">руководство</a><br>\"",
                    "msgstr \"Читайте <a href=\\\"[url]\\\">справку</a>\""
                ),
                ("msgstr \"Включено\"", "msgstr \"Включён\""),
                ("msgctxt \"Languages::langdemo.extra\"", "msgctxt \"Languages::langdemo.farewell\""),
            ])
        try installed.edit(
            installed.enFile,
            [
                (
                    "msgctxt \"Languages::langdemo.only_en\"\nmsgid \"Only in English\"\nmsgstr \"Only in English\"\n",
                    "msgctxt \"Languages::langdemo.farewell\"\nmsgid \"Extra\"\nmsgstr \"Extra\"\n"
                )
            ])

        let dry = try installed.service.sync("langdemo", dryRun: true)
        #expect(!dry.changes.isEmpty)
        #expect(try installed.value("ru", "langdemo.greeting") == "Привет, [user]!")

        let report = try installed.service.sync("langdemo")
        func kind(_ language: String, _ context: String) -> LanguageService.TextChange.Kind? {
            report.changes.first { $0.language == language && $0.context == context }?.kind
        }
        #expect(kind("ru", "Languages::langdemo.greeting") == .updated)
        #expect(kind("ru", "Languages::langdemo.link") == .kept)
        #expect(kind("ru", "SettingsOptions::langdemo::enabled") == .updated)
        #expect(kind("en", "Languages::langdemo.farewell") == .added)
        #expect(kind("en", "Languages::langdemo.only_en") == .removed)
        #expect(try installed.value("ru", "langdemo.greeting") == "Здравствуйте, [name]!")
        #expect(try installed.value("ru", "langdemo.link") == "Админ: руководство")
        #expect(try installed.value("ru", "langdemo.farewell") == "Лишнее")
        #expect(try installed.value("en", "langdemo.farewell") == "Extra")
        #expect(try installed.value("en", "langdemo.only_en") == nil)
        #expect(try installed.value("ru", "langdemo.only_en") == "Только по-английски")
        #expect(try installed.label("ru", setting: "enabled") == "Включён")

        // A second sync changes nothing and still keeps the admin's text.
        let again = try installed.service.sync("langdemo")
        #expect(again.changes.map(\.kind) == [.kept])
    }

    @Test func exportRoundTripsThroughTheParserAndMsgfmt() throws {
        let installed = try Installed()
        try installed.database.execute(
            "UPDATE cscart_language_values SET value = 'Строка с \"кавычками\"\nи переводом' WHERE lang_code = 'ru' AND name = 'langdemo.title'"
        )
        let text = try installed.service.export("langdemo", language: "ru")
        let (catalog, diagnostics) = PoParser.parse(SourceFile(path: "export.po", text: text))
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)")
        #expect(catalog.header["Language"] == "ru_RU")
        #expect(catalog.header["Plural-Forms"]?.hasPrefix("nplurals=3;") == true)
        #expect(catalog.header.charset == "UTF-8")
        let (pack, _) = CSCartLanguagePack.read(catalog, folderLanguage: "ru")
        #expect(pack.value(context: "Languages::langdemo.greeting")?.original == "Hello, [name]!")
        #expect(pack.value(context: "Languages::langdemo.greeting")?.text == "Привет, [user]!")
        #expect(pack.value(context: "Languages::langdemo.title")?.text == "Строка с \"кавычками\"\nи переводом")
        #expect(pack.value(context: "SettingsOptions::langdemo::enabled")?.text == "Включено")
        #expect(pack.value(context: "SettingsVariants::langdemo::mode::test")?.original == "Test")
        #expect(pack.value(context: "Addons::name::langdemo")?.text == "Демо языков")

        if commandExists("msgfmt") {
            let folder = TemporaryDirectory("lang-export")
            let path = try folder.write("ru.po", text)
            let result = try runProcess("msgfmt", ["--check", "-o", "/dev/null", path])
            #expect(result.status == 0, "\(result.standardError)")
        }
    }

    // MARK: the binary

    func run(_ arguments: [String], store: String) throws -> ProcessResult {
        let binary = TestPaths.binary.path
        try #require(
            FileManager.default.isExecutableFile(atPath: binary),
            "build the binary first: swift build --product addonhost")
        var environment = ProcessInfo.processInfo.environment
        environment["ADDONHOST_STORE"] = store
        return try runProcess(binary, arguments, environment: environment)
    }

    @Test func cliCheckSyncExport() throws {
        let installed = try Installed()
        let check = try run(["lang", "check", Self.fixture, "--json"], store: installed.store.root)
        #expect(check.status == 1)
        let json = try JSONValue.parse(check.standardOutput)
        #expect(json["ok"] == .bool(false))
        #expect(check.standardOutput.contains("lang.plural-forms"))
        let installedCheck = try run(["lang", "check", "langdemo"], store: installed.store.root)
        #expect(installedCheck.status == 1)
        #expect(installedCheck.standardOutput.contains("var/langs/ru/addons/langdemo.po:42:1: error:"))

        try installed.edit(installed.ruFile, [("msgstr \"Привет, [user]!\"", "msgstr \"Здравствуйте, [name]!\"")])
        let dry = try run(["lang", "sync", "langdemo", "--dry-run"], store: installed.store.root)
        #expect(dry.status == 0)
        #expect(dry.standardOutput.contains("updated  ru Languages::langdemo.greeting"))
        #expect(try installed.value("ru", "langdemo.greeting") == "Привет, [user]!")
        let sync = try run(["lang", "sync", "langdemo"], store: installed.store.root)
        #expect(sync.status == 0, "\(sync.standardError)")
        #expect(try installed.value("ru", "langdemo.greeting") == "Здравствуйте, [name]!")

        let out = installed.store.folder.path + "/ru.po"
        let export = try run(["lang", "export", "langdemo", "--lang", "ru", "--out", out], store: installed.store.root)
        #expect(export.status == 0, "\(export.standardError)")
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("msgstr \"Здравствуйте, [name]!\""))
        let usage = try run(["lang", "export", "langdemo"], store: installed.store.root)
        #expect(usage.status == 64)
        // A mistyped --out never replaces the store's own files.
        let database = installed.store.root + "/store.db"
        for target in [database, installed.store.root + "/var/addonhost/lock"] {
            let refused = try run(
                ["lang", "export", "langdemo", "--lang", "ru", "--out", target], store: installed.store.root)
            #expect(refused.status == 1)
            #expect(refused.standardError.contains("is the store's own file"))
            let page = try run(["render", "order", "1", "--out", target], store: installed.store.root)
            #expect(page.status == 1)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)).prefix(15) == Data("SQLite format 3".utf8))
        #expect(try installed.value("ru", "langdemo.greeting") == "Здравствуйте, [name]!")
        let validate = try run(["addon", "validate", Self.fixture], store: installed.store.root)
        #expect(validate.standardOutput.contains("lang.unknown-setting-context"))
    }
}

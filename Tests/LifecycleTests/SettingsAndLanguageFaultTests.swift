import AddonSDK
import Foundation
import Languages
import Lifecycle
import SQLite
import Settings
import Store
import TestSupport
import Testing

/// `settings set` and `lang sync` failing at each of their steps (`ADDONHOST_TEST_FAIL_AT`, the
/// lifecycle's test hook, honoured by debug builds): the command exits 1 naming the step, and the
/// store — database dump and file tree with hashes — is byte for byte as before.
@Suite struct SettingsAndLanguageFaultTests {
    func run(_ arguments: [String], store: TestStore, failAt step: String? = nil) throws -> ProcessResult {
        let binary = TestPaths.binary.path
        try #require(
            FileManager.default.isExecutableFile(atPath: binary),
            "build the binary first: swift build --product addonhost")
        var environment = ProcessInfo.processInfo.environment
        environment["ADDONHOST_STORE"] = store.root
        environment["ADDONHOST_TEST_FAIL_AT"] = step
        return try runProcess(binary, arguments, environment: environment)
    }

    func expectFailure(_ result: ProcessResult, at step: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, "exit \(result.status): \(result.standardError)", sourceLocation: sourceLocation)
        #expect(
            result.standardError.contains("Error: \(step): injected failure (ADDONHOST_TEST_FAIL_AT)"),
            "\(result.standardError)", sourceLocation: sourceLocation)
    }

    // MARK: settings set

    static let assignments = ["settings", "set", "sample", "enabled=N", "api_key=new-key", "mode=test"]

    func installedSample() throws -> TestStore {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        _ = try store.manager().install(try writeSamplePackage(in: packages))
        return store
    }

    @Test(arguments: [
        "settings-parse", "settings-write:enabled", "settings-write:api_key", "settings-write:mode",
        "settings-handlers", "settings-commit",
    ])
    func settingsSetFailingAtEachStepChangesNothing(step: String) throws {
        let store = try installedSample()
        let before = try store.snapshot()
        expectFailure(try run(Self.assignments, store: store, failAt: step), at: step)
        #expect(try store.snapshot() == before)
    }

    /// The same save without a fault does change the store (so the tests above see real writes).
    @Test func settingsSetWithoutAFaultSaves() throws {
        let store = try installedSample()
        let before = try store.snapshot()
        let result = try run(Self.assignments, store: store)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try store.snapshot() != before)
    }

    /// A change handler's own writes are rolled back with the save.
    struct WritingHandlerAddon: NativeAddon {
        let id = "sample"
        func register(_ registration: inout AddonRegistration) {
            registration.onChange(of: "mode") { change, context in
                try context.database.execute(
                    "INSERT INTO cscart_language_values (lang_code, name, value) VALUES ('en', 'sample.mode_was', ?)",
                    [.text(change.oldValue ?? "")])
            }
        }
    }

    @Test(arguments: ["settings-handlers", "settings-commit"])
    func aChangeHandlersWritesAreRolledBack(step: String) throws {
        let store = try installedSample()
        let before = try store.snapshot()
        let manager = try store.manager()
        let failing = SettingsService(
            store: manager.store, addons: [WritingHandlerAddon()], environment: ["ADDONHOST_TEST_FAIL_AT": step])
        let error = try #require(throws: LifecycleError.self) {
            try failing.save("sample", assignments: ["mode=test"])
        }
        #expect(error.step == step)
        #expect(try store.snapshot() == before)

        let saving = SettingsService(store: manager.store, addons: [WritingHandlerAddon()], environment: [:])
        _ = try saving.save("sample", assignments: ["mode=test"])
        #expect(
            try manager.store.database.scalar(
                "SELECT value FROM cscart_language_values WHERE name = 'sample.mode_was'")?.text == "live")
    }

    // MARK: lang sync

    /// langdemo installed, then its .po files in the store edited so that a sync writes every kind
    /// of text: language values (updated, added, removed), the add-on's name, setting labels.
    func editedLangdemo() throws -> TestStore {
        let store = try TestStore()
        _ = try store.manager().install(LanguagesTests.fixture)
        func edit(_ language: String, _ replacements: [(String, String)]) throws {
            let path = store.root + "/var/langs/\(language)/addons/langdemo.po"
            var text = try String(contentsOfFile: path, encoding: .utf8)
            for (old, new) in replacements {
                try #require(text.contains(old), "\(path) has no \(old)")
                text = text.replacingOccurrences(of: old, with: new)
            }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        try edit(
            "ru",
            [
                ("msgstr \"Привет, [user]!\"", "msgstr \"Здравствуйте, [name]!\""),
                ("msgstr \"Демо языков\"", "msgstr \"Языковое демо\""),
                ("msgstr \"Включено\"", "msgstr \"Включён\""),
            ])
        try edit(
            "en",
            [
                (
                    "msgctxt \"Languages::langdemo.only_en\"\nmsgid \"Only in English\"\nmsgstr \"Only in English\"\n",
                    "msgctxt \"Languages::langdemo.farewell\"\nmsgid \"Bye\"\nmsgstr \"Bye\"\n"
                )
            ])
        return store
    }

    @Test(arguments: [
        "lang-read", "lang-write:language_values", "lang-write:addon_descriptions",
        "lang-write:settings_descriptions", "lang-remove", "lang-originals", "lang-shipped", "lang-commit",
    ])
    func langSyncFailingAtEachStepChangesNothing(step: String) throws {
        let store = try editedLangdemo()
        let before = try store.snapshot()
        expectFailure(try run(["lang", "sync", "langdemo"], store: store, failAt: step), at: step)
        #expect(try store.snapshot() == before)
    }

    @Test func langSyncWithoutAFaultWritesEveryKind() throws {
        let store = try editedLangdemo()
        let before = try store.snapshot()
        let result = try run(["lang", "sync", "langdemo"], store: store)
        #expect(result.status == 0, "\(result.standardError)")
        for line in [
            "updated  ru Languages::langdemo.greeting", "updated  ru Addons::name::langdemo",
            "updated  ru SettingsOptions::langdemo::enabled", "added    en Languages::langdemo.farewell",
            "removed  en Languages::langdemo.only_en",
        ] {
            #expect(result.standardOutput.contains(line), "\(result.standardOutput)")
        }
        #expect(try store.snapshot() != before)
    }
}

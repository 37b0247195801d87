import AddonSDK
import Basics
import Foundation
import SQLite
import Settings
import Templates
import TestSupport
import Testing

/// The problems a rejected save reports (it must throw `Diagnostics`).
func rejection(_ body: () throws -> Void) -> [Diagnostic] {
    do {
        try body()
    } catch let diagnostics as Diagnostics {
        return diagnostics.all
    } catch let diagnostic as Diagnostic {
        return [diagnostic]
    } catch {
        Issue.record("unexpected error \(error)")
        return []
    }
    Issue.record("the save was accepted")
    return []
}

@Suite struct SettingsTypeTests {
    @Test(arguments: [
        ("Y", "Y"), ("yes", "Y"), ("ON", "Y"), ("true", "Y"), ("1", "Y"),
        ("n", "N"), ("No", "N"), ("off", "N"), ("FALSE", "N"), ("0", "N"),
    ])
    func checkboxAcceptsOnOffWords(typed: String, stored: String) throws {
        let fixture = try SettingsFixture()
        try database(fixture, set: "show_empty_params=Y")
        _ = try fixture.service().save("sample", assignments: ["show_empty_params=\(typed)"])
        #expect(try fixture.rootValue("show_empty_params") == .text(stored))
    }

    @Test(arguments: ["maybe", "", "yess", "2"])
    func checkboxRejectsOtherWords(typed: String) throws {
        let fixture = try SettingsFixture()
        let before = try fixture.dump()
        let problems = rejection {
            _ = try fixture.service().save("sample", assignments: ["checkclient_active=\(typed)"])
        }
        #expect(problems.map(\.id) == ["settings.invalid-value"])
        #expect(problems.first?.message.contains("\"Activate the service\" (checkclient_active)") == true)
        #expect(try fixture.dump() == before)
    }

    @Test(arguments: [("mode", "live", "live"), ("mode", "TEST", "test"), ("layout", "narrow", "narrow")])
    func singleChoiceTakesAVariant(name: String, typed: String, stored: String) throws {
        let fixture = try SettingsFixture()
        _ = try fixture.service().save("sample", assignments: ["\(name)=\(typed)"])
        #expect(try fixture.rootValue(name) == .text(stored))
    }

    @Test(arguments: [("mode", "prod", "live (Live), test (Test)"), ("layout", "", "wide (Wide), narrow (Narrow)")])
    func singleChoiceRejectsOthersListingTheVariants(name: String, typed: String, variants: String) throws {
        let fixture = try SettingsFixture()
        let before = try fixture.dump()
        let problems = rejection { _ = try fixture.service().save("sample", assignments: ["\(name)=\(typed)"]) }
        #expect(problems.map(\.id) == ["settings.invalid-value"])
        #expect(problems.first?.hint == "the variants are: \(variants)")
        #expect(try fixture.dump() == before)
    }

    @Test(arguments: [
        ("channels", "email, sms", "#M#email=Y&sms=Y", "email,sms"), ("channels", "push,push", "#M#push=Y", "push"),
        ("channels", "", "", ""), ("columns", "phone,name", "#M#phone=Y&name=Y", "phone,name"),
        ("picks", "Q", "#M#q=Y", "q"),
    ])
    func multipleValuesAreStoredSerialized(name: String, typed: String, stored: String, shown: String) throws {
        let fixture = try SettingsFixture()
        _ = try fixture.service().save("sample", assignments: ["\(name)=\(typed)"])
        #expect(try fixture.rootValue(name) == .text(stored))
        let setting = try fixture.service().load("sample").setting(named: name)
        #expect(setting?.shown(setting?.value) == shown)
    }

    @Test(arguments: [("channels", "email,fax"), ("columns", "address"), ("picks", "p,z")])
    func multipleValuesMustBeVariants(name: String, typed: String) throws {
        let fixture = try SettingsFixture()
        let before = try fixture.dump()
        let problems = rejection { _ = try fixture.service().save("sample", assignments: ["\(name)=\(typed)"]) }
        #expect(problems.map(\.id) == ["settings.invalid-value"])
        #expect(try fixture.dump() == before)
    }

    @Test(arguments: ["partner_code", "request_signature", "notes", "token", "phone", "country", "state"])
    func textTypesAreStoredAsTyped(name: String) throws {
        let fixture = try SettingsFixture()
        _ = try fixture.service().save("sample", assignments: ["\(name)=a b=c, d"])
        #expect(try fixture.rootValue(name) == .text("a b=c, d"))
    }

    @Test(arguments: ["general_header", "status_info", "settings_template"])
    func headersInfoAndTemplatesCannotBeSet(name: String) throws {
        let fixture = try SettingsFixture()
        let before = try fixture.dump()
        let problems = rejection { _ = try fixture.service().save("sample", assignments: ["\(name)=x"]) }
        #expect(problems.map(\.id) == ["settings.not-settable"])
        #expect(problems.first?.message.contains("cannot be set") == true)
        #expect(try fixture.dump() == before)
    }

    @Test func nullLiteralStoresSQLNull() throws {
        let fixture = try SettingsFixture()
        _ = try fixture.service().save("sample", assignments: ["mode=__NULL__", "checkclient_active=__NULL__"])
        #expect(try fixture.rootValue("mode") == .null)
        #expect(try fixture.rootValue("checkclient_active") == .null)
    }

    @Test func unknownNameListsTheRealOnes() throws {
        let fixture = try SettingsFixture()
        let problems = rejection { _ = try fixture.service().save("sample", assignments: ["modee=live"]) }
        #expect(problems.map(\.id) == ["settings.unknown-setting"])
        #expect(problems.first?.hint?.contains("checkclient_active, partner_code, request_signature, mode,") == true)
        #expect(problems.first?.hint?.contains("general_header") == false)
    }

    @Test func namesAreCaseInsensitiveAsInMySQL() throws {
        let fixture = try SettingsFixture()
        _ = try fixture.service().save("sample", assignments: ["MODE=live"])
        #expect(try fixture.rootValue("mode") == .text("live"))
    }

    private func database(_ fixture: SettingsFixture, set assignment: String) throws {
        // Start from the opposite value so that every accepted word is a change.
        let flipped = assignment.hasSuffix("=Y") ? "N" : "Y"
        try fixture.database.execute(
            "UPDATE cscart_settings_objects SET value = ? WHERE name = 'show_empty_params'", [.text(flipped)])
    }
}

@Suite struct SettingsFormTests {
    @Test func oneBadFieldSavesNothingAndEveryProblemIsReported() throws {
        let fixture = try SettingsFixture()
        let before = try fixture.dump()
        let problems = rejection {
            _ = try fixture.service().save(
                "sample",
                assignments: ["partner_code=P-1", "mode=prod", "checkclient_active=perhaps", "notes=hello", "nope=1"])
        }
        #expect(problems.map(\.id) == ["settings.invalid-value", "settings.invalid-value", "settings.unknown-setting"])
        #expect(try fixture.dump() == before)
    }

    @Test func mandatoryWhenActiveNamesBothFieldsAndSavesNothing() throws {
        let fixture = try SettingsFixture()
        let service = fixture.service([MandatoryWhenActiveAddon()])
        let before = try fixture.dump()
        let problems = rejection { _ = try service.save("sample", assignments: ["checkclient_active=Y"]) }
        #expect(problems.map(\.id) == ["settings.rejected", "settings.rejected"])
        #expect(
            problems.map(\.message) == [
                "\"Partner code\" (partner_code): is required when \"Activate the service\" is on",
                "\"Request signature\" (request_signature): is required when \"Activate the service\" is on",
            ])
        #expect(try fixture.dump() == before)

        // The validator sees the whole form: the current values count too.
        _ = try service.save("sample", assignments: ["partner_code=P-1"])
        let again = rejection { _ = try service.save("sample", assignments: ["checkclient_active=Y"]) }
        #expect(
            again.map(\.message) == [
                "\"Request signature\" (request_signature): is required when \"Activate the service\" is on"
            ])
        _ = try service.save("sample", assignments: ["checkclient_active=on", "request_signature=s3cret"])
        #expect(try fixture.rootValue("checkclient_active") == .text("Y"))
    }

    @Test func typeErrorsAndValidatorErrorsComeTogether() throws {
        let fixture = try SettingsFixture()
        let problems = rejection {
            _ = try fixture.service([MandatoryWhenActiveAddon()]).save(
                "sample", assignments: ["checkclient_active=Y", "mode=x"])
        }
        #expect(problems.map(\.id) == ["settings.invalid-value", "settings.rejected", "settings.rejected"])
    }

    struct Recorder: NativeAddon {
        let id = "sample"
        func register(_ registration: inout AddonRegistration) {
            registration.onChange(of: "mode") { change, context in
                // Runs inside the save's transaction and sees the new values.
                try context.database.execute(
                    "INSERT INTO cscart_language_values (lang_code, name, value) VALUES ('en', 'mode_change', ?)",
                    [
                        .text(
                            "\(change.oldValue ?? "nil")->\(change.newValue ?? "nil") \(context.settings["notes"] ?? "")"
                        )
                    ])
            }
            registration.onChange(of: "layout") { change, _ in
                if change.newValue == "narrow" { throw Refusal() }
            }
        }
        struct Refusal: Error, CustomStringConvertible { var description: String { "narrow is not supported" } }
    }

    @Test func changeHandlersRunOnlyForChangedValues() throws {
        let fixture = try SettingsFixture()
        let service = fixture.service([Recorder()])
        _ = try service.save("sample", assignments: ["mode=test", "notes=n1"])
        #expect(try fixture.database.scalar("SELECT count(*) FROM cscart_language_values") == .integer(0))
        let save = try service.save("sample", assignments: ["mode=live", "notes=n2"])
        #expect(save.entries.map(\.isChanged) == [true, true])
        #expect(try fixture.database.scalar("SELECT value FROM cscart_language_values") == .text("test->live n2"))
    }

    @Test func aThrowingChangeHandlerRollsTheWholeSaveBack() throws {
        let fixture = try SettingsFixture()
        let before = try fixture.dump()
        let problems = rejection {
            _ = try fixture.service([Recorder()]).save("sample", assignments: ["mode=live", "layout=narrow"])
        }
        #expect(problems.map(\.id) == ["settings.change-handler-failed"])
        #expect(problems.first?.message.contains("narrow is not supported") == true)
        #expect(try fixture.dump() == before)
    }

    @Test func dryRunChangesNothing() throws {
        let fixture = try SettingsFixture()
        let before = try fixture.dump()
        let save = try fixture.service().save(
            "sample", assignments: ["mode=live", "request_signature=xyz"], dryRun: true)
        #expect(save.lines == ["mode: test → live", "request_signature: (not set) → (set)"])
        #expect(try fixture.dump() == before)
    }
}

@Suite struct SettingsStorefrontTests {
    @Test func storefrontValueFallsBackToTheRootValue() throws {
        let fixture = try SettingsFixture(storefronts: 3)
        let service = fixture.service()
        _ = try service.save("sample", assignments: ["partner_code=ROOT-1"])
        _ = try service.save("sample", assignments: ["partner_code=SHOP-2", "show_empty_params=Y"], storefront: 2)
        #expect(try fixture.rootValue("partner_code") == .text("ROOT-1"))
        #expect(try fixture.rootValue("show_empty_params") == .text("N"))
        #expect(try service.values("sample", storefront: 2)["partner_code"] == "SHOP-2")
        #expect(try service.values("sample", storefront: 2)["show_empty_params"] == "Y")
        #expect(try service.values("sample", storefront: 3)["partner_code"] == "ROOT-1")
        #expect(try service.values("sample")["partner_code"] == "ROOT-1")
        // A NULL storefront value means "use the root value" (CASE WHEN … IS NOT NULL).
        _ = try service.save("sample", assignments: ["partner_code=__NULL__"], storefront: 2)
        #expect(try service.values("sample", storefront: 2)["partner_code"] == "ROOT-1")

        let variable = try service.addonsVariable(storefront: 2)
        guard case .map(let addons) = variable, case .map(let sample)? = addons["sample"] else {
            Issue.record("no $addons.sample")
            return
        }
        #expect(sample["show_empty_params"] == "Y")
        #expect(sample["status"] == "A")
        #expect(sample["priority"] == 100)
        #expect(sample["channels"] == ["email": "Y"])
        #expect(sample["columns"] == ["name": ""])
        #expect(sample["general_header"] == nil)
    }

    @Test func aSettingThatCannotVaryRefusesStorefront() throws {
        let fixture = try SettingsFixture()
        let before = try fixture.dump()
        let problems = rejection { _ = try fixture.service().save("sample", assignments: ["mode=live"], storefront: 2) }
        #expect(problems.map(\.id) == ["settings.not-per-storefront"])
        #expect(problems.first?.message.contains("cannot vary by storefront") == true)
        #expect(try fixture.dump() == before)
    }

    @Test func unknownStorefrontIsAnError() throws {
        let fixture = try SettingsFixture()
        let problems = rejection {
            _ = try fixture.service().save("sample", assignments: ["partner_code=x"], storefront: 9)
        }
        #expect(problems.map(\.id) == ["settings.unknown-storefront"])
        #expect(problems.first?.hint == "the storefronts are: 1 (Simtech), 2 (Shop 2)")
    }

    @Test func withOneStorefrontTheRootValueIsWritten() throws {
        let fixture = try SettingsFixture(storefronts: 1)
        let save = try fixture.service().save("sample", assignments: ["partner_code=P"], storefront: 1)
        #expect(save.storefrontID == nil)
        #expect(try fixture.rootValue("partner_code") == .text("P"))
        #expect(try fixture.database.scalar("SELECT count(*) FROM cscart_settings_vendor_values") == .integer(0))
    }
}

@Suite struct SettingsReadingTests {
    @Test func labelsComeInTheChosenLanguage() throws {
        let fixture = try SettingsFixture()
        let russian = try fixture.service().load("sample", language: "ru")
        #expect(russian.sections.map(\.label) == ["Общие", "Дополнительно"])
        #expect(russian.setting(named: "partner_code")?.label == "Код партнёра")
        #expect(russian.setting(named: "mode")?.variants.map(\.label) == ["RU live", "RU test"])
        let english = try fixture.service().load("sample")
        #expect(english.setting(named: "partner_code")?.label == "Partner code")
    }

    @Test func infoSettingsRenderThroughTheirHandlerWithSecretsMasked() throws {
        let fixture = try SettingsFixture()
        let service = fixture.service([MandatoryWhenActiveAddon()], environment: ["SIG": "from-the-environment"])
        _ = try service.save("sample", assignments: ["partner_code=P-7", "request_signature=env:SIG"])
        let settings = try service.load("sample")
        let info = try #require(settings.setting(named: "status_info"))
        #expect(try service.infoText(info, in: settings) == "<b>Connected</b> as P-7 (short) key (secret)")
        // The reference is stored as typed and resolved only by code that uses it.
        #expect(try fixture.rootValue("request_signature") == .text("env:SIG"))
        #expect(settings.values.resolved("request_signature", environment: ["SIG": "x"]) == "x")
    }

    @Test func passwordsAreShownOnlyAsSetOrNotSet() throws {
        let fixture = try SettingsFixture()
        let service = fixture.service()
        #expect(try service.load("sample").setting(named: "request_signature")?.shown(nil) == "(not set)")
        _ = try service.save("sample", assignments: ["request_signature=hunter2"])
        let setting = try #require(try service.load("sample").setting(named: "request_signature"))
        #expect(setting.shown(setting.value) == "(set)")
    }

    @Test func defaultsComeFromTheInstalledAddonXML() throws {
        let fixture = try SettingsFixture()
        #expect(try fixture.service().load("sample").setting(named: "mode")?.defaultValue == nil)
        try fixture.directory.write(
            "store/app/addons/sample/addon.xml",
            """
            <?xml version="1.0"?>
            <addon scheme="3.0">
                <id>sample</id>
                <version>1.0</version>
                <priority>100</priority>
                <settings>
                    <sections>
                        <section id="general">
                            <items>
                                <item id="mode"><type>selectbox</type><default_value>test</default_value>
                                    <variants><item id="live"/><item id="test"/></variants></item>
                                <item id="checkclient_active"><type>checkbox</type><default_value>N</default_value></item>
                            </items>
                        </section>
                    </sections>
                </settings>
            </addon>
            """)
        let settings = try fixture.service().load("sample")
        #expect(settings.setting(named: "mode")?.defaultValue == "test")
        #expect(settings.setting(named: "checkclient_active")?.defaultValue == "N")
        #expect(settings.setting(named: "notes")?.defaultValue == nil)
    }

    @Test func unknownAddonListsTheInstalledOnes() throws {
        let fixture = try SettingsFixture()
        let problems = rejection { _ = try fixture.service().load("nope") }
        #expect(problems.map(\.id) == ["settings.unknown-addon"])
        #expect(problems.first?.hint == "installed: sample")
    }
}

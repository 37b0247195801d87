import Foundation
import SQLite
import TestSupport
import Testing

/// The `settings` commands through the real binary (`swift build --product addonhost` first).
@Suite struct SettingsCLITests {
    func run(_ fixture: SettingsFixture, _ arguments: [String], environment: [String: String] = [:]) throws
        -> ProcessResult
    {
        let binary = TestPaths.binary.path
        try #require(
            FileManager.default.isExecutableFile(atPath: binary),
            "build the binary first: swift build --product addonhost")
        var env = ProcessInfo.processInfo.environment
        env["ADDONHOST_STORE"] = fixture.root
        env.merge(environment) { _, new in new }
        return try runProcess(binary, arguments, environment: env)
    }

    @Test func noCommandPrintsAPlantedSecret() throws {
        let fixture = try SettingsFixture()
        try fixture.database.execute(
            "UPDATE cscart_settings_objects SET value = 'PLANTED-ROOT-7' WHERE name = 'request_signature'")
        let objectID = try #require(
            try fixture.database.scalar(
                "SELECT object_id FROM cscart_settings_objects WHERE name = 'request_signature'"))
        try fixture.database.execute(
            "INSERT INTO cscart_settings_vendor_values (object_id, company_id, storefront_id, value) VALUES (?, 0, 2, 'env:SIG')",
            [objectID])
        let environment = ["SIG": "PLANTED-ENV-9"]
        let commands: [[String]] = [
            ["settings", "list", "sample"], ["settings", "list", "sample", "--json"],
            ["settings", "list", "sample", "--lang", "ru"], ["settings", "list", "sample", "--storefront", "2"],
            ["settings", "list", "sample", "--storefront", "2", "--json"],
            ["settings", "get", "sample", "request_signature"],
            ["settings", "get", "sample", "request_signature", "--json"],
            ["settings", "get", "sample", "request_signature", "--storefront", "2"],
            ["settings", "set", "sample", "request_signature=PLANTED-NEW-1", "--dry-run"],
            ["settings", "set", "sample", "request_signature=PLANTED-NEW-1", "--dry-run", "--json"],
            ["settings", "set", "sample", "request_signature=PLANTED-NEW-1", "mode=bogus"],
            ["settings", "set", "sample", "request_signature=PLANTED-NEW-1", "mode=bogus", "--json"],
            ["settings", "set", "sample", "request_signature:PLANTED-NEW-1"],
            ["settings", "set", "sample", "request_signature=PLANTED-NEW-1", "--storefront", "2"],
            ["settings", "set", "sample", "request_signature=PLANTED-NEW-2", "--json"],
            ["settings", "set", "sample", "request_signature=PLANTED-NEW-3"],
            ["settings", "get", "sample", "request_signature"],
        ]
        var statuses: [Int32] = []
        for command in commands {
            let result = try run(fixture, command, environment: environment)
            statuses.append(result.status)
            let output = result.standardOutput + result.standardError
            #expect(!output.contains("PLANTED"), "\(command.joined(separator: " ")) printed a secret:\n\(output)")
        }
        #expect(statuses == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0])
        // The saves did happen: the secret is stored, only never shown.
        #expect(try fixture.rootValue("request_signature") == .text("PLANTED-NEW-3"))
    }

    @Test func getPrintsTheBareValueAndSetReportsEveryProblem() throws {
        let fixture = try SettingsFixture()
        #expect(try run(fixture, ["settings", "get", "sample", "channels"]).standardOutput == "email\n")
        #expect(try run(fixture, ["settings", "get", "sample", "request_signature"]).standardOutput == "(not set)\n")
        let before = try fixture.dump()
        let failed = try run(
            fixture, ["settings", "set", "sample", "mode=prod", "checkclient_active=perhaps", "nope=1"])
        #expect(failed.status == 1)
        #expect(failed.standardError.contains("\"Mode\" (mode): 'prod' is not one of its variants"))
        #expect(failed.standardError.contains("\"Activate the service\" (checkclient_active) is a checkbox"))
        #expect(failed.standardError.contains("add-on 'sample' has no setting 'nope'"))
        #expect(failed.standardError.contains("Error: nothing was saved (3 problems)"))
        #expect(try fixture.dump() == before)

        let saved = try run(fixture, ["settings", "set", "sample", "show_empty_params=yes", "--storefront", "2"])
        #expect(saved.standardOutput == "show_empty_params: N → Y\nSaved 1 setting of sample for storefront 2.\n")
        #expect(
            try run(fixture, ["settings", "get", "sample", "show_empty_params", "--storefront", "2"]).standardOutput
                == "Y\n")
        #expect(try run(fixture, ["settings", "get", "sample", "show_empty_params"]).standardOutput == "N\n")
        let refused = try run(fixture, ["settings", "set", "sample", "mode=live", "--storefront", "2"])
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("cannot vary by storefront"))
    }

    @Test func listShowsSectionsLabelsTypesValuesAndVariants() throws {
        let fixture = try SettingsFixture()
        let result = try run(fixture, ["settings", "list", "sample", "--lang", "ru"])
        #expect(result.status == 0)
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains("Общие [general]"))
        #expect(lines.contains("  — Подключение —"))
        #expect(lines.contains("  Режим [mode, selectbox]: test; default: (none in addon.xml)"))
        #expect(lines.contains("      variants: live (RU live), test (RU test)"))
        #expect(
            lines.contains("  Подпись запроса [request_signature, password]: (not set); default: (none in addon.xml)"))
        #expect(lines.contains("  Статус [status_info, info]: (no handler registered)"))

        let json =
            try JSONSerialization.jsonObject(
                with: Data(try run(fixture, ["settings", "list", "sample", "--json"]).standardOutput.utf8))
            as? [String: Any]
        let sections = try #require(json?["sections"] as? [[String: Any]])
        let first = try #require(
            (sections.first?["settings"] as? [[String: Any]])?.first { $0["name"] as? String == "channels" })
        #expect(first["type"] as? String == "multiple select")
        #expect(first["label"] as? String == "Channels")
        #expect(first["value"] as? String == "email")
        #expect(first.keys.contains("default"))
    }
}

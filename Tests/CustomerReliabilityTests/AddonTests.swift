import AddonSDK
import ArgumentParsing
import Basics
import Foundation
import SQLite
import Templates
import TestSupport
import Testing

@testable import CustomerReliability

/// The add-on as the host sees it: what it registers and what each registered piece does.
struct AddonTests {
    private let labels = [
        "partner_code": "Partner code", "request_signature": "Request signature", "checkclient_active": "Activate",
    ]

    private func form(_ values: [String: String]) -> SettingsForm {
        SettingsForm(
            values: SettingValues(values: values, secretNames: ["request_signature"]),
            current: SettingValues(values: [:]),
            submitted: Set(values.keys), labels: labels)
    }

    @Test func activatingWithoutCredentialsNamesBothFields() throws {
        let store = try TestStore()
        let validators = registration().validators
        #expect(validators.count == 1)
        let errors = validators.flatMap {
            $0(form(["checkclient_active": "Y", "partner_code": " ", "request_signature": ""]), store.context())
        }
        #expect(errors.map(\.field) == ["partner_code", "request_signature"])
        #expect(
            errors.map(\.message) == [
                "customer_reliability.error_required_field{[field]=Partner code}",
                "customer_reliability.error_required_field{[field]=Request signature}",
            ])
    }

    @Test(arguments: [
        ["checkclient_active": "N", "partner_code": "", "request_signature": ""],
        ["checkclient_active": "Y", "partner_code": "P", "request_signature": "env:CHECKCLIENT_SIGNATURE"],
        ["checkclient_active": "Y", "partner_code": "P", "request_signature": "s"],
    ])
    func nothingToSayOtherwise(values: [String: String]) throws {
        let store = try TestStore()
        #expect(registration().validators.flatMap { $0(form(values), store.context()) }.isEmpty)
    }

    @Test(arguments: ["ftp://checkclient.ru/api", "file:///etc/passwd", "checkclient.ru", "http://"])
    func aServiceURLThatIsNotHTTPIsRefused(url: String) throws {
        let store = try TestStore()
        let errors = registration().validators.flatMap {
            $0(form(["checkclient_active": "N", "checkclient_url": url]), store.context())
        }
        #expect(errors == [FieldError(field: "checkclient_url", message: "customer_reliability.error_service_url")])
        var settings = ["checkclient_active": "Y", "partner_code": "P", "request_signature": "s"]
        settings["checkclient_url"] = url
        #expect(throws: ReliabilityError.badServiceURL) {
            try ReliabilitySettings(values: SettingValues(values: settings), environment: [:]).client(timeout: 1)
        }
    }

    /// A signature read from an unset variable is not "missing": the error names the variable.
    @Test func aSignatureFromAnUnsetVariableSaysSo() throws {
        let settings = [
            "checkclient_active": "Y", "partner_code": "P", "request_signature": "env:CHECKCLIENT_SIGNATURE",
        ]
        #expect(throws: ReliabilityError.variableNotSet("CHECKCLIENT_SIGNATURE")) {
            try ReliabilitySettings(values: SettingValues(values: settings), environment: [:]).client(timeout: 1)
        }
    }

    @Test func theConnectionStatusComesFromARealCall() throws {
        let store = try TestStore()
        let simulator = try Simulator()
        let handler = try #require(registration().infoHandlers["fn_customer_reliability_connection_status"])
        #expect(
            handler([], store.context(settings: activeSettings(simulator))).contains(
                "customer_reliability.connection_ok"))
        #expect(
            handler([], store.context(settings: activeSettings(simulator, secret: "wrong"))).contains(
                "customer_reliability.connection_failed"))
        // The secret may come from the environment, resolved only when used.
        var settings = activeSettings(simulator)
        settings["request_signature"] = "env:CHECKCLIENT_SIGNATURE"
        #expect(
            handler([], store.context(settings: settings, environment: ["CHECKCLIENT_SIGNATURE": Simulator.secret]))
                .contains("connection_ok"))
        settings["checkclient_active"] = "N"
        #expect(
            handler([], store.context(settings: settings)).contains("customer_reliability.error_service_not_active"))
        simulator.stop()
        #expect(
            handler([], store.context(settings: activeSettings(simulator))).contains(
                "customer_reliability.connection_failed"))
    }

    @Test func theOrderPageGetsStatisticsAndTheSavedCheck() throws {
        let store = try TestStore()
        let simulator = try Simulator()
        try store.order(1, user: 4, status: "C", total: 120, phone: "+7 (912) 345-67-87")
        try store.order(2, user: 4, status: "I", total: 60)
        let context = store.context(settings: activeSettings(simulator))
        let provider = try #require(registration().pageProviders["orders.details"]?.first)
        let request = PageRequest(page: "orders.details", variables: ["order_info": ["order_id": 1]])

        let before = try provider(request, context)
        guard case .map(let block)? = before["customer_reliability"], case .map(let statistics)? = block["statistics"]
        else {
            Issue.record("no block: \(before)")
            return
        }
        #expect(block["matched_by"] == "user")
        #expect(statistics["orders"] == 2)
        #expect(statistics["total"] == .float(120))
        #expect(statistics["canceled"] == 1)
        #expect(block["check"] == .null)
        #expect(block["service_active"] == true)

        _ = try ReliabilityChecker(context: context, client: simulator.client()).check(orderID: 1, refresh: false)
        guard case .map(let after)? = try provider(request, context)["customer_reliability"] else { return }
        #expect(after["check"] == ["status": "distrust", "is_free": false, "checked_on": "2024-05-01 14:00 UTC"])
        // Pages other than an order's get nothing.
        #expect(try provider(PageRequest(page: "orders.details", variables: [:]), context).isEmpty)
    }

    /// The command through the real command runner, with its output captured.
    private func run(_ arguments: [String], store: TestStore, settings: [String: String]) -> (
        status: Int32, out: String, err: String
    ) {
        var spec = registration().commands[0].spec
        let command = registration().commands[0]
        let path = store.directory.url.appendingPathComponent("store.db").path
        for index in spec.subcommands.indices {
            spec.subcommands[index].handler = { invocation in
                let database = try Database(path: path)
                let context = AddonContext(
                    addonID: "customer_reliability", database: database, tablePrefix: "cscart_", storeRoot: "",
                    settings: SettingValues(values: settings),
                    language: "en", storefrontID: nil, environment: [:], translate: { name, _ in name })
                return try command.run(invocation, context)
            }
        }
        let out = Captured()
        let err = Captured()
        let status = CommandRunner.run(
            CommandSpec("addonhost", abstract: "", subcommands: [spec]), arguments: arguments,
            output: Output(standardOutput: out.append, standardError: err.append), environment: [:])
        return (status, out.text, err.text)
    }

    @Test func theReliabilityCommand() throws {
        let store = try TestStore()
        let simulator = try Simulator()
        try store.order(7, phone: "+7 912 345-67-85")
        try store.order(8, phone: "+7 912 345-67-81")
        let settings = activeSettings(simulator)

        let first = run(["reliability", "check", "7", "--json"], store: store, settings: settings)
        #expect(first.status == 0)
        let json = try JSONValue.parse(first.out)
        #expect(json["status"] == .string("neutral"))
        #expect(json["reused"] == .bool(false))
        let again = run(["reliability", "check", "7"], store: store, settings: settings)
        #expect(again.out.contains("Order #7, phone 79123456785: customer_reliability.status_neutral"))
        #expect(again.out.contains("customer_reliability.check_reused"))

        #expect(run(["reliability", "connection"], store: store, settings: settings).out.contains("connection_ok"))
        let usage = run(["reliability", "check", "seven"], store: store, settings: settings)
        #expect(usage.status == 64)

        var inactive = settings
        inactive["checkclient_active"] = "N"
        let refused = run(["reliability", "check", "7", "--refresh", "--json"], store: store, settings: inactive)
        #expect(refused.status == 1)
        #expect(
            try JSONValue.parse(refused.out)["result"]?["error_id"]
                == .string("customer_reliability.service-not-active"))

        // A refresh right after a check shows that check instead of paying again.
        #expect(
            run(["reliability", "check", "7", "--refresh"], store: store, settings: settings).out.contains(
                "check_reused"))

        let wrong = run(
            ["reliability", "check", "8"], store: store, settings: activeSettings(simulator, secret: "wrong-secret"))
        #expect(wrong.status == 1)
        #expect(
            wrong.err.contains("customer_reliability.error_signature_rejected customer_reliability.error_nothing_saved")
        )
        #expect(!(wrong.out + wrong.err).contains("wrong-secret"))
        #expect(try store.savedChecks().count == 1)
    }
}

private final class Captured: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = ""
    var text: String { lock.withLock { buffer } }
    func append(_ text: String) { lock.withLock { buffer += text } }
}

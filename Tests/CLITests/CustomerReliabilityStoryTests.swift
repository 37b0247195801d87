import Basics
import Foundation
import TestSupport
import Testing

/// The steps of `make demo` that no module's own tests take through the real binary with the
/// shipped package: the refused activation, "Show empty params" changing the order page, and an
/// uninstall that leaves the store as it was before the install.
@Suite(
    "Customer reliability story through the binary",
    .enabled(
        if: FileManager.default.fileExists(atPath: TestPaths.addons.appendingPathComponent("customer_reliability").path)
    ))
struct CustomerReliabilityStoryTests {
    let folder = TemporaryDirectory("reliability-story")
    var store: String { folder.path + "/store" }

    @discardableResult
    func addonhost(_ arguments: String..., expecting status: Int32 = 0) throws -> ProcessResult {
        let result = try runProcess(
            TestPaths.binary.path, ["--store", store] + arguments, environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status == status, "addonhost \(arguments.joined(separator: " ")): \(result.standardError)")
        return result
    }

    func installedStore() throws {
        try addonhost("init", "--orders", "40")
        try addonhost("addon", "install", TestPaths.addons.appendingPathComponent("customer_reliability").path)
    }

    @Test func activatingWithoutCredentialsNamesBothFieldsAndSavesNothing() throws {
        try installedStore()
        let refused = try addonhost("settings", "set", "customer_reliability", "checkclient_active=Y", expecting: 1)
        #expect(refused.standardError.contains("\"Partner code\" (partner_code)"))
        #expect(refused.standardError.contains("\"Request signature\" (request_signature)"))
        #expect(try addonhost("settings", "get", "customer_reliability", "checkclient_active").standardOutput == "N\n")
    }

    /// The hidden service address: what the add-on uses, and whether CHECKCLIENT_URL or the
    /// setting gives it.
    @Test func settingsListShowsTheServiceAddressInEffect() throws {
        try installedStore()
        func list(_ arguments: String..., url: String?) throws -> String {
            var environment = ["PATH": "/usr/bin:/bin"]
            environment["CHECKCLIENT_URL"] = url
            let result = try runProcess(
                TestPaths.binary.path, ["--store", store, "settings", "list", "customer_reliability"] + arguments,
                environment: environment)
            #expect(result.status == 0, "\(result.standardError)")
            return result.standardOutput
        }
        let stored = "https://checkclient.ru/api/v1"
        #expect(
            try list(url: nil).contains(
                "Service address [checkclient_url, hidden]: \(stored) (from the setting; CHECKCLIENT_URL is not set)"))
        #expect(
            try list(url: "http://127.0.0.1:9").contains(
                "Service address [checkclient_url, hidden]: http://127.0.0.1:9 (from CHECKCLIENT_URL in the environment; the setting holds \(stored))"
            ))
        let json = try JSONValue.parse(try list("--json", url: "http://127.0.0.1:9"))
        guard case .array(let sections) = json["sections"] else {
            Issue.record("no sections")
            return
        }
        let settings = sections.flatMap { section -> [JSONValue] in
            guard case .array(let settings) = section["settings"] else { return [] }
            return settings
        }
        let address = try #require(settings.first { $0["name"] == .string("checkclient_url") })
        #expect(address["value"] == .string("http://127.0.0.1:9"))
        #expect(address["source"] == .string("env"))
        #expect(address["environment_variable"] == .string("CHECKCLIENT_URL"))
        #expect(address["stored_value"] == .string(stored))
        #expect(settings.first { $0["name"] == .string("partner_code") }?["source"] == .string("setting"))
    }

    /// The statistics lines of the Customer rating block: label and value.
    func statistics(order: Int, showEmpty: String) throws -> [(String, String)] {
        try addonhost("settings", "set", "customer_reliability", "show_empty_params=\(showEmpty)")
        let html = try addonhost("render", "order", String(order)).standardOutput
        let start = try #require(html.range(of: "customer-reliability-stats\">"))
        let rest = html[start.upperBound...]
        let end = try #require(rest.range(of: "</ul>"))
        return try rest[..<end.lowerBound].components(separatedBy: "<li>").dropFirst().map { line in
            let parts = line.components(separatedBy: ": <strong>")
            try #require(parts.count == 2, "\(line)")
            return (parts[0], parts[1].components(separatedBy: "</strong>")[0])
        }
    }

    @Test func showEmptyParamsShowsTheZeroLinesAndHidingThemHidesOnlyThose() throws {
        try installedStore()
        // The first order of the sample store whose customer has a statistics line that is zero.
        var found: (order: Int, all: [(String, String)])?
        for order in 1...40 {
            let all = try statistics(order: order, showEmpty: "Y")
            if all.contains(where: { Double($0.1) == 0 }) {
                found = (order, all)
                break
            }
        }
        let (order, all) = try #require(found, "no order with a zero statistics line in the sample store")
        #expect(all.map(\.0) == ["Orders", "Total purchases", "Canceled orders", "Unfinished orders"])
        let shown = try statistics(order: order, showEmpty: "N")
        #expect(shown.map(\.0) == all.filter { Double($0.1) != 0 }.map(\.0))
    }

    /// The store's database as text, without the operation journal (which keeps the history).
    func dump() throws -> String {
        let result = try runProcess("/usr/bin/sqlite3", [store + "/store.db", ".dump"])
        try #require(result.status == 0, "\(result.standardError)")
        return result.standardOutput.split(separator: "\n").filter {
            !$0.hasPrefix("INSERT INTO addonhost_operations ")
                && !$0.hasPrefix("INSERT INTO sqlite_sequence VALUES('addonhost_operations'")
        }.joined(separator: "\n")
    }

    func files() throws -> [String] {
        let enumerator = try #require(FileManager.default.enumerator(atPath: store))
        return enumerator.compactMap { $0 as? String }
            .filter { !$0.hasPrefix("store.db") }.sorted()
    }

    @Test(.enabled(if: commandExists("sqlite3")))
    func uninstallLeavesTheStoreAsItWasBeforeTheInstall() throws {
        try addonhost("init", "--orders", "40")
        let before = (try dump(), try files())
        try addonhost("addon", "install", TestPaths.addons.appendingPathComponent("customer_reliability").path)
        try addonhost("settings", "set", "customer_reliability", "show_empty_params=Y", "partner_code=P")
        try addonhost("render", "order", "3", "--lang", "ru")
        try addonhost("addon", "uninstall", "customer_reliability")
        #expect(try dump() == before.0)
        #expect(try files() == before.1)
    }
}

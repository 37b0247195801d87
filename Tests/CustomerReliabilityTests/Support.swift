import AddonSDK
import Foundation
import SQLite
import TestSupport

@testable import CustomerReliability

/// The checkclient.ru simulator shipped with the module, run as a real process on 127.0.0.1.
final class Simulator {
    static let partnerCode = "P-1001"
    static let secret = "s3cr3t-signature-42"
    static var script: String {
        TestPaths.packageRoot.appendingPathComponent("Sources/CustomerReliability/Simulator/checkclient_simulator.py")
            .path
    }

    private let process = Process()
    /// Kept open while the simulator should run: if the test process dies, the pipe closes.
    private let input = Pipe()
    let port: Int

    init(fault: String = "none", balance: Double = 30, delay: Double = 4) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Self.script, "--partner-code", Self.partnerCode, "--secret", Self.secret,
            "--balance", String(balance), "--fault", fault, "--delay", String(delay), "--exit-on-stdin-eof",
        ]
        process.standardInput = input
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line is the port it listens on.
        var data = Data()
        while !data.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            data.append(chunk)
        }
        guard let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first, let port = Int(line) else {
            process.terminate()
            throw SimulatorDidNotStart()
        }
        self.port = port
    }

    struct SimulatorDidNotStart: Error {}

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/api/v1")! }

    func client(secret: String = Simulator.secret, timeout: TimeInterval = 10) -> CheckClient {
        CheckClient(baseURL: baseURL, partnerCode: Self.partnerCode, requestSignature: secret, timeout: timeout)
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// A store database of the tests' own: the contract's orders table and the add-on's tables.
final class TestStore {
    let directory = TemporaryDirectory("reliability")
    let database: Database

    init() throws {
        database = try Database(path: directory.url.appendingPathComponent("store.db").path)
        let schema = try String(
            contentsOf: TestPaths.fixtures("CustomerReliabilityTests").appendingPathComponent("store_schema.sql"),
            encoding: .utf8)
        try database.execute(schema)
    }

    @discardableResult
    func order(
        _ id: Int, user: Int = 0, status: String = "C", total: Double = 100, phone: String = "", bPhone: String = "",
        email: String = "", parent: Bool = false
    ) throws -> Int {
        try database.execute(
            "INSERT INTO cscart_orders (order_id, user_id, status, total, phone, b_phone, email, is_parent_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                DatabaseValue(id), DatabaseValue(user), .text(status), .real(total), .text(phone), .text(bPhone),
                .text(email), .text(parent ? "Y" : "N"),
            ])
        return id
    }

    func savedChecks() throws -> [Row] {
        try database.rows(
            "SELECT phone, order_id, status, is_free, request_id FROM cscart_customer_reliability_checks ORDER BY check_id"
        )
    }

    /// A context as the host gives add-on code. Language variables show as `name{placeholders}`
    /// so that tests can see which message was chosen and with what.
    func context(
        settings: [String: String] = [:], environment: [String: String] = [:],
        now: Date = Date(timeIntervalSince1970: 1_714_572_000)
    ) -> AddonContext {
        AddonContext(
            addonID: "customer_reliability", database: database, tablePrefix: "cscart_", storeRoot: directory.path,
            settings: SettingValues(values: settings, secretNames: ["request_signature"]), language: "en",
            storefrontID: nil,
            environment: environment,
            translate: { name, placeholders in
                placeholders.isEmpty
                    ? name
                    : name + "{"
                        + placeholders.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
                        + "}"
            },
            now: { now })
    }
}

/// Active settings pointing at a simulator.
func activeSettings(_ simulator: Simulator, secret: String = Simulator.secret) -> [String: String] {
    [
        "checkclient_active": "Y", "partner_code": Simulator.partnerCode, "request_signature": secret,
        "checkclient_url": simulator.baseURL.absoluteString, "show_empty_params": "N",
    ]
}

func registration() -> AddonRegistration {
    var registration = AddonRegistration(addonID: "customer_reliability")
    CustomerReliabilityAddon().register(&registration)
    return registration
}

import Basics
import Foundation
import Lifecycle
import SQLite
import Store
import TestSupport
import Testing

/// `addonhost doctor` on real stores damaged in the ways it must notice.
@Suite struct DoctorTests {
    /// Runs the real binary's doctor; returns its exit status and the ids of its findings.
    func doctor(_ store: TestStore) throws -> (status: Int32, ids: [String], output: String) {
        let result = try runProcess(TestPaths.binary.path, ["doctor", "--json", "--store", store.root])
        let json = try JSONValue.parse(result.standardOutput, path: "doctor output")
        guard case .object(let fields) = json,
            case .array(let findings)? = fields.first(where: { $0.0 == "findings" })?.1
        else {
            Issue.record("unexpected doctor output: \(result.standardOutput) \(result.standardError)")
            return (result.status, [], result.standardOutput)
        }
        let ids = findings.compactMap { finding -> String? in
            guard case .object(let parts) = finding else { return nil }
            return parts.first { $0.0 == "id" }?.1.stringValue
        }
        return (result.status, ids, result.standardOutput)
    }

    @Test func aHealthyStorePasses() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        _ = try store.manager().install(try writeSamplePackage(in: packages))
        let result = try doctor(store)
        #expect(result.status == 0)
        #expect(result.ids.isEmpty)
        let text = try runProcess(TestPaths.binary.path, ["doctor", "--store", store.root])
        #expect(text.standardOutput.contains("The store is healthy"))
    }

    /// A failure after the commit keeps the staged files: the next command moves them into place.
    @Test func aFailureWhileMovingFilesIsFinishedByTheNextCommand() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(in: packages)
        let error = try #require(throws: LifecycleError.self) {
            try store.manager(environment: ["ADDONHOST_TEST_FAIL_AT": "moving"]).install(package)
        }
        #expect(error.message.contains("the operation is committed but did not finish"))
        #expect(try store.manager().recoverIfNeeded().count == 1)
        let result = try doctor(store)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.ids.isEmpty)
        #expect(
            FileManager.default.fileExists(
                atPath: store.root + "/design/backend/templates/addons/sample/hooks/orders/customer_info.post.tpl"))
    }

    @Test func changedAndMissingFilesAreFound() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        _ = try store.manager().install(try writeSamplePackage(in: packages))
        try Data("<p>edited</p>\n".utf8).write(
            to: URL(
                fileURLWithPath: store.root
                    + "/design/backend/templates/addons/sample/hooks/orders/customer_info.post.tpl"))
        try FileManager.default.removeItem(
            atPath: store.root + "/design/themes/responsive/templates/addons/sample/hooks/index/styles.post.tpl")
        let result = try doctor(store)
        #expect(result.status == 1)
        #expect(result.ids.sorted() == ["doctor.file-changed", "doctor.file-missing"])
        #expect(result.output.contains("customer_info.post.tpl"))
        #expect(result.output.contains("--keep-data"))
    }

    /// An uninstall that only deleted the `addons` row leaves everything else behind.
    @Test func whatAnAddOnNoLongerInstalledLeftIsFound() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(
            in: packages,
            extra: """
                <language_variables><item lang="en" id="sample.hello">Hello</item></language_variables>
                """)
        _ = try store.manager().install(package)
        try runProcess("sqlite3", [store.root + "/store.db", "DELETE FROM cscart_addons WHERE addon = 'sample'"])
        let result = try doctor(store)
        #expect(result.status == 1)
        for id in ["doctor.orphan", "doctor.orphan-table"] { #expect(result.ids.contains(id)) }
        for text in [
            "settings section of add-on 'sample'", "names of add-on 'sample'", "original texts of add-on 'sample'",
            "hook index rows of add-on 'sample'", "table cscart_sample_items", "sample.hello",
            "recorded as a file of 'sample'",
        ] {
            #expect(result.output.contains(text), "missing finding: \(text)")
        }
    }

    @Test func aTableTheUninstallLeftIsFound() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(
            in: packages, queries: "<item>CREATE TABLE ?:sample_kept (a INTEGER)</item>")
        let manager = try store.manager()
        _ = try manager.install(package)
        _ = try manager.uninstall("sample")
        let result = try doctor(store)
        #expect(result.ids == ["doctor.orphan-table"])
        #expect(result.output.contains("DROP TABLE cscart_sample_kept"))
    }

    @Test func aMissingTableAndADamagedDatabaseAreFound() throws {
        let store = try TestStore()
        try runProcess("sqlite3", [store.root + "/store.db", "DROP TABLE cscart_original_values"])
        #expect(try doctor(store).ids.first == "doctor.schema-missing")

        let damaged = try TestStore()
        let database = damaged.root + "/store.db"
        try runProcess("sqlite3", [database, "PRAGMA wal_checkpoint(TRUNCATE)"])
        let pageSize = Int(
            try runProcess("sqlite3", [database, "PRAGMA page_size"]).standardOutput.trimmingCharacters(
                in: .whitespacesAndNewlines))!
        let root = Int(
            try runProcess(
                "sqlite3", [database, "SELECT rootpage FROM sqlite_master WHERE name = 'addonhost_hooks_lookup'"]
            )
            .standardOutput.trimmingCharacters(in: .whitespacesAndNewlines))!
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: database))
        try handle.seek(toOffset: UInt64((root - 1) * pageSize))
        try handle.write(contentsOf: Data(repeating: 0xFF, count: 64))
        try handle.close()
        let result = try doctor(damaged)
        #expect(result.status == 1)
        #expect(result.ids.contains("doctor.integrity"))
    }

    /// kill -9 after the commit: doctor sees the unfinished operation; the next command finishes
    /// it and doctor agrees.
    @Test func anInterruptedOperationIsFoundThenRecovered() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(in: packages)
        let process = try startPaused(
            ["addon", "install", package, "--store", store.root], at: "moving", signal: packages.path + "/paused")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let result = try doctor(store)
        #expect(result.status == 1)
        #expect(result.ids.contains("doctor.pending-operation"))
        #expect(try runProcess(TestPaths.binary.path, ["addon", "list", "--store", store.root]).status == 0)
        #expect(try doctor(store).status == 0)
    }
}

import Basics
import Foundation
import Lifecycle
import SQLite
import Store
import Testing
import TestSupport

/// kill -9 of the real binary at points of an install; the next command recovers the store to
/// exactly before (point before the commit) or exactly after (points after it).
@Suite struct CrashRecoveryTests {
    @Test(arguments: [("stage", false), ("commit", false), ("moving", true), ("moved", true), ("cleared", true)])
    func killDuringInstallThenRecover(point: String, committed: Bool) throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(in: packages)
        let before = try store.snapshot()
        let signal = packages.path + "/paused"

        let process = Process()
        process.executableURL = TestPaths.binary
        process.arguments = ["addon", "install", package, "--store", store.root]
        process.environment = [
            "ADDONHOST_TEST_PAUSE_AT": point, "ADDONHOST_TEST_PAUSE_SIGNAL": signal,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        while !FileManager.default.fileExists(atPath: signal) && process.isRunning { usleep(20_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let list = try runProcess(TestPaths.binary.path, ["addon", "list", "--json", "--store", store.root])
        #expect(list.status == 0)
        if committed {
            #expect(list.standardOutput.contains("\"sample\""))
            let database = try Store.open(at: store.root).database
            #expect(try database.scalar("SELECT count(*) FROM addonhost_operations")?.integer == 0)
            for row in try database.rows("SELECT path, sha256 FROM addonhost_files WHERE kind = 'file'") {
                let data = FileManager.default.contents(atPath: store.root + "/" + (row["path"].text ?? ""))
                #expect(data.map { SHA256.hexDigest($0) } == row["sha256"].text)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: store.root + "/var/addonhost/staging").isEmpty)
        } else {
            #expect(try store.snapshot() == before)
        }
    }
}

/// How many corpus add-ons install and uninstall cleanly; for each that does not, why.
@Suite struct CorpusReportTests {
    @Test func corpusInstallUninstallReport() throws {
        var clean = 0
        var report: [String] = []
        let packages = corpusPackages()
        for package in packages {
            let store = try TestStore()
            let before = try store.snapshot()
            let name = package.replacingOccurrences(of: TestPaths.corpus.path + "/", with: "")
            do {
                let manager = try store.manager()
                let result = try manager.install(package)
                _ = try manager.uninstall(result.plan.addonID)
                if try store.snapshot() == before {
                    clean += 1
                } else {
                    report.append("\(name): uninstall left a trace")
                }
            } catch let error as LifecycleError {
                let first = error.diagnostics.errors.first.map { " [\($0.id): \($0.message)]" } ?? ""
                report.append("\(name): \(error.step): \(error.message.prefix(160))\(first)" + (error.sql.map { " — SQL: \($0.prefix(100))" } ?? ""))
            } catch {
                report.append("\(name): \(error)")
            }
        }
        print("Corpus: \(clean) of \(packages.count) add-ons install and uninstall cleanly")
        for line in report { print("  " + line) }
        #expect(packages.count >= 28)
        #expect(clean > 0)
    }
}

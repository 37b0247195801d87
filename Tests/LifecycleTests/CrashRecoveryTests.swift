import Basics
import Foundation
import Lifecycle
import SQLite
import Store
import Testing
import TestSupport

private let environmentPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"

/// kill -9 of the real binary during install and uninstall; the next command recovers the store
/// to exactly before (a kill before the commit) or exactly after (a kill after it).
@Suite struct CrashRecoveryTests {
    @Test(arguments: [("stage", false), ("commit", false), ("moving", true), ("moved", true), ("cleared", true)])
    func killDuringInstallThenRecover(point: String, committed: Bool) throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(in: packages)
        let before = try store.snapshot()
        let process = try startPaused(["addon", "install", package, "--store", store.root], at: point, signal: packages.path + "/paused")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let list = try runProcess(TestPaths.binary.path, ["addon", "list", "--json", "--store", store.root])
        #expect(list.status == 0)
        if committed {
            #expect(list.standardOutput.contains("\"sample\""))
            try expectInstalledFilesMatch(store)
        } else {
            #expect(try store.snapshot() == before)
        }
    }

    @Test(arguments: [
        ("stage", false), ("uninstall-functions", false), ("uninstall-queries", false), ("commit", false), ("moving", true),
        ("moved", true), ("cleared", true),
    ])
    func killDuringUninstallThenRecover(point: String, committed: Bool) throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(in: packages)
        let pristine = try store.snapshot()
        _ = try store.manager().install(package)
        let installed = try store.normalizedSnapshot()
        let process = try startPaused(["addon", "uninstall", "sample", "--store", store.root], at: point, signal: packages.path + "/paused")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        #expect(try runProcess(TestPaths.binary.path, ["addon", "list", "--store", store.root]).status == 0)
        if committed {
            #expect(try store.snapshot() == pristine)
        } else {
            #expect(try store.normalizedSnapshot() == installed)
        }
    }

    /// kill -9 at random moments of install and uninstall. 20 moments by default;
    /// `ADDONHOST_CRASH_ITERATIONS=200` (`make crash-loop`) for the long run.
    @Test func killAtRandomMomentsLeavesBeforeOrAfter() throws {
        let iterations = ProcessInfo.processInfo.environment["ADDONHOST_CRASH_ITERATIONS"].flatMap(Int.init) ?? 20
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(in: packages)
        let reference = try TestStore()
        let pristine = try reference.normalizedSnapshot()
        // How long an uncontended install takes here: the kills are spread over that time.
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            _ = try runProcess(TestPaths.binary.path, ["addon", "install", package, "--store", reference.root])
        }
        let installed = try reference.normalizedSnapshot()
        let span = max(Int(elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000), 20_000)
        var generator = SystemRandomNumberGenerator()
        var outcomes: [String: Int] = [:]
        for iteration in 0..<iterations {
            let store = try TestStore()
            let uninstalling = iteration % 2 == 1
            if uninstalling { _ = try store.manager().install(package) }
            let arguments = uninstalling ? ["addon", "uninstall", "sample"] : ["addon", "install", package]
            let process = Process()
            process.executableURL = TestPaths.binary
            process.arguments = arguments + ["--store", store.root]
            process.environment = ["PATH": environmentPath]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(Int.random(in: 0...(span * 6 / 5), using: &generator)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            let recovery = try runProcess(TestPaths.binary.path, ["addon", "list", "--store", store.root])
            #expect(recovery.status == 0, "iteration \(iteration): \(recovery.standardError)")
            let doctor = try runProcess(TestPaths.binary.path, ["doctor", "--store", store.root])
            #expect(doctor.status == 0, "iteration \(iteration): doctor disagrees: \(doctor.standardOutput)")
            let state = try store.normalizedSnapshot()
            let outcome = state == pristine ? "before-or-after-uninstall" : state == installed ? "installed" : "BETWEEN"
            #expect(outcome != "BETWEEN", "iteration \(iteration) (\(arguments[1])) left the store between states")
            outcomes[outcome, default: 0] += 1
        }
        print("kill -9 at random moments: \(iterations) runs, \(outcomes)")
    }
}

/// Every file the store says it installed is there with the recorded hash; no journal is left.
func expectInstalledFilesMatch(_ store: TestStore) throws {
    let database = try Store.open(at: store.root).database
    #expect(try database.scalar("SELECT count(*) FROM addonhost_operations")?.integer == 0)
    for row in try database.rows("SELECT path, sha256 FROM addonhost_files WHERE kind = 'file'") {
        let data = FileManager.default.contents(atPath: store.root + "/" + (row["path"].text ?? ""))
        #expect(data.map { SHA256.hexDigest($0) } == row["sha256"].text)
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: store.root + "/var/addonhost/staging").isEmpty)
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
        #expect(packages.count == 32)
        #expect(clean > 0)
    }
}

import Basics
import Foundation
import SQLite
import Store
import TestSupport
import Testing

/// The `sqlite3` shell's dump of a database: the oracle for "same database".
func dump(_ databasePath: String) throws -> String {
    let result = try runProcess("sqlite3", [databasePath, ".dump"])
    #expect(result.status == 0, "sqlite3 failed: \(result.standardError)")
    return result.standardOutput
}

/// The dump without the rows that record when migrations ran (wall-clock time by design).
func dumpWithoutMigrationTimes(_ databasePath: String) throws -> String {
    try dump(databasePath).split(separator: "\n")
        .filter { !$0.hasPrefix("INSERT INTO addonhost_migrations") }
        .joined(separator: "\n")
}

/// Runs `body` and returns the diagnostic it throws (nil, and a recorded issue, if it does not).
func diagnostic(thrownBy body: () throws -> Void) -> Diagnostic? {
    do {
        try body()
        Issue.record("expected an error")
        return nil
    } catch let diagnostic as Diagnostic {
        return diagnostic
    } catch {
        Issue.record("expected a Diagnostic, got \(error)")
        return nil
    }
}

/// Runs the real `addonhost` binary.
func addonhost(_ arguments: [String], environment extra: [String: String] = [:]) throws -> ProcessResult {
    var environment = ProcessInfo.processInfo.environment
    environment.removeValue(forKey: "ADDONHOST_STORE")
    environment.merge(extra) { $1 }
    return try runProcess(TestPaths.binary.path, arguments, environment: environment)
}

/// Entries of a folder, sorted (to see that a failed operation left nothing behind).
func entries(_ path: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: path).sorted()
}

/// The real `addonhost` binary running beside the test. Output goes to files, not pipes, so the
/// test can do other things meanwhile without blocking a thread of the test runner's pool.
final class RunningAddonhost {
    private let process = Process()
    private let folder = TemporaryDirectory("addonhost-output")

    init(_ arguments: [String], environment extra: [String: String] = [:]) throws {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "ADDONHOST_STORE")
        environment.merge(extra) { $1 }
        process.executableURL = TestPaths.binary
        process.arguments = arguments
        process.environment = environment
        try folder.write("out", "")
        try folder.write("err", "")
        process.standardOutput = try FileHandle(forWritingTo: folder.url.appendingPathComponent("out"))
        process.standardError = try FileHandle(forWritingTo: folder.url.appendingPathComponent("err"))
        try process.run()
    }

    var processIdentifier: Int32 { process.processIdentifier }

    struct Finished {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    func wait() throws -> Finished {
        process.waitUntilExit()
        return Finished(
            status: process.terminationStatus,
            standardOutput: try String(contentsOfFile: folder.path + "/out", encoding: .utf8),
            standardError: try String(contentsOfFile: folder.path + "/err", encoding: .utf8))
    }
}

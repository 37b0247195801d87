import Foundation
import TestSupport
import Testing

/// A store with sample data made by the real binary, and the commands the CLI tests run on it.
final class CLIStore: Sendable {
    let folder: TemporaryDirectory
    let path: String

    init(orders: Int = 60) throws {
        folder = TemporaryDirectory("cli-store")
        path = folder.path + "/store"
        let result = try addonhost(["init", "--orders", String(orders)])
        try #require(result.status == 0, "init: \(result.standardError)")
    }

    /// Runs `addonhost --store <this store> arguments…`.
    @discardableResult
    func addonhost(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { _, new in new }
        return try runProcess(TestPaths.binary.path, ["--store", path] + arguments, environment: merged)
    }

    var databasePath: String { path + "/store.db" }

    /// `PRAGMA integrity_check` as the sqlite3 oracle answers it ("ok" when sound).
    func integrityCheck() throws -> String {
        try sqlite(["PRAGMA integrity_check;"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every table's schema and rows, as `sqlite3 .dump` writes them.
    func dump() throws -> String { try sqlite([".dump"]) }

    /// One query's rows as the sqlite3 oracle prints them.
    func query(_ sql: String) throws -> String {
        try sqlite([sql]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every file below the store except the database, sorted.
    func files() -> [String] {
        let all = FileManager.default.subpaths(atPath: path) ?? []
        return all.filter { name in !isDirectory(path + "/" + name) && !name.hasPrefix("store.db") }.sorted()
    }

    private func sqlite(_ arguments: [String]) throws -> String {
        let result = try runProcess("sqlite3", [databasePath] + arguments)
        try #require(result.status == 0, "sqlite3: \(result.standardError)")
        return result.standardOutput
    }
}

/// The fixture add-on `load_demo` (a setting, a .po, a hook template, install and uninstall
/// queries) copied under another id, so that several processes can each own one.
func fixtureAddon(renamedTo id: String, in folder: TemporaryDirectory) throws -> String {
    let source = TestPaths.fixtures("CLITests").appendingPathComponent("load_demo").path
    let target = folder.path + "/" + id
    for relative in FileManager.default.subpaths(atPath: source) ?? [] {
        if isDirectory(source + "/" + relative) { continue }
        let text = try String(contentsOfFile: source + "/" + relative, encoding: .utf8)
        try folder.write(
            id + "/" + relative.replacingOccurrences(of: "load_demo", with: id),
            text.replacingOccurrences(of: "load_demo", with: id))
    }
    return target
}

func isDirectory(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
}

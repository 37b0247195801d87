import Foundation
import TestSupport
import Testing

/// Several real `addonhost` processes installing, uninstalling, saving settings and rendering on
/// one store at once. Each process owns one copy of the fixture add-on, so that its own commands
/// have a known expected outcome; everything else (the other add-ons' hooks on the page, the
/// writer lock, SQLite's WAL) is shared. A short writer-lock wait provokes "store busy".
///
/// `ADDONHOST_LOAD_SECONDS` sets how long each case runs (default 10 s) for soak runs.
@Suite(.serialized) struct LoadTests {
    static let seconds = ProcessInfo.processInfo.environment["ADDONHOST_LOAD_SECONDS"].flatMap(Double.init) ?? 10

    @Test(arguments: [2, 8])
    func concurrentCommandsSucceedOrSayBusyAndLeaveNoTrace(processes: Int) throws {
        let store = try CLIStore()
        let packages = TemporaryDirectory("load-packages")
        let ids = (1...processes).map { "load_demo_\($0)" }
        let paths = try ids.map { try fixtureAddon(renamedTo: $0, in: packages) }
        let dumpBefore = try store.dump()
        let filesBefore = store.files()

        let tally = Tally()
        let deadline = Date().addingTimeInterval(Self.seconds)
        let group = DispatchGroup()
        for (index, id) in ids.enumerated() {
            group.enter()
            let path = paths[index]
            let thread = Thread {
                defer { group.leave() }
                var worker = Worker(store: store, id: id, package: path, seed: UInt64(index + 1), tally: tally)
                worker.run(until: deadline)
            }
            thread.start()
        }
        group.wait()

        print("load test, \(processes) processes, \(Self.seconds) s:\n" + tally.table())
        #expect(tally.unexpected.isEmpty, "\(tally.unexpected.joined(separator: "\n---\n"))")
        for kind in CommandKind.allCases { #expect(tally.succeeded(kind) > 0, "no \(kind.rawValue) succeeded") }

        #expect(try store.integrityCheck() == "ok")
        // Every worker ends with its add-on uninstalled: the store is as before, row for row.
        #expect(try store.dump() == dumpBefore)
        #expect(store.files() == filesBefore)
    }
}

enum CommandKind: String, CaseIterable, Sendable {
    case install = "addon install"
    case uninstall = "addon uninstall"
    case settingsSet = "settings set"
    case render = "render order"
}

/// Outcomes of every command, shared by the worker threads.
final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]
    private(set) var unexpected: [String] = []

    func record(_ kind: CommandKind, _ outcome: String) {
        lock.withLock { counts["\(kind.rawValue)|\(outcome)", default: 0] += 1 }
    }
    func fail(_ text: String) { lock.withLock { unexpected.append(text) } }
    func succeeded(_ kind: CommandKind) -> Int { lock.withLock { counts["\(kind.rawValue)|ok"] ?? 0 } }

    func table() -> String {
        lock.withLock {
            CommandKind.allCases.map { kind in
                let ok = counts["\(kind.rawValue)|ok"] ?? 0
                let busy = counts["\(kind.rawValue)|busy"] ?? 0
                return "  \(kind.rawValue): \(ok) succeeded, \(busy) store busy"
            }.joined(separator: "\n")
        }
    }
}

/// One process's loop: install its add-on when it is not installed, else save a setting, render
/// an order (its hook must be on the page) or uninstall, at random.
private struct Worker {
    let store: CLIStore
    let id: String
    let package: String
    var random: UInt64
    let tally: Tally

    init(store: CLIStore, id: String, package: String, seed: UInt64, tally: Tally) {
        self.store = store
        self.id = id
        self.package = package
        self.random = seed &* 0x9E37_79B9_7F4A_7C15
        self.tally = tally
    }

    mutating func run(until deadline: Date) {
        var installed = false
        var step = 0
        while Date() < deadline {
            step += 1
            let kind: CommandKind
            if !installed {
                kind = .install
            } else {
                switch next() % 10 {
                case 0..<4: kind = .settingsSet
                case 4..<8: kind = .render
                default: kind = .uninstall
                }
            }
            if attempt(kind, step: step, installed: installed), kind == .install || kind == .uninstall {
                installed = kind == .install
            }
        }
        // Leave the store as it was: uninstall, waiting for the lock as long as it takes.
        if installed {
            let result = try? store.addonhost(
                ["addon", "uninstall", id], environment: ["ADDONHOST_LOCK_TIMEOUT": "60"])
            if result?.status != 0 { tally.fail("final uninstall of \(id): \(result?.standardError ?? "did not run")") }
        }
    }

    /// Runs one command; true when it succeeded. Anything but success or "store busy" is recorded.
    private func attempt(_ kind: CommandKind, step: Int, installed: Bool) -> Bool {
        let arguments: [String]
        switch kind {
        case .install: arguments = ["addon", "install", package]
        case .uninstall: arguments = ["addon", "uninstall", id]
        case .settingsSet:
            arguments = ["settings", "set", id, "greeting=\(id) step \(step) '; DROP TABLE cscart_orders; --"]
        case .render: arguments = ["render", "order", "1"]
        }
        let result: ProcessResult
        do {
            result = try store.addonhost(arguments, environment: ["ADDONHOST_LOCK_TIMEOUT": "0.2"])
        } catch {
            tally.fail("\(arguments) did not run: \(error)")
            return false
        }
        if result.status == 0 {
            if kind == .render && installed && !result.standardOutput.contains("<p class=\"\(id)\">") {
                tally.fail("\(id) is installed but its hook is not on the rendered page")
            }
            tally.record(kind, "ok")
            return true
        }
        if result.status == 1 && result.standardError.contains("store busy") {
            tally.record(kind, "busy")
            return false
        }
        tally.fail("\(arguments.joined(separator: " ")) → exit \(result.status)\n\(result.standardError)")
        return false
    }

    /// SplitMix64: a reproducible choice of commands per worker.
    private mutating func next() -> UInt64 {
        random &+= 0x9E37_79B9_7F4A_7C15
        var z = random
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

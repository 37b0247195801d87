internal import Basics
internal import Foundation
public import SQLite
public import Store

/// One change to the store's file tree, applied only after the operation's transaction has
/// committed. Paths are relative to the store root; `staged` is relative to the operation's
/// staging folder. Applying an action twice has the effect of applying it once, so that an
/// interrupted roll-forward can simply run again.
public enum FileAction: Sendable, Hashable {
    /// Moves a staged file into place, replacing what is there.
    case place(staged: String, target: String)
    /// Deletes a file if it is there.
    case remove(target: String)
    /// Creates a folder if it is missing.
    case makeDirectory(target: String)
    /// Deletes a folder if it is there and empty.
    case removeDirectory(target: String)

    var json: JSONValue {
        switch self {
        case .place(let staged, let target): .array([.string("place"), .string(target), .string(staged)])
        case .remove(let target): .array([.string("remove"), .string(target)])
        case .makeDirectory(let target): .array([.string("mkdir"), .string(target)])
        case .removeDirectory(let target): .array([.string("rmdir"), .string(target)])
        }
    }

    init?(json: JSONValue) {
        guard case .array(let parts) = json, let verb = parts.first?.stringValue,
            let target = parts.dropFirst().first?.stringValue, RelativePath.isSafe(target)
        else { return nil }
        switch verb {
        case "place":
            guard let staged = parts.dropFirst(2).first?.stringValue, RelativePath.isSafe(staged) else { return nil }
            self = .place(staged: staged, target: target)
        case "remove": self = .remove(target: target)
        case "mkdir": self = .makeDirectory(target: target)
        case "rmdir": self = .removeDirectory(target: target)
        default: return nil
        }
    }
}

/// Relative paths inside the store: never absolute, never `..`, no control characters.
enum RelativePath {
    static func isSafe(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
            && !path.split(separator: "/", omittingEmptySubsequences: false).contains {
                $0 == ".." || $0 == "." || $0.isEmpty
            }
    }

    /// `a/b/c.tpl` → `a`, `a/b`.
    static func ancestors(of path: String) -> [String] {
        let parts = path.split(separator: "/")
        return (1..<max(parts.count, 1)).map { parts[0..<$0].joined(separator: "/") }
    }
}

/// The operation journal that makes an operation atomic across the database and the file tree.
///
/// An operation stages its new files under `var/addonhost/staging/<op-id>/`, then in ONE
/// transaction does its database work and inserts an `addonhost_operations` row listing its file
/// actions. The commit is the point of no return: a row present means "roll forward" (apply the
/// actions, which are idempotent), a staging folder without a row means "roll back" (delete it).
/// `recover` does both and runs before every command, under the writer lock.
public struct OperationJournal {
    public let layout: StoreLayout
    var storeRoot: String { layout.root }

    public init(layout: StoreLayout) {
        self.layout = layout
    }

    /// The staging folder of one operation (absolute).
    public func stagingPath(_ operationID: String) -> String {
        "\(layout.stagingDirectory)/\(operationID)"
    }

    /// Records the operation's actions. Call inside the operation's transaction.
    func record(operationID: String, kind: String, addon: String, actions: [FileAction], database: Database) throws {
        try database.execute(
            "INSERT INTO addonhost_operations (op_id, kind, addon, actions, created_at) VALUES (?, ?, ?, ?, ?)",
            [
                .text(operationID), .text(kind), .text(addon), .text(JSONValue.array(actions.map(\.json)).compact),
                .integer(Int64(Date().timeIntervalSince1970)),
            ])
    }

    /// Applies a committed operation's actions, clears its row and deletes its staging folder.
    func rollForward(operationID: String, actions: [FileAction], database: Database, hooks: TestHooks) throws {
        let staging = stagingPath(operationID)
        for (index, action) in actions.enumerated() {
            try apply(action, staging: staging)
            if index == 0 { try hooks.checkpoint("moving") }
        }
        try hooks.checkpoint("moved")
        try clear(operationID, database: database)
        try hooks.checkpoint("cleared")
        discardStaging(operationID)
    }

    /// Deletes the operation's row, without an fsync of its own (`synchronous = NORMAL` for this
    /// commit). The row only says that idempotent actions, now applied, are still to apply: if a
    /// power loss takes the deletion back, recovery applies them again to no effect. "WAL mode is
    /// always consistent with synchronous=NORMAL" (sqlite.org/pragma.html#pragma_synchronous), and
    /// the next commit's fsync or the checkpoint at close makes the deletion durable.
    private func clear(_ operationID: String, database: Database) throws {
        let level = try database.scalar("PRAGMA synchronous")?.integer ?? 2
        try database.execute("PRAGMA synchronous = NORMAL")
        defer { try? database.execute("PRAGMA synchronous = \(level)") }
        try database.execute("DELETE FROM addonhost_operations WHERE op_id = ?", [.text(operationID)])
    }

    /// Deletes an operation's staging folder.
    public func discardStaging(_ operationID: String) {
        try? FileManager.default.removeItem(atPath: stagingPath(operationID))
    }

    /// Brings the store to a consistent state after a crash: committed operations are finished,
    /// uncommitted ones are discarded. Must run under the writer lock. Returns what it did.
    @discardableResult
    public func recover(database: Database) throws -> [String] {
        var report: [String] = []
        let rows = try database.rows(
            "SELECT op_id, kind, addon, actions FROM addonhost_operations ORDER BY created_at, op_id")
        for row in rows {
            guard let id = row["op_id"].text, let text = row["actions"].text else { continue }
            let parsed = try JSONValue.parse(text, path: "addonhost_operations(\(id))")
            guard case .array(let items) = parsed else {
                throw LifecycleError(step: "recovery", message: "operation \(id) has an unreadable action list")
            }
            let actions = try items.map { item in
                guard let action = FileAction(json: item) else {
                    throw LifecycleError(
                        step: "recovery", message: "operation \(id) has an unreadable action: \(item.compact)")
                }
                return action
            }
            try rollForward(operationID: id, actions: actions, database: database, hooks: TestHooks(environment: [:]))
            report.append("finished \(row["kind"].text ?? "") of \(row["addon"].text ?? "") (operation \(id))")
        }
        let stagingRoot = layout.stagingDirectory
        for leftover in (try? FileManager.default.contentsOfDirectory(atPath: stagingRoot))?.sorted() ?? [] {
            discardStaging(leftover)
            report.append("rolled back interrupted operation \(leftover)")
        }
        return report
    }

    /// Whether anything is left to recover (cheap: no lock needed to ask).
    public func needsRecovery(database: Database) -> Bool {
        let staging = (try? FileManager.default.contentsOfDirectory(atPath: layout.stagingDirectory)) ?? []
        if !staging.isEmpty { return true }
        return ((try? database.scalar("SELECT count(*) FROM addonhost_operations"))??.integer ?? 0) > 0
    }

    private func apply(_ action: FileAction, staging: String) throws {
        let manager = FileManager.default
        switch action {
        case .place(let staged, let target):
            let source = "\(staging)/\(staged)"
            let destination = "\(storeRoot)/\(target)"
            // Already moved by an earlier, interrupted roll-forward.
            guard manager.fileExists(atPath: source) else { return }
            try createDirectory(parentOf: target)
            guard rename(source, destination) == 0 else {
                throw LifecycleError.fileSystem("files", String(cString: strerror(errno)), path: target)
            }
        case .remove(let target):
            let path = "\(storeRoot)/\(target)"
            if unlink(path) != 0 && errno != ENOENT {
                throw LifecycleError.fileSystem("files", String(cString: strerror(errno)), path: target)
            }
        case .makeDirectory(let target):
            try createDirectory(target)
        case .removeDirectory(let target):
            // ENOENT: already removed; ENOTEMPTY: someone put a file there, keep it.
            _ = rmdir("\(storeRoot)/\(target)")
        }
    }

    private func createDirectory(parentOf target: String) throws {
        guard let slash = target.lastIndex(of: "/") else { return }
        try createDirectory(String(target[..<slash]))
    }

    private func createDirectory(_ target: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: "\(storeRoot)/\(target)", withIntermediateDirectories: true)
        } catch {
            throw LifecycleError.fileSystem(
                "files", "cannot create the folder (\(error.localizedDescription))", path: target)
        }
    }
}

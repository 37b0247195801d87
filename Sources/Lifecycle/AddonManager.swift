public import AddonSDK
internal import Basics
internal import Foundation
internal import SQLite
public import Store

/// The host's CS-Cart core version and edition, for `<compatibility>` checks.
public struct HostInfo: Sendable {
    public var coreVersion: String
    public var edition: String
    public init(coreVersion: String, edition: String) {
        self.coreVersion = coreVersion
        self.edition = edition
    }
}

/// What an operation did, for the command to print.
public struct OperationResult: Sendable {
    public var plan: OperationPlan
    /// Warnings that did not stop it (an add-on left disabled because of a conflict, …).
    public var warnings: [String]
    /// What recovery finished or rolled back before the operation ran.
    public var recovered: [String]
}

/// CS-Cart's add-on manager (spec §2): install, uninstall, enable, disable, list, show. Every
/// changing operation holds the store's writer lock, first recovers an interrupted operation,
/// then runs as ONE transaction plus journaled file moves (`OperationJournal`), so that it
/// happens entirely or not at all, even across kill -9.
public final class AddonManager {
    public let store: Store
    public let host: HostInfo
    let functions: [String: [String: AddonFunction]]
    let environment: [String: String]
    /// Fault injection for tests; the services built on the manager share it.
    public let hooks: TestHooks
    let journal: OperationJournal

    /// `addons` are the native add-ons compiled into the host; their registered functions are
    /// what `<functions>` items resolve to.
    public init(store: Store, host: HostInfo, addons: [any NativeAddon], environment: [String: String]) {
        self.store = store
        self.host = host
        functions = AddonRegistration.byAddonID(addons).mapValues(\.functions)
        self.environment = environment
        self.hooks = TestHooks(environment: environment)
        self.journal = OperationJournal(layout: store.layout)
    }

    var database: Database { store.database }
    func table(_ name: String) -> String { store.tablePrefix + name }

    // MARK: Locking and recovery

    /// Runs `body` under the writer lock, after recovering any interrupted operation.
    func locked<T>(_ operation: String, _ body: (_ recovered: [String]) throws -> T) throws -> T {
        let lock = try store.lock(operation: operation, timeout: StoreLock.timeout(environment: environment))
        defer { lock.release() }
        let recovered = try journal.recover(database: database)
        return try body(recovered)
    }

    /// Runs `body` under the shared (reader) lock, for commands that read the store's files as
    /// well as its database (rendering): no operation is between its commit and its file moves
    /// while `body` runs. An interrupted operation is recovered first.
    public func withReaderLock<T>(_ operation: String, _ body: () throws -> T) throws -> T {
        while true {
            let lock = try store.lock(
                operation: operation, timeout: StoreLock.timeout(environment: environment), shared: true)
            defer { lock.release() }
            // A writer that died between its commit and its file moves left a journal: finish it
            // under the writer lock, then read again.
            guard journal.needsRecovery(database: database) else { return try body() }
            lock.release()
            try recoverIfNeeded()
        }
    }

    /// Finishes or rolls back an interrupted operation. Every command that reads or writes the
    /// store calls this first; it takes the writer lock only when there is something to do.
    @discardableResult
    public func recoverIfNeeded() throws -> [String] {
        guard journal.needsRecovery(database: database) else { return [] }
        return try locked("recovery") { $0 }
    }

    // MARK: Running a plan

    /// Stages the plan's files, runs `work` and records the journal in one transaction, then
    /// moves the files into place. Before the commit nothing outside the staging folder changes.
    func execute(_ plan: OperationPlan, work: (PlanExecutor) throws -> Void) throws {
        let operationID = UUID().uuidString.lowercased()
        var committed = false
        do {
            let actions = try stage(plan, operationID: operationID)
            try hooks.checkpoint("stage")
            let executor = PlanExecutor(
                database: database, tablePrefix: store.tablePrefix, storeRoot: store.root,
                functions: functions[plan.addonID] ?? [:], environment: environment, hooks: hooks)
            try database.transaction(.immediate) {
                try work(executor)
                try journal.record(
                    operationID: operationID, kind: plan.kind.rawValue, addon: plan.addonID, actions: actions,
                    database: database)
                try hooks.checkpoint("commit")
            }
            committed = true
            try journal.rollForward(operationID: operationID, actions: actions, database: database, hooks: hooks)
        } catch {
            let error =
                (error as? DatabaseError).map {
                    LifecycleError(step: "database", message: $0.message, sql: $0.sql)
                } ?? error
            // After the commit the journal's row says "finish": recovery needs the staged files.
            guard !committed else { throw LifecycleError.unfinished(error) }
            journal.discardStaging(operationID)
            throw error
        }
    }

    /// Copies the plan's files into the staging folder and checks that each can be moved into
    /// place (no file where a folder must go), so that a disk problem stops the operation before
    /// its commit. Returns the journal's actions: removals, then folders, then files.
    private func stage(_ plan: OperationPlan, operationID: String) throws -> [FileAction] {
        let manager = FileManager.default
        let staging = journal.stagingPath(operationID)
        var actions: [FileAction] = []
        let placed = Set(plan.files.map(\.target))
        for file in plan.removedFiles where !placed.contains(file) { actions.append(.remove(target: file)) }
        let kept = Set(plan.files.flatMap { RelativePath.ancestors(of: $0.target) })
        for folder in plan.removedDirectories.sorted(by: { $0.count > $1.count }) where !kept.contains(folder) {
            actions.append(.removeDirectory(target: folder))
        }
        for folder in plan.createdDirectories.sorted() { actions.append(.makeDirectory(target: folder)) }
        // Nothing to stage (an uninstall): no folder to make and remove again.
        guard !plan.files.isEmpty else { return actions }
        do {
            try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw LifecycleError.fileSystem(
                "files", "cannot create the staging folder (\(error.localizedDescription))", path: staging)
        }
        for (index, file) in plan.files.enumerated() {
            try checkTarget(file.target)
            let staged = "files/\(index)"
            let destination = "\(staging)/\(staged)"
            try manager.createDirectory(atPath: "\(staging)/files", withIntermediateDirectories: true)
            guard let data = manager.contents(atPath: file.source) else {
                throw LifecycleError.fileSystem("files", "cannot read the package file", path: file.source)
            }
            guard SHA256.hexDigest(data) == file.sha256 else {
                throw LifecycleError.fileSystem(
                    "files", "the package file changed after it was planned", path: file.source)
            }
            guard manager.createFile(atPath: destination, contents: data) else {
                throw LifecycleError.fileSystem(
                    "files", "cannot write the staged copy (disk full or read-only?)", path: destination)
            }
            actions.append(.place(staged: staged, target: file.target))
        }
        return actions
    }

    /// A target can be placed when no ancestor is a file and the target is not a folder.
    private func checkTarget(_ target: String) throws {
        var isDirectory: ObjCBool = false
        for folder in RelativePath.ancestors(of: target) {
            if FileManager.default.fileExists(atPath: "\(store.root)/\(folder)", isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                throw LifecycleError.fileSystem(
                    "files", "a file is where a folder must go (for \(target))", path: folder)
            }
        }
        if FileManager.default.fileExists(atPath: "\(store.root)/\(target)", isDirectory: &isDirectory),
            isDirectory.boolValue
        {
            throw LifecycleError.fileSystem("files", "a folder is where a file must go", path: target)
        }
        if access("\(store.root)/\(existingAncestor(of: target))", W_OK) != 0 {
            throw LifecycleError.fileSystem("files", "the folder is not writable", path: existingAncestor(of: target))
        }
    }

    private func existingAncestor(of target: String) -> String {
        RelativePath.ancestors(of: target).reversed().first {
            FileManager.default.fileExists(atPath: "\(store.root)/\($0)")
        } ?? "."
    }

    /// Folders the files need that do not exist yet (`absent` treats recorded folders of an
    /// installed copy as missing, so that a reinstall records them again).
    func foldersToCreate(for targets: [String], absent: Set<String> = []) -> [String] {
        var folders: Set<String> = []
        for target in targets {
            for folder in RelativePath.ancestors(of: target)
            where absent.contains(folder) || !FileManager.default.fileExists(atPath: "\(store.root)/\(folder)") {
                folders.insert(folder)
            }
        }
        return folders.sorted()
    }
}

/// The files and folders an install recorded in `addonhost_files`.
struct InstalledFiles {
    var files: [String: String]
    var directories: [String]
}

extension AddonManager {
    func installedFiles(_ addonID: String) throws -> InstalledFiles {
        var result = InstalledFiles(files: [:], directories: [])
        for row in try database.rows(
            "SELECT path, kind, sha256 FROM addonhost_files WHERE addon = ? ORDER BY path", [.text(addonID)])
        {
            guard let path = row["path"].text else { continue }
            if row["kind"].text == "dir" {
                result.directories.append(path)
            } else {
                result.files[path] = row["sha256"].text ?? ""
            }
        }
        return result
    }
}

import Basics
import Foundation
public import SQLite

/// A store: a folder laid out like a CS-Cart root with its database, `store.db`. Opening one
/// brings its schema up to date; a store written by a newer addonhost is refused. Not
/// `Sendable`: it owns its database connection.
public final class Store {
    public let layout: StoreLayout
    public let database: Database
    /// The prefix of CS-Cart's tables, what `?:` in add-on queries stands for.
    public let tablePrefix = "cscart_"

    /// The store's folder (absolute).
    public var root: String { layout.root }
    /// The database file this connection opened: `init --force` may replace the store while a
    /// command waits for its lock, and the command must not then write to the old one.
    private let databaseFile: FileIdentity?

    private init(layout: StoreLayout, database: Database, databaseFile: FileIdentity?) {
        self.layout = layout
        self.database = database
        self.databaseFile = databaseFile
    }

    /// Takes the store's lock (`StoreLock`), then checks that the store is still the one opened:
    /// a command that waited while `init --force` replaced it stops with "store busy" rather than
    /// commit to the replaced database and move its files into the new store.
    public func lock(operation: String, timeout: Double, shared: Bool = false) throws -> StoreLock {
        let lock = try StoreLock.acquire(layout, operation: operation, timeout: timeout, shared: shared)
        guard FileIdentity(path: layout.databasePath) == databaseFile else {
            lock.release()
            throw StoreDiagnostics.replaced(root: root)
        }
        return lock
    }

    /// Opens an existing store and applies pending migrations (all in one transaction).
    public static func open(at path: String) throws -> Store {
        let layout = StoreLayout(root: Paths.absolute(path))
        guard FileManager.default.fileExists(atPath: layout.databasePath) || restoreSetAside(layout) else {
            throw StoreDiagnostics.notFound(layout.root)
        }
        let file = FileIdentity(path: layout.databasePath)
        let database = try Database(path: layout.databasePath, mode: .readWrite)
        // Replaced between the two looks: which file the connection has is unknown.
        guard FileIdentity(path: layout.databasePath) == file else {
            throw StoreDiagnostics.replaced(root: layout.root)
        }
        try DatabaseMigrator.addonhost.migrate(database)
        // A page reads a few rows out of millions: the interior pages of the orders table and of
        // its indexes (about 330 at a million orders) must stay cached between renders, and
        // SQLite's default 2 MB (500 pages) lets each render's leaves push them out. The cache
        // grows only as pages are read, so a short command pays nothing for it.
        try database.execute("PRAGMA cache_size = -\(pageCacheKibibytes)")
        return Store(layout: layout, database: database, databaseFile: file)
    }

    /// The page cache of a store's connection (`PRAGMA cache_size`), 16 MiB.
    static let pageCacheKibibytes = 16 * 1024

    /// Creates a store at `path`. `populate` runs on the new store before it is moved into place
    /// (its `root` is then a temporary folder beside `path`), so that the store appears complete
    /// or not at all. An existing store is an error unless `force`, which replaces it while
    /// holding its writer lock; a folder that is neither empty nor a store is never replaced.
    public static func create(
        at path: String, force: Bool = false, lockTimeout: Double = 10, populate: (Store) throws -> Void = { _ in }
    ) throws -> Store {
        let layout = StoreLayout(root: Paths.absolute(path))
        let root = layout.root
        let parent = (root as NSString).deletingLastPathComponent
        let name = (root as NSString).lastPathComponent
        let existing = try existingState(layout)
        if existing == .store && !force { throw StoreDiagnostics.alreadyExists(root) }
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)

        var oldLock: StoreLock?
        if existing == .store {
            try FileManager.default.createDirectory(atPath: layout.hostDirectory, withIntermediateDirectories: true)
            oldLock = try StoreLock.acquire(layout, operation: "init --force", timeout: lockTimeout)
        }
        defer { oldLock?.release() }

        let temporary = StoreLayout(root: "\(parent)/.addonhost-new-\(name)-\(UUID().uuidString)")
        do {
            for directory in [temporary.root] + temporary.directories {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
            }
            // The lock file belongs to the store from the start, so that the first operation
            // leaves the file tree as it found it.
            guard FileManager.default.createFile(atPath: temporary.lockFile, contents: nil) else {
                throw StoreDiagnostics.fileSystem("create the lock file", temporary.lockFile, errno: errno)
            }
            let database = try Database(path: temporary.databasePath, mode: .readWriteCreate)
            // No journal while the store is built: nobody else sees the temporary folder, and a
            // failure discards it whole, so the rename below is what makes creation atomic.
            // Bulk sample data is then written once instead of twice, and a 128 MB page cache
            // keeps the order indexes in memory while a million rows go in.
            try database.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -131072")
            try DatabaseMigrator.addonhost.migrate(database)
            let store = Store(
                layout: temporary, database: database, databaseFile: FileIdentity(path: temporary.databasePath))
            try populate(store)
            // WAL is recorded in the file: from now on readers never wait for the writer.
            try database.execute("PRAGMA journal_mode = WAL")
            database.close()
            try moveIntoPlace(temporary.root, layout: layout, existing: existing)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary.root)
            throw error
        }
        return try open(at: root)
    }

    private enum ExistingState { case absent, emptyFolder, store }

    private static func existingState(_ layout: StoreLayout) throws -> ExistingState {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: layout.root, isDirectory: &isDirectory) else { return .absent }
        guard isDirectory.boolValue else { throw StoreDiagnostics.notAStore(layout.root) }
        if FileManager.default.fileExists(atPath: layout.databasePath) { return .store }
        if try FileManager.default.contentsOfDirectory(atPath: layout.root).isEmpty { return .emptyFolder }
        throw StoreDiagnostics.notAStore(layout.root)
    }

    /// `init --force` killed between its two renames left no store at the path, the old one set
    /// aside beside it: put it back (the replacement never happened). Returns whether it did.
    private static func restoreSetAside(_ layout: StoreLayout) -> Bool {
        let parent = (layout.root as NSString).deletingLastPathComponent
        let prefix = setAsidePrefix(layout)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        // The exact shape, `<prefix><UUID>`: "store-2"'s names also begin with "store"'s prefix.
        for name in names.sorted()
        where name.hasPrefix(prefix) && UUID(uuidString: String(name.dropFirst(prefix.count))) != nil {
            let aside = "\(parent)/\(name)"
            guard FileManager.default.fileExists(atPath: StoreLayout(root: aside).databasePath) else { continue }
            // A concurrent init --force that renamed its new store in first wins: this one fails.
            return rename(aside, layout.root) == 0
        }
        return false
    }

    private static func setAsidePrefix(_ layout: StoreLayout) -> String {
        ".addonhost-old-\((layout.root as NSString).lastPathComponent)-"
    }

    /// rename(2) is atomic; an empty folder at the target is replaced by it ("If newpath exists,
    /// it will be atomically replaced… newpath can specify an empty directory"). An old store is
    /// first renamed aside and put back if the second rename fails, or, after a kill between the
    /// two, by the next `open`.
    private static func moveIntoPlace(_ source: String, layout: StoreLayout, existing: ExistingState) throws {
        guard existing == .store else {
            if rename(source, layout.root) != 0 {
                throw StoreDiagnostics.fileSystem("move the new store to", layout.root, errno: errno)
            }
            return
        }
        let parent = (layout.root as NSString).deletingLastPathComponent
        let aside = "\(parent)/\(setAsidePrefix(layout))\(UUID().uuidString)"
        if rename(layout.root, aside) != 0 {
            throw StoreDiagnostics.fileSystem("move the old store aside to", aside, errno: errno)
        }
        if rename(source, layout.root) != 0 {
            let code = errno
            _ = rename(aside, layout.root)
            throw StoreDiagnostics.fileSystem("move the new store to", layout.root, errno: code)
        }
        try? FileManager.default.removeItem(atPath: aside)
    }
}

/// A file's device and inode: the same path may name another file later.
struct FileIdentity: Hashable {
    let device: UInt64
    let inode: UInt64

    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        self.init(status)
    }

    /// The file an open descriptor refers to, wherever its name now points.
    init?(descriptor: Int32) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        self.init(status)
    }

    private init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }
}

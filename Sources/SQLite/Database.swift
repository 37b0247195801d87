import Basics
internal import CSQLite

/// One connection to an SQLite database file. Not `Sendable`: a connection belongs to the code
/// that opened it (as GRDB's `Database` does); the CLI is synchronous.
public final class Database {
    let handle: OpaquePointer
    public let path: String
    private var isClosed = false
    /// Prepared statements of `rows`, by SQL: pages ask the same questions on every render, and
    /// preparing a query costs more than answering it. "If the database schema changes …
    /// sqlite3_step() will automatically recompile the SQL statement" (sqlite.org/c3ref/prepare.html),
    /// so a kept statement never answers for an old schema.
    private var statementCache: [String: Statement] = [:]
    private static let statementCacheLimit = 64

    /// How to open the file.
    public enum Mode: Sendable {
        case readWrite
        case readWriteCreate
        case readOnly
    }

    /// Opens (or creates) a database. Double-quoted string literals are turned off, foreign keys
    /// on, and a busy timeout set so that a second writer waits before it fails.
    public init(path: String, mode: Mode = .readWriteCreate, busyTimeoutMilliseconds: Int32 = 5000)
        throws(DatabaseError)
    {
        var handle: OpaquePointer?
        let flags: Int32
        switch mode {
        case .readWrite: flags = SQLITE_OPEN_READWRITE
        case .readWriteCreate: flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readOnly: flags = SQLITE_OPEN_READONLY
        }
        let code = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let handle { sqlite3_close_v2(handle) }
            throw DatabaseError(code: code, message: message, sql: nil, path: path)
        }
        self.handle = handle
        self.path = path
        // "SQLite accepts double-quoted string literals … a misfeature" (sqlite.org/quirks.html#dblquote)
        addonhost_sqlite_disable_dqs(handle)
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        sqlite3_extended_result_codes(handle, 1)
        // "Foreign key constraints are disabled by default … must be enabled separately for each
        // database connection." (sqlite.org/foreignkeys.html#fk_enable)
        try execute("PRAGMA foreign_keys = ON")
    }

    deinit {
        if !isClosed { sqlite3_close_v2(handle) }
    }

    /// Closes the connection. Statements still alive are finalized by their own `deinit`;
    /// `sqlite3_close_v2` defers the close until they are ("a zombie").
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws(DatabaseError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if code != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errorMessage)
            throw DatabaseError(code: code, message: message, sql: sql, path: path)
        }
    }

    /// Runs one statement with arguments.
    public func execute(_ sql: String, _ arguments: [DatabaseValue]) throws(DatabaseError) {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        try statement.run()
    }

    public func prepare(_ sql: String) throws(DatabaseError) -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// All rows of a query.
    public func rows(_ sql: String, _ arguments: [DatabaseValue] = []) throws(DatabaseError) -> [Row] {
        // Taken out of the cache while in use, so that a nested read of the same SQL prepares its own.
        let statement: Statement
        if let kept = statementCache.removeValue(forKey: sql) { statement = kept } else { statement = try prepare(sql) }
        try statement.bind(arguments)
        let rows = try statement.allRows()
        statement.reset()
        if statementCache.count >= Self.statementCacheLimit { statementCache.removeAll() }
        statementCache[sql] = statement
        return rows
    }

    /// The first column of the first row, or nil.
    public func scalar(_ sql: String, _ arguments: [DatabaseValue] = []) throws(DatabaseError) -> DatabaseValue? {
        try rows(sql, arguments).first?.values.first
    }

    public var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var changes: Int { Int(sqlite3_changes(handle)) }
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    public enum TransactionKind: String, Sendable {
        case deferred = "DEFERRED"
        case immediate = "IMMEDIATE"
        case exclusive = "EXCLUSIVE"
    }

    /// Runs `body` in a transaction: it commits if `body` returns, and rolls back if it throws.
    /// The first error wins: a failing rollback never hides the error that caused it (GRDB's
    /// `inTransaction`). Writers use `.immediate` so that a second writer waits for the lock
    /// (busy timeout) instead of failing at its first write.
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        try execute("BEGIN \(kind.rawValue) TRANSACTION")
        let result: T
        do {
            result = try body()
        } catch {
            try? execute("ROLLBACK TRANSACTION")
            throw error
        }
        do {
            try execute("COMMIT TRANSACTION")
        } catch {
            try? execute("ROLLBACK TRANSACTION")
            throw error
        }
        return result
    }

    /// Names of the tables of the database, sorted.
    public func tableNames() throws(DatabaseError) -> [String] {
        try rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .compactMap { $0[0].text }
    }

    func lastError(sql: String?) -> DatabaseError {
        DatabaseError(
            code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)), sql: sql,
            path: path)
    }
}

/// An SQLite error with every fact needed to act on it: the result code, SQLite's own message,
/// and the SQL that failed (GRDB's `DatabaseError`).
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    /// The extended result code.
    public var code: Int32
    public var message: String
    public var sql: String?
    public var path: String

    public init(code: Int32, message: String, sql: String?, path: String) {
        self.code = code
        self.message = message
        self.sql = sql
        self.path = path
    }

    /// The primary result code (`SQLITE_BUSY` for `SQLITE_BUSY_SNAPSHOT`, …).
    public var primaryCode: Int32 { code & 0xFF }
    /// Another connection holds the lock past the busy timeout.
    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }
    public var isConstraintViolation: Bool { primaryCode == SQLITE_CONSTRAINT }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " — while executing: \(sql)" }
        return text
    }
}

internal import Basics
internal import CSQLite
internal import Foundation

/// A prepared statement. Its owner is the `Statement` object: `deinit` finalizes it.
public final class Statement {
    let handle: OpaquePointer
    unowned let database: Database
    public let sql: String

    init(database: Database, sql: String) throws(DatabaseError) {
        var handle: OpaquePointer?
        let code = sqlite3_prepare_v2(database.handle, sql, -1, &handle, nil)
        guard code == SQLITE_OK, let handle else {
            throw database.lastError(sql: sql)
        }
        self.handle = handle
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// The column names of the rows of the current run, read once per run (a re-prepared
    /// statement may have other columns).
    private var rowColumns: [String]?

    /// Ends the current run: the statement can run again from the start.
    func reset() {
        sqlite3_reset(handle)
        rowColumns = nil
    }

    public var columnNames: [String] {
        (0..<sqlite3_column_count(handle)).map { String(cString: sqlite3_column_name(handle, $0)) }
    }

    /// Binds positional arguments (`?`), after clearing previous bindings and resetting.
    public func bind(_ arguments: [DatabaseValue]) throws(DatabaseError) {
        reset()
        sqlite3_clear_bindings(handle)
        for offset in arguments.indices {
            let index = Int32(offset + 1)
            let code: Int32
            switch arguments[offset] {
            case .null: code = sqlite3_bind_null(handle, index)
            case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
            case .real(let number): code = sqlite3_bind_double(handle, index, number)
            case .text(let text):
                // The byte count, not -1: with -1 SQLite stops at the first NUL and cuts the text.
                // 64-bit counts: past SQLite's length limit it answers SQLITE_TOOBIG, where an
                // `Int32` conversion of 2 GiB would trap.
                var text = text
                code = text.withUTF8 { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { chars in
                        sqlite3_bind_text64(
                            handle, index, chars.baseAddress, UInt64(chars.count), addonhost_sqlite_transient(),
                            UInt8(SQLITE_UTF8))
                    }
                }
            case .blob(let bytes):
                code = bytes.withUnsafeBytes { buffer in
                    sqlite3_bind_blob64(
                        handle, index, buffer.baseAddress, UInt64(buffer.count), addonhost_sqlite_transient())
                }
            }
            if code != SQLITE_OK { throw database.lastError(sql: sql) }
        }
    }

    /// Runs the statement to completion, ignoring rows.
    public func run() throws(DatabaseError) {
        while try step() != nil {}
    }

    /// Runs the statement with new arguments (for batch inserts with one prepared statement).
    public func run(_ arguments: [DatabaseValue]) throws(DatabaseError) {
        try bind(arguments)
        try run()
    }

    public func allRows() throws(DatabaseError) -> [Row] {
        var rows: [Row] = []
        while let row = try step() { rows.append(row) }
        return rows
    }

    /// The next row, or nil when the statement is done.
    public func step() throws(DatabaseError) -> Row? {
        switch sqlite3_step(handle) {
        case SQLITE_ROW:
            let count = sqlite3_column_count(handle)
            var values: [DatabaseValue] = []
            values.reserveCapacity(Int(count))
            for column in 0..<count { values.append(columnValue(column)) }
            let columns = rowColumns ?? columnNames
            rowColumns = columns
            return Row(columns: columns, values: values)
        case SQLITE_DONE:
            rowColumns = nil
            return nil
        default:
            let error = database.lastError(sql: sql)
            reset()
            throw error
        }
    }

    private func columnValue(_ column: Int32) -> DatabaseValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, column))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, column))
            guard let pointer = sqlite3_column_blob(handle, column), count > 0 else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: pointer, count: count)))
        default:
            // "sqlite3_column_bytes() returns the number of bytes in that BLOB or string"; a
            // C-string read would stop at an embedded NUL.
            guard let text = sqlite3_column_text(handle, column) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        }
    }
}

/// A value as SQLite stores it.
public enum DatabaseValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public var text: String? {
        switch self {
        case .text(let value): value
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .null, .blob: nil
        }
    }

    public var integer: Int64? {
        switch self {
        case .integer(let value): value
        case .real(let value): Int64(value)
        case .text(let value): Int64(value)
        case .null, .blob: nil
        }
    }

    public var real: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .real(let value): value
        case .text(let value): Double(value)
        case .null, .blob: nil
        }
    }

    public var isNull: Bool { self == .null }

    public var description: String {
        switch self {
        case .null: "NULL"
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .text(let value): "'" + value.replacingEvery("'", with: "''") + "'"
        case .blob(let bytes): "X'" + bytes.map { String(format: "%02X", $0) }.joined() + "'"
        }
    }
}

extension DatabaseValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(_ value: Int) { self = .integer(Int64(value)) }
    public init(_ value: String?) { self = value.map(DatabaseValue.text) ?? .null }
}

/// One result row: values by position or by column name.
public struct Row: Sendable, Hashable {
    public let columns: [String]
    public let values: [DatabaseValue]

    public subscript(index: Int) -> DatabaseValue { values[index] }

    public subscript(column: String) -> DatabaseValue {
        guard let index = columns.firstIndex(of: column) else { return .null }
        return values[index]
    }
}

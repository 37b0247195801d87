import SQLite
import Templates

/// The store's rows as template values.
extension Value {
    init(_ value: DatabaseValue) {
        switch value {
        case .null: self = .null
        case .integer(let number): self = .int(Int(number))
        case .real(let number): self = .float(number)
        case .text(let text): self = .string(text)
        case .blob(let bytes): self = .string(String(decoding: bytes, as: UTF8.self))
        }
    }
}

extension OrderedMap {
    /// A row as PHP's `db_get_row` gives it: column names to values, in column order.
    init(_ row: Row) {
        self.init(zip(row.columns, row.values).map { ($0, Value($1)) })
    }
}

import Foundation
import SQLite
import Templates

/// Reading the store's rows as template values.
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

    init(_ row: Row) {
        self = .map(OrderedMap(zip(row.columns, row.values).map { ($0, Value($1)) }))
    }
}

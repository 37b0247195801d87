import Foundation

// PHP 8's rules for the values templates compare, test and print.
extension Value {
    /// PHP truthiness: null, false, 0, 0.0, "", "0" and empty arrays are false.
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let b): b
        case .int(let i): i != 0
        case .float(let d): d != 0
        case .string(let s): !(s.isEmpty || s == "0")
        case .list(let l): !l.isEmpty
        case .map(let m): !m.isEmpty
        }
    }

    /// PHP's `(string)` conversion (floats with `precision=14`).
    public var phpString: String {
        switch self {
        case .null: ""
        case .bool(let b): b ? "1" : ""
        case .int(let i): String(i)
        case .float(let d): Value.phpFloatString(d)
        case .string(let s): s
        case .list, .map: "Array"
        }
    }

    /// Writes `phpString` as UTF-8, HTML-escaped when asked, without building a String for
    /// numbers (digits never need escaping).
    func appendPHPString(to out: inout OutputBuffer, escape: Bool) {
        switch self {
        case .int(let i):
            Value.appendDecimal(i, to: &out)
        case .string(var s):
            if escape {
                s.withUTF8 { HTML.appendEscaped($0, to: &out) }
            } else {
                s.withUTF8 { out.append($0) }
            }
        case .null:
            break
        default:
            Value.string(phpString).appendPHPString(to: &out, escape: escape)
        }
    }

    /// The decimal digits of an integer, written without building a String.
    static func appendDecimal<Sink: ByteSink & ~Copyable>(_ i: Int, to out: inout Sink) {
        if i < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = i.magnitude
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var n = buffer.count
            repeat {
                n -= 1
                buffer[n] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.append(UnsafeRawBufferPointer(rebasing: buffer[n...]).assumingMemoryBound(to: UInt8.self))
        }
    }

    /// A float as PHP prints it with `precision=14`: `%.14G`, with `1.0E+20` style exponents.
    static func phpFloatString(_ d: Double) -> String {
        if d.isNaN { return "NAN" }
        if d.isInfinite { return d < 0 ? "-INF" : "INF" }
        if d == d.rounded(), abs(d) < 1e14 { return d == 0 ? (d.sign == .minus ? "-0" : "0") : String(Int(d)) }
        let text = String(format: "%.14G", d)
        guard let e = text.firstIndex(of: "E") else { return text }
        var mantissa = String(text[..<e])
        if !mantissa.contains(".") { mantissa += ".0" }
        let exponent = text[text.index(after: e)...]
        let sign = exponent.first == "-" ? "-" : "+"
        let digits = exponent.drop { $0 == "+" || $0 == "-" || $0 == "0" }
        return mantissa + "E" + sign + (digits.isEmpty ? "0" : digits)
    }

    /// PHP's `is_numeric`: an int, a float, or a numeric string.
    var isNumeric: Bool {
        switch self {
        case .int, .float: true
        case .string(let s): Value.numericString(s) != nil
        default: false
        }
    }

    /// The number a PHP numeric string denotes (leading/trailing whitespace allowed), else nil.
    /// Works on the UTF-8 bytes: it runs for every comparison with a string.
    static func numericString(_ s: String) -> Value? {
        var s = s
        return s.withUTF8 { numericString(bytes: $0) }
    }

    private static func numericString(bytes utf8: UnsafeBufferPointer<UInt8>) -> Value? {
        func isSpace(_ b: UInt8) -> Bool { b == 32 || (b >= 9 && b <= 13) }
        var lower = 0, upper = utf8.count
        while lower < upper, isSpace(utf8[lower]) { lower += 1 }
        while upper > lower, isSpace(utf8[upper - 1]) { upper -= 1 }
        guard lower < upper else { return nil }
        var i = lower
        let negative = utf8[i] == UInt8(ascii: "-")
        if utf8[i] == UInt8(ascii: "+") || negative { i += 1 }
        var digits = 0
        var isFloat = false
        var magnitude = 0
        var overflow = false
        while i < upper, utf8[i] >= 48, utf8[i] <= 57 {
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (n, o2) = m.addingReportingOverflow(Int(utf8[i] - 48))
            overflow = overflow || o1 || o2
            magnitude = n
            i += 1
            digits += 1
        }
        if i < upper, utf8[i] == UInt8(ascii: ".") {
            isFloat = true
            i += 1
            while i < upper, utf8[i] >= 48, utf8[i] <= 57 {
                i += 1
                digits += 1
            }
        }
        guard digits > 0 else { return nil }
        if i < upper, utf8[i] == UInt8(ascii: "e") || utf8[i] == UInt8(ascii: "E") {
            var j = i + 1
            if j < upper, utf8[j] == UInt8(ascii: "+") || utf8[j] == UInt8(ascii: "-") { j += 1 }
            let start = j
            while j < upper, utf8[j] >= 48, utf8[j] <= 57 { j += 1 }
            if j > start {
                isFloat = true
                i = j
            }
        }
        guard i == upper else { return nil }
        if !isFloat, !overflow { return .int(negative ? -magnitude : magnitude) }
        return Double(String(decoding: UnsafeBufferPointer(rebasing: utf8[lower..<upper]), as: UTF8.self)).map(
            Value.float)
    }

    /// The number for arithmetic (`+ - * /`), as PHP converts operands.
    var phpNumber: Value {
        switch self {
        case .null: .int(0)
        case .bool(let b): .int(b ? 1 : 0)
        case .int, .float: self
        case .string(let s): Value.numericString(s) ?? Value.leadingNumber(s)
        case .list(let l): .int(l.isEmpty ? 0 : 1)
        case .map(let m): .int(m.isEmpty ? 0 : 1)
        }
    }

    /// The leading number of a string such as "12abc" (PHP warns and uses 12), else 0.
    private static func leadingNumber(_ s: String) -> Value {
        var prefix = ""
        for c in s.drop(while: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            if c.isASCII, c.isNumber || (prefix.isEmpty && (c == "-" || c == "+")) || c == "." {
                prefix.append(c)
            } else {
                break
            }
        }
        return numericString(prefix) ?? .int(0)
    }

    var phpDouble: Double {
        switch phpNumber {
        case .int(let i): Double(i)
        case .float(let d): d
        default: 0
        }
    }

    var phpInt: Int {
        switch phpNumber {
        case .int(let i): i
        case .float(let d): Self.phpInt(d)
        default: 0
        }
    }

    /// PHP's float to int (`zend_dval_to_lval`): truncated toward zero; out of range, modulo 2^64
    /// (`(int)1e30` is 5076964154930102272); NaN and infinities 0. Never a trap, whatever the data.
    static func phpInt(_ d: Double) -> Int {
        guard d.isFinite else { return 0 }
        let twoTo63 = 9_223_372_036_854_775_808.0
        if d >= -twoTo63 && d < twoTo63 { return Int(d.rounded(.towardZero)) }
        var wrapped = d.truncatingRemainder(dividingBy: 2 * twoTo63)
        if wrapped < 0 { wrapped += 2 * twoTo63 }
        if wrapped >= twoTo63 { wrapped -= 2 * twoTo63 }
        return Int(wrapped)
    }

    /// The elements of an array value (a list or a map), with PHP keys.
    var arrayEntries: [(key: Value, value: Value)]? {
        switch self {
        case .list(let l): l.enumerated().map { (.int($0.offset), $0.element) }
        case .map(let m): m.map { (Value.mapKey($0.key), $0.value) }
        default: nil
        }
    }

    /// A map key as PHP sees it: decimal integer strings are integer keys.
    static func mapKey(_ key: String) -> Value {
        if let i = Int(key), String(i) == key { return .int(i) }
        return .string(key)
    }

    var isArray: Bool {
        switch self {
        case .list, .map: true
        default: false
        }
    }

    var count: Int {
        switch self {
        case .list(let l): l.count
        case .map(let m): m.count
        case .null: 0
        default: 1
        }
    }

    /// `===`: same type and value.
    func strictEquals(_ other: Value) -> Bool {
        switch (self, other) {
        case (.list, .list), (.map, .map), (.list, .map), (.map, .list): return arrayEntriesEqual(other, strict: true)
        default: return self == other
        }
    }

    /// `==` with PHP 8's loose comparison.
    func looseEquals(_ other: Value) -> Bool {
        // Two strings, the usual test in templates: equal bytes are equal, and different ones
        // are equal only as numbers, so neither needs `compare`'s ordering.
        if case .string(let a) = self, case .string(let b) = other {
            if a == b { return true }
            guard let x = Value.numericString(a), let y = Value.numericString(b) else { return false }
            return x.compare(y) == 0
        }
        return compare(other) == 0
    }

    private func arrayEntriesEqual(_ other: Value, strict: Bool) -> Bool {
        if !strict { return compare(other) == 0 }
        guard let a = arrayEntries, let b = other.arrayEntries, a.count == b.count else { return false }
        return zip(a, b).allSatisfy { $0.key == $1.key && $0.value.strictEquals($1.value) }
    }

    /// The element of an array at a PHP key, or nil when it has none.
    private func element(atKey key: String) -> Value? {
        switch self {
        case .list(let items):
            guard let i = Int(key), String(i) == key, items.indices.contains(i) else { return nil }
            return items[i]
        case .map(let map): return map[key]
        default: return nil
        }
    }

    /// PHP's `<=>` of two arrays (zend_hash_compare, unordered): the smaller count is smaller;
    /// otherwise the first element, in the left one's order, that compares unequal with the
    /// right one's at the same key decides, and a key the right one lacks makes the left larger.
    /// Keys are looked up, not searched: a search per key made comparing large arrays quadratic.
    private func compareArrays(_ other: Value) -> Int {
        if count != other.count { return count < other.count ? -1 : 1 }
        func order(_ value: Value, _ match: Value?) -> Int { match.map { value.compare($0) } ?? 1 }
        switch self {
        case .list(let items):
            if case .list(let others) = other {
                for (item, match) in zip(items, others) {
                    let result = item.compare(match)
                    if result != 0 { return result }
                }
                return 0
            }
            for (i, item) in items.enumerated() {
                let result = order(item, other.element(atKey: String(i)))
                if result != 0 { return result }
            }
        case .map(let map):
            for (key, value) in map {
                let result = order(value, other.element(atKey: key))
                if result != 0 { return result }
            }
        default:
            break
        }
        return 0
    }

    /// PHP 8's `<=>`. Not antisymmetric for arrays that each hold a key the other lacks: both
    /// orders give 1, so PHP's `$a > $b`, which it evaluates as `$b < $a`, is false too.
    func compare(_ other: Value) -> Int {
        switch (self, other) {
        case (.string(let a), .string(let b)):
            if let x = Value.numericString(a), let y = Value.numericString(b) { return x.compare(y) }
            return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : (a == b ? 0 : 1)
        case (.bool, _), (_, .bool), (.null, .int), (.null, .float), (.int, .null), (.float, .null),
            (.null, .list), (.null, .map), (.list, .null), (.map, .null):
            let a = isTruthy, b = other.isTruthy
            return a == b ? 0 : (a ? 1 : -1)
        case (.null, .null): return 0
        case (.null, .string(let s)): return s.isEmpty ? 0 : -1
        case (.string(let s), .null): return s.isEmpty ? 0 : 1
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.int, .float), (.float, .int), (.float, .float):
            let a = phpDouble, b = other.phpDouble
            return a < b ? -1 : (a == b ? 0 : 1)
        case (.int, .string(let s)), (.float, .string(let s)):
            if let n = Value.numericString(s) { return compare(n) }
            return Value.string(phpString).compare(.string(s))
        case (.string(let s), .int), (.string(let s), .float):
            if let n = Value.numericString(s) { return n.compare(other) }
            return Value.string(s).compare(.string(other.phpString))
        case (.list, .list), (.map, .map), (.list, .map), (.map, .list):
            return compareArrays(other)
        case (.list, _), (.map, _): return 1
        case (_, .list), (_, .map): return -1
        }
    }
}

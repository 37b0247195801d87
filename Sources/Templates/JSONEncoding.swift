import Foundation

/// PHP's `json_encode` with default flags: `\/`, `\uXXXX` for non-ASCII, shortest floats.
enum JSONEncoding {
    static func encode(_ value: Value) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    private static func write(_ value: Value, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .float(let d):
            if !d.isFinite { out += "0"; return }
            if d == d.rounded(), abs(d) < 1e15 { out += String(Int(d)) } else { out += phpShortest(d) }
        case .string(let s): writeString(s, to: &out)
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, to: &out)
            }
            out += "]"
        case .map(let map):
            if map.isEmpty { out += "[]"; return }
            if map.keys.enumerated().allSatisfy({ String($0.offset) == $0.element }) {
                write(.list(map.map(\.value)), to: &out)
                return
            }
            out += "{"
            for (i, entry) in map.enumerated() {
                if i > 0 { out += "," }
                writeString(entry.key, to: &out)
                out += ":"
                write(entry.value, to: &out)
            }
            out += "}"
        }
    }

    /// `serialize_precision=-1`: the shortest repr, in PHP's exponent style (`1.0e+25`).
    private static func phpShortest(_ d: Double) -> String {
        let text = "\(d)"
        guard let e = text.firstIndex(of: "e") else { return text }
        var mantissa = String(text[..<e])
        if !mantissa.contains(".") { mantissa += ".0" }
        let exponent = text[text.index(after: e)...]
        return mantissa + "e" + (exponent.hasPrefix("-") ? "" : "+") + exponent
    }

    private static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for unit in s.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x2F: out += "\\/"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x20..<0x7F: out.unicodeScalars.append(UnicodeScalar(UInt8(unit)))
            default: out += String(format: "\\u%04x", unit)
            }
        }
        out += "\""
    }
}

/// Smarty's `date_format`: strftime conversions on a Unix timestamp or a date string.
enum DateFormat {
    static func format(_ value: Value, format: String, default fallback: Value?, timeZone zone: String) -> Value {
        let timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")!
        var source = value
        if !source.isTruthy || source.phpString.isEmpty {
            guard let fallback, fallback.isTruthy else { return .null }
            source = fallback
        }
        guard let date = date(from: source, timeZone: timeZone) else { return .null }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let dayOfYear = calendar.ordinality(of: .day, in: .year, for: date) ?? 1
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        let days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
        let (year, month, day) = (c.year!, c.month!, c.day!)
        let (hour, minute, second, weekday) = (c.hour!, c.minute!, c.second!, c.weekday! - 1)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        var out = ""
        var chars = format.makeIterator()
        while let ch = chars.next() {
            guard ch == "%", let f = chars.next() else { out.append(ch); continue }
            switch f {
            case "Y": out += String(year)
            case "y": out += two(year % 100)
            case "m": out += two(month)
            case "d": out += two(day)
            case "e": out += day < 10 ? " \(day)" : String(day)
            case "H": out += two(hour)
            case "I": out += two(hour % 12 == 0 ? 12 : hour % 12)
            case "l": out += { let h = hour % 12 == 0 ? 12 : hour % 12; return h < 10 ? " \(h)" : String(h) }()
            case "M": out += two(minute)
            case "S": out += two(second)
            case "p": out += hour < 12 ? "AM" : "PM"
            case "P": out += hour < 12 ? "am" : "pm"
            case "b", "h": out += String(months[month - 1].prefix(3))
            case "B": out += months[month - 1]
            case "a": out += String(days[weekday].prefix(3))
            case "A": out += days[weekday]
            case "j": out += String(format: "%03d", dayOfYear)
            case "u": out += String(weekday == 0 ? 7 : weekday)
            case "w": out += String(weekday)
            case "D": out += "\(two(month))/\(two(day))/\(two(year % 100))"
            case "F": out += "\(year)-\(two(month))-\(two(day))"
            case "T": out += "\(two(hour)):\(two(minute)):\(two(second))"
            case "R": out += "\(two(hour)):\(two(minute))"
            case "n": out += "\n"
            case "t": out += "\t"
            case "%": out += "%"
            default: out += "%" + String(f)
            }
        }
        return .string(out)
    }

    /// A timestamp (digits) or `YYYY-MM-DD[ HH:MM[:SS]]`, as `smarty_make_timestamp` reads them.
    private static func date(from value: Value, timeZone: TimeZone) -> Date? {
        switch value {
        case .int(let i): return Date(timeIntervalSince1970: TimeInterval(i))
        case .float(let d): return Date(timeIntervalSince1970: d)
        default: break
        }
        let text = value.phpString.trimmingCharacters(in: .whitespaces)
        if let i = Int(text) { return Date(timeIntervalSince1970: TimeInterval(i)) }
        for pattern in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = timeZone
            formatter.dateFormat = pattern
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}

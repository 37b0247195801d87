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
            if !d.isFinite {
                out += "0"
                return
            }
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
            if map.isEmpty {
                out += "[]"
                return
            }
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
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]
    static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    static func format(_ value: Value, format: String, default fallback: Value?, timeZone zone: String) -> Value {
        var source = value
        if !source.isTruthy {
            guard let fallback, fallback.isTruthy else { return .null }
            source = fallback
        }
        let isUTC = zone == "UTC" || zone == "GMT"
        let timeZone = isUTC ? nil : TimeZone(identifier: zone)
        // Beyond ±30 million years from 1970 (data, not a date) it prints nothing, like a value that
        // is not a date, rather than overflow the arithmetic below.
        guard let date = date(from: source, timeZone: timeZone), abs(date.timeIntervalSince1970) < 1e15 else {
            return .null
        }
        // Civil time by arithmetic (days since the epoch → Gregorian date), not through
        // Calendar: date_format runs once per row of a listing.
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + (timeZone?.secondsFromGMT(for: date) ?? 0)
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondOfDay = seconds - days * 86400
        let (year, month, day) = civil(fromDays: days)
        let (hour, minute, second) = (secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60)
        let weekday = ((days % 7) + 11) % 7
        let dayOfYear = days - daysFromCivil(year: year, month: 1, day: 1) + 1
        var out: [UInt8] = []
        out.reserveCapacity(format.utf8.count + 16)
        func number(_ n: Int, width: Int, pad: UInt8 = UInt8(ascii: "0")) {
            var digits = 1
            var rest = n / 10
            while rest != 0 {
                digits += 1
                rest /= 10
            }
            if n >= 0, digits < width { out += repeatElement(pad, count: width - digits) }
            Value.appendDecimal(n, to: &out)
        }
        func text(_ s: String) { out += s.utf8 }
        var bytes = format.utf8.makeIterator()
        while let ch = bytes.next() {
            guard ch == UInt8(ascii: "%"), let f = bytes.next() else {
                out.append(ch)
                continue
            }
            switch f {
            case UInt8(ascii: "Y"): number(year, width: 1)
            case UInt8(ascii: "y"): number(year % 100, width: 2)
            case UInt8(ascii: "m"): number(month, width: 2)
            case UInt8(ascii: "d"): number(day, width: 2)
            case UInt8(ascii: "e"): number(day, width: 2, pad: UInt8(ascii: " "))
            case UInt8(ascii: "H"): number(hour, width: 2)
            case UInt8(ascii: "I"): number(hour % 12 == 0 ? 12 : hour % 12, width: 2)
            case UInt8(ascii: "l"): number(hour % 12 == 0 ? 12 : hour % 12, width: 2, pad: UInt8(ascii: " "))
            case UInt8(ascii: "M"): number(minute, width: 2)
            case UInt8(ascii: "S"): number(second, width: 2)
            case UInt8(ascii: "p"): text(hour < 12 ? "AM" : "PM")
            case UInt8(ascii: "P"): text(hour < 12 ? "am" : "pm")
            case UInt8(ascii: "b"), UInt8(ascii: "h"): out += months[month - 1].utf8.prefix(3)
            case UInt8(ascii: "B"): text(months[month - 1])
            case UInt8(ascii: "a"): out += dayNames[weekday].utf8.prefix(3)
            case UInt8(ascii: "A"): text(dayNames[weekday])
            case UInt8(ascii: "j"): number(dayOfYear, width: 3)
            case UInt8(ascii: "u"): number(weekday == 0 ? 7 : weekday, width: 1)
            case UInt8(ascii: "w"): number(weekday, width: 1)
            case UInt8(ascii: "D"):
                number(month, width: 2)
                text("/")
                number(day, width: 2)
                text("/")
                number(year % 100, width: 2)
            case UInt8(ascii: "F"):
                number(year, width: 1)
                text("-")
                number(month, width: 2)
                text("-")
                number(day, width: 2)
            case UInt8(ascii: "T"):
                number(hour, width: 2)
                text(":")
                number(minute, width: 2)
                text(":")
                number(second, width: 2)
            case UInt8(ascii: "R"):
                number(hour, width: 2)
                text(":")
                number(minute, width: 2)
            case UInt8(ascii: "n"): text("\n")
            case UInt8(ascii: "t"): text("\t")
            case UInt8(ascii: "%"): text("%")
            default:
                out.append(UInt8(ascii: "%"))
                out.append(f)
            }
        }
        return .string(String(decoding: out, as: UTF8.self))
    }

    /// Howard Hinnant's `civil_from_days`: the proleptic Gregorian date of a day number.
    static func civil(fromDays z: Int) -> (year: Int, month: Int, day: Int) {
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `days_from_civil`, the inverse of `civil(fromDays:)`.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// A timestamp (digits) or `YYYY-MM-DD[ HH:MM[:SS]]`, as `smarty_make_timestamp` reads them.
    private static func date(from value: Value, timeZone: TimeZone?) -> Date? {
        switch value {
        case .int(let i): return Date(timeIntervalSince1970: TimeInterval(i))
        case .float(let d): return Date(timeIntervalSince1970: d)
        default: break
        }
        let text = PHPStrings.trim(value.phpString)
        if let i = Int(text) { return Date(timeIntervalSince1970: TimeInterval(i)) }
        for pattern in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = timeZone ?? TimeZone(identifier: "UTC")
            formatter.dateFormat = pattern
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}

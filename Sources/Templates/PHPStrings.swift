import Basics
import Foundation

/// `htmlspecialchars($s, ENT_QUOTES, 'UTF-8')` and `htmlentities`.
public enum HTML {
    static func appendEscaped<Sink: ByteSink & ~Copyable>(_ text: String, to out: inout Sink) {
        var text = text
        text.withUTF8 { appendEscaped($0, to: &out) }
    }

    /// Bit b set for each special byte b: all five are below 64, so one shift tests a byte.
    private static var specialMask: UInt64 {
        1 << UInt8(ascii: "&") | 1 << UInt8(ascii: "<") | 1 << UInt8(ascii: ">") | 1 << UInt8(ascii: "\"")
            | 1 << UInt8(ascii: "'")
    }

    @inline(__always)
    private static func isSpecial(_ byte: UInt8) -> Bool {
        byte < 64 && specialMask & (1 << UInt64(byte)) != 0
    }

    /// Whether one of eight bytes is special. XOR with a byte repeated makes the lanes equal to
    /// it zero, and `(x - 0x0101…) & ~x & 0x8080…` is non-zero exactly when a lane of x is zero
    /// (the "has a zero byte" test of strlen implementations): about 20 instructions test eight
    /// bytes, where the byte loop took about 7 for each.
    @inline(__always)
    private static func hasSpecial(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        @inline(__always) func zeroLanes(_ byte: UInt8) -> UInt64 {
            let x = word ^ (ones &* UInt64(byte))
            return (x &- ones) & ~x
        }
        let lanes =
            zeroLanes(UInt8(ascii: "&")) | zeroLanes(UInt8(ascii: "<")) | zeroLanes(UInt8(ascii: ">"))
            | zeroLanes(UInt8(ascii: "\"")) | zeroLanes(UInt8(ascii: "'"))
        return lanes & 0x8080_8080_8080_8080 != 0
    }

    /// The position of the first special byte at or after `start`, a word at a time.
    private static func firstSpecial(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        var i = start
        while i + 8 <= bytes.count, !hasSpecial(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) {
            i += 8
        }
        while i < bytes.count {
            if isSpecial(bytes[i]) { return i }
            i += 1
        }
        return nil
    }

    /// Copies runs of safe bytes at once; only the five special bytes are replaced. Most text
    /// has none, so it is scanned first and then copied whole.
    static func appendEscaped<Sink: ByteSink & ~Copyable>(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout Sink) {
        var start = 0
        while let special = firstSpecial(in: bytes, from: start) {
            if start < special { out.append(UnsafeBufferPointer(rebasing: bytes[start..<special])) }
            let entity: StaticString
            switch bytes[special] {
            case UInt8(ascii: "&"): entity = "&amp;"
            case UInt8(ascii: "<"): entity = "&lt;"
            case UInt8(ascii: ">"): entity = "&gt;"
            case UInt8(ascii: "\""): entity = "&quot;"
            default: entity = "&#039;"
            }
            entity.withUTF8Buffer { out.append($0) }
            start = special + 1
        }
        if start < bytes.count { out.append(UnsafeBufferPointer(rebasing: bytes[start...])) }
    }

    public static func escape(_ text: String, doubleEncode: Bool = true) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        if doubleEncode {
            appendEscaped(text, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
        // Leave existing entities (`&amp;`, `&#39;`) alone: escape the runs between them.
        var text = text
        text.withUTF8 { bytes in
            var start = 0, i = 0
            while let amp = bytes[i...].firstIndex(of: UInt8(ascii: "&")) {
                let length = entityLength(bytes, at: amp)
                if length > 0 {
                    appendEscaped(UnsafeBufferPointer(rebasing: bytes[start..<amp]), to: &out)
                    out.append(contentsOf: bytes[amp..<amp + length])
                    start = amp + length
                }
                i = amp + max(length, 1)
            }
            appendEscaped(UnsafeBufferPointer(rebasing: bytes[start...]), to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The length of the entity at `&` (0 for none), as htmlspecialchars without double_encode
    /// sees one: `&name;`, `&#65;` or `&#x41;`, a number at most U+10FFFF.
    private static func entityLength(_ bytes: UnsafeBufferPointer<UInt8>, at amp: Int) -> Int {
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 97 && (b | 0x20) <= 122 }
        func hexValue(_ b: UInt8) -> Int? {
            isDigit(b) ? Int(b - 48) : (b | 0x20) >= 97 && (b | 0x20) <= 102 ? Int((b | 0x20) - 87) : nil
        }
        var i = amp + 1
        guard i < bytes.count else { return 0 }
        if bytes[i] == UInt8(ascii: "#") {
            i += 1
            let hex = i < bytes.count && (bytes[i] | 0x20) == UInt8(ascii: "x")
            if hex { i += 1 }
            let digitsStart = i
            var code = 0
            while i < bytes.count, let digit = hex ? hexValue(bytes[i]) : (isDigit(bytes[i]) ? Int(bytes[i] - 48) : nil) {
                code = min(code * (hex ? 16 : 10) + digit, 0x110000)
                i += 1
            }
            guard i > digitsStart, code <= 0x10FFFF else { return 0 }
        } else {
            // A name of HTML 4.01 (PHP's default doctype): `&apos;` and `&foo;` are escaped.
            while i < bytes.count, i - amp <= longestEntityName, isLetter(bytes[i]) || isDigit(bytes[i]) { i += 1 }
            guard entityNames.contains(String(decoding: bytes[amp + 1..<i], as: UTF8.self)) else { return 0 }
        }
        return i < bytes.count && bytes[i] == UInt8(ascii: ";") ? i + 1 - amp : 0
    }

    private static let entityNames = Set(named.values).union(["amp", "lt", "gt", "quot"])
    private static let longestEntityName = entityNames.map(\.utf8.count).max()!

    /// `htmlspecialchars_decode(ENT_QUOTES)`, or with `all` `html_entity_decode`.
    static func decode(_ text: String, all: Bool) -> String {
        var pairs = [
            ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#039;", "'"), ("&#39;", "'"),
            ("&#x27;", "'"),
        ]
        if all { pairs += named.map { ("&\($0.value);", String(UnicodeScalar($0.key)!)) } }
        return PHPStrings.strtr(text, pairs)
    }

    /// `htmlentities(ENT_QUOTES, UTF-8)`: HTML 4.01's named entities (PHP's table for ENT_HTML401).
    static func entities(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#039;"
            default:
                if let name = named[scalar.value] { out += "&\(name);" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    private static let named: [UInt32: String] = {
        let latin1 = [
            "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf", "laquo", "not",
            "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot", "cedil", "sup1",
            "ordm", "raquo", "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc", "Atilde", "Auml",
            "Aring", "AElig", "Ccedil", "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH",
            "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc",
            "Uuml", "Yacute", "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig",
            "ccedil",
            "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde", "ograve",
            "oacute",
            "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn",
            "yuml",
        ]
        var table: [UInt32: String] = [:]
        for (i, name) in latin1.enumerated() { table[UInt32(160 + i)] = name }
        let more: [UInt32: String] = [
            0x152: "OElig", 0x153: "oelig", 0x160: "Scaron", 0x161: "scaron", 0x178: "Yuml", 0x192: "fnof",
            0x2C6: "circ", 0x2DC: "tilde", 0x391: "Alpha", 0x392: "Beta", 0x393: "Gamma", 0x394: "Delta",
            0x395: "Epsilon", 0x396: "Zeta", 0x397: "Eta", 0x398: "Theta", 0x399: "Iota", 0x39A: "Kappa",
            0x39B: "Lambda", 0x39C: "Mu", 0x39D: "Nu", 0x39E: "Xi", 0x39F: "Omicron", 0x3A0: "Pi", 0x3A1: "Rho",
            0x3A3: "Sigma", 0x3A4: "Tau", 0x3A5: "Upsilon", 0x3A6: "Phi", 0x3A7: "Chi", 0x3A8: "Psi", 0x3A9: "Omega",
            0x3B1: "alpha", 0x3B2: "beta", 0x3B3: "gamma", 0x3B4: "delta", 0x3B5: "epsilon", 0x3B6: "zeta",
            0x3B7: "eta", 0x3B8: "theta", 0x3B9: "iota", 0x3BA: "kappa", 0x3BB: "lambda", 0x3BC: "mu", 0x3BD: "nu",
            0x3BE: "xi", 0x3BF: "omicron", 0x3C0: "pi", 0x3C1: "rho", 0x3C2: "sigmaf", 0x3C3: "sigma", 0x3C4: "tau",
            0x3C5: "upsilon", 0x3C6: "phi", 0x3C7: "chi", 0x3C8: "psi", 0x3C9: "omega", 0x3D1: "thetasym",
            0x3D2: "upsih", 0x3D6: "piv", 0x2002: "ensp", 0x2003: "emsp", 0x2009: "thinsp", 0x200C: "zwnj",
            0x200D: "zwj", 0x200E: "lrm", 0x200F: "rlm", 0x2013: "ndash", 0x2014: "mdash", 0x2018: "lsquo",
            0x2019: "rsquo", 0x201A: "sbquo", 0x201C: "ldquo", 0x201D: "rdquo", 0x201E: "bdquo", 0x2020: "dagger",
            0x2021: "Dagger", 0x2022: "bull", 0x2026: "hellip", 0x2030: "permil", 0x2032: "prime", 0x2033: "Prime",
            0x2039: "lsaquo", 0x203A: "rsaquo", 0x203E: "oline", 0x2044: "frasl", 0x20AC: "euro", 0x2111: "image",
            0x2118: "weierp", 0x211C: "real", 0x2122: "trade", 0x2135: "alefsym", 0x2190: "larr", 0x2191: "uarr",
            0x2192: "rarr", 0x2193: "darr", 0x2194: "harr", 0x21B5: "crarr", 0x21D0: "lArr", 0x21D1: "uArr",
            0x21D2: "rArr", 0x21D3: "dArr", 0x21D4: "hArr", 0x2200: "forall", 0x2202: "part", 0x2203: "exist",
            0x2205: "empty", 0x2207: "nabla", 0x2208: "isin", 0x2209: "notin", 0x220B: "ni", 0x220F: "prod",
            0x2211: "sum", 0x2212: "minus", 0x2217: "lowast", 0x221A: "radic", 0x221D: "prop", 0x221E: "infin",
            0x2220: "ang", 0x2227: "and", 0x2228: "or", 0x2229: "cap", 0x222A: "cup", 0x222B: "int", 0x2234: "there4",
            0x223C: "sim", 0x2245: "cong", 0x2248: "asymp", 0x2260: "ne", 0x2261: "equiv", 0x2264: "le", 0x2265: "ge",
            0x2282: "sub", 0x2283: "sup", 0x2284: "nsub", 0x2286: "sube", 0x2287: "supe", 0x2295: "oplus",
            0x2297: "otimes", 0x22A5: "perp", 0x22C5: "sdot", 0x2308: "lceil", 0x2309: "rceil", 0x230A: "lfloor",
            0x230B: "rfloor", 0x2329: "lang", 0x232A: "rang", 0x25CA: "loz", 0x2660: "spades", 0x2663: "clubs",
            0x2665: "hearts", 0x2666: "diams",
        ]
        table.merge(more) { a, _ in a }
        return table
    }()
}

/// PHP string functions as Smarty's modifiers call them.
enum PHPStrings {
    /// `strtr($text, $pairs)`: longest keys first, no re-replacement.
    static func strtr(_ text: String, _ pairs: [(String, String)]) -> String {
        var out: [UInt8] = []
        let replaced = strtr(text, pairs) { piece in
            if out.isEmpty { out.reserveCapacity(text.utf8.count + 32) }
            out.append(piece)
        }
        return replaced ? String(decoding: out, as: UTF8.self) : text
    }

    /// `strtr` as pieces passed to `write` in order (plain runs of the text and replacements),
    /// so that a printed translation goes to the output without building a string. False, and
    /// nothing written, when no key occurs in the text.
    static func strtr(
        _ text: String, _ pairs: [(String, String)], write: (UnsafeBufferPointer<UInt8>) -> Void
    ) -> Bool {
        var pairs = pairs
        if pairs.contains(where: { $0.0.isEmpty }) { pairs.removeAll { $0.0.isEmpty } }
        guard !pairs.isEmpty else { return false }
        if pairs.count == 1 { return text.writingReplacements(of: pairs[0].0, with: pairs[0].1, to: write) }
        pairs.sort { $0.0.utf8.count > $1.0.utf8.count }
        // Placeholders are rare in the text: a byte that starts no key (ASCII ones found in a
        // bit mask) is skipped at once, and plain runs are copied whole.
        let firsts = pairs.reduce(into: (low: UInt64(0), high: UInt64(0))) { mask, pair in
            let first = pair.0.utf8.first!
            if first < 64 { mask.low |= 1 << first } else if first < 128 { mask.high |= 1 << (first - 64) }
        }
        func mayStartKey(_ byte: UInt8) -> Bool {
            byte < 64 ? firsts.low & 1 << byte != 0 : byte >= 128 || firsts.high & 1 << (byte - 64) != 0
        }
        var utf8 = text
        return utf8.withUTF8 { bytes in
            var plain = 0
            var i = 0
            outer: while i < bytes.count {
                guard mayStartKey(bytes[i]) else {
                    i += 1
                    continue
                }
                for (key, value) in pairs where key.utf8.first == bytes[i] && bytes.contains(key, at: i) {
                    write(UnsafeBufferPointer(rebasing: bytes[plain..<i]))
                    var value = value
                    value.withUTF8(write)
                    i += key.utf8.count
                    plain = i
                    continue outer
                }
                i += 1
            }
            if plain == 0 { return false }
            write(UnsafeBufferPointer(rebasing: bytes[plain...]))
            return true
        }
    }

    static func rawURLEncode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3)
        for byte in text.utf8 {
            if (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "~")
            {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func escapeQuotes(_ text: String) -> String {
        var out = ""
        var previous: Character?
        for c in text {
            if c == "'" && previous != "\\" { out += "\\'" } else { out.append(c) }
            previous = c
        }
        return out
    }

    static func escapeJavaScript(_ text: String) -> String {
        strtr(
            text,
            [
                ("\\", "\\\\"), ("'", "\\'"), ("\"", "\\\""), ("\r", "\\r"), ("\n", "\\n"), ("</", "<\\/"),
                ("<!--", "<\\!--"), ("<s", "<\\s"), ("<S", "<\\S"), ("`", "\\`"), ("${", "\\$\\{"),
            ])
    }

    /// The bytes PHP's `trim` strips: space, tab, line feed, carriage return, NUL and vertical
    /// tab (not form feed, and no Unicode space).
    static func isTrimmed(_ byte: UInt8) -> Bool { [32, 9, 10, 13, 0, 11].contains(byte) }

    static func trim(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard let start = bytes.firstIndex(where: { !isTrimmed($0) }),
            let end = bytes.lastIndex(where: { !isTrimmed($0) })
        else { return "" }
        return String(decoding: bytes[start...end], as: UTF8.self)
    }

    static func nl2br(_ text: String) -> String {
        var out = ""
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == "\r" || c == "\n" {
                out += "<br />"
                out.unicodeScalars.append(c)
                if i + 1 < scalars.count, (scalars[i + 1] == "\r" || scalars[i + 1] == "\n"), scalars[i + 1] != c {
                    out.unicodeScalars.append(scalars[i + 1])
                    i += 1
                }
            } else {
                out.unicodeScalars.append(c)
            }
            i += 1
        }
        return out
    }

    /// Smarty's `capitalize` (its mbstring branch): upper-cases letters that start a word;
    /// words with digits are lower-cased unless `digits`.
    static func capitalize(_ text: String, digits: Bool, lowerRest: Bool) -> String {
        let result = NSMutableString(string: lowerRest ? text.capitalized : text)
        func upcase(_ pattern: String, group: Int, in string: NSMutableString) {
            let regex = try! NSRegularExpression(pattern: pattern)
            for match in regex.matches(in: string as String, range: NSRange(location: 0, length: string.length)) {
                let range = match.range(at: group)
                string.replaceCharacters(in: range, with: string.substring(with: range).uppercased())
            }
        }
        if !lowerRest { upcase("(^|[^\\p{L}'])(\\p{Ll})", group: 2, in: result) }
        if !digits {
            let regex = try! NSRegularExpression(pattern: "\\b([\\p{L}]*[\\p{N}]+[\\p{L}]*)\\b")
            for match in regex.matches(in: text, range: NSRange(location: 0, length: (text as NSString).length)) {
                let range = match.range(at: 1)
                result.replaceCharacters(in: range, with: (text as NSString).substring(with: range).lowercased())
            }
        }
        upcase("((^|\\s)['\"])(\\w)", group: 3, in: result)
        return result as String
    }

    static func truncate(_ text: String, length: Int, etc: String, breakWords: Bool, middle: Bool) -> String {
        if length == 0 { return "" }
        // Fewer bytes than the length means fewer characters: nothing to cut.
        if text.utf8.count <= length || text.unicodeScalars.count <= length { return text }
        let keep = length - min(length, etc.unicodeScalars.count)
        if !middle {
            // Indices into the scalars, so nothing is copied until the result is built.
            let scalars = text.unicodeScalars
            var end = scalars.index(scalars.startIndex, offsetBy: Swift.max(keep, 0))
            if !breakWords {
                // preg_replace('/\s+?(\S+)?$/u', '', mb_substr($s, 0, $keep + 1)): drop the last partial word.
                // (A negative length leaves `keep` 0, and the text may be empty: no scalar after `end`.)
                var cut = end < scalars.endIndex ? scalars.index(after: end) : end
                while cut > scalars.startIndex, !scalars[scalars.index(before: cut)].properties.isWhitespace {
                    cut = scalars.index(before: cut)
                }
                if cut > scalars.startIndex {
                    while cut > scalars.startIndex, scalars[scalars.index(before: cut)].properties.isWhitespace {
                        cut = scalars.index(before: cut)
                    }
                    end = Swift.min(end, cut)
                }
            }
            return String(scalars[..<end]) + etc
        }
        let chars = Array(text.unicodeScalars)
        return String(String.UnicodeScalarView(chars.prefix(keep / 2))) + etc
            + String(String.UnicodeScalarView(chars.suffix(keep / 2)))
    }

    static func stripTags(_ text: String) -> String {
        text.replacingOccurrences(of: "<[^>]*>?", with: "", options: .regularExpression)
    }

    /// PHP's `round()`: half away from zero, after PHP's pre-rounding.
    static func round(_ value: Double, precision: Int) -> Double {
        let factor = powerOfTen(precision)
        // More places than a Double holds leave it as it is; fewer than its magnitude make 0 (PHP).
        guard factor.isFinite else { return value }
        guard factor > 0 else { return 0 }
        let scaled = (value * factor * 1e15).rounded() / 1e15
        guard scaled.isFinite else { return value }
        return scaled.rounded(.toNearestOrAwayFromZero) / factor
    }

    /// `pow(10, n)`, exactly as `pow` gives it; the usual small powers from a table.
    private static func powerOfTen(_ n: Int) -> Double {
        n >= 0 && n < powersOfTen.count ? powersOfTen[n] : pow(10.0, Double(n))
    }

    private static let powersOfTen: [Double] = (0...22).map { pow(10.0, Double($0)) }

    /// The widest field `number_format` decimals or a `sprintf` width or precision may ask for.
    /// PHP pads to whatever it is told (gigabytes for `number_format:1e9`); a template asking for
    /// more than this gets this many.
    static let maxFieldWidth = 4096

    static func numberFormat(_ value: Double, decimals: Int, point: String, thousands: String) -> String {
        let d = min(max(decimals, 0), maxFieldWidth)
        let rounded = round(value, precision: d)
        let scale = d <= 15 ? powerOfTen(d) : .infinity
        // Integer and fraction digits, as `%.Nf` prints them, written from the end of memory on
        // the stack when it is small (a Double has at most 309 integer digits).
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: d + 310) { memory in
            var start = memory.count
            if abs(rounded) * scale < 4e15 {
                // Exact in a Double: after PHP's rounding the scaled value is an integer, so its
                // digits are those `%.Nf` prints, without formatting through Foundation.
                var scaled = Int((abs(rounded) * scale).rounded())
                repeat {
                    start -= 1
                    memory[start] = UInt8(ascii: "0") + UInt8(scaled % 10)
                    scaled /= 10
                } while scaled > 0 || memory.count - start <= d
            } else {
                let printed = String(format: "%.\(d)f", abs(rounded)).utf8.filter { $0 != UInt8(ascii: ".") }
                start -= printed.count
                _ = UnsafeMutableBufferPointer(rebasing: memory[start...]).initialize(from: printed)
            }
            let digits = UnsafeBufferPointer(rebasing: memory[start...])
            return grouped(digits, fractionCount: d, negative: rounded < 0, point: point, thousands: thousands)
        }
    }

    /// `number_format`'s text of its digits: a sign unless they are all zeros, the integer ones
    /// in groups of three, then the point and the fraction ones.
    private static func grouped(
        _ digits: UnsafeBufferPointer<UInt8>, fractionCount d: Int, negative: Bool, point: String,
        thousands: String
    ) -> String {
        let integerCount = digits.count - d
        let negative = negative && digits.contains { $0 != UInt8(ascii: "0") }
        let groups = (integerCount - 1) / 3
        let capacity =
            digits.count + (negative ? 1 : 0) + groups * thousands.utf8.count + (d > 0 ? point.utf8.count : 0)
        // Written straight into the string (no other allocation; none at all when it is short).
        // The counter is passed along: one a nested function captured is checked for exclusive
        // access at run time.
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            var n = 0
            if negative { put(UInt8(ascii: "-"), into: buffer, at: &n) }
            for i in 0..<integerCount {
                if i > 0 && (integerCount - i) % 3 == 0 {
                    for byte in thousands.utf8 { put(byte, into: buffer, at: &n) }
                }
                put(digits[i], into: buffer, at: &n)
            }
            if d > 0 {
                for byte in point.utf8 { put(byte, into: buffer, at: &n) }
                for byte in digits[integerCount...] { put(byte, into: buffer, at: &n) }
            }
            return n
        }
    }

    @inline(__always)
    private static func put(_ byte: UInt8, into buffer: UnsafeMutableBufferPointer<UInt8>, at n: inout Int) {
        buffer[n] = byte
        n += 1
    }

    /// `sprintf($format, $value)` for one value: `%s %d %f %x %o %b %c %e %u %%` with flags,
    /// width and precision.
    static func sprintf(_ format: String, _ value: Value) -> String {
        var out = ""
        let chars = Array(format)
        var i = 0
        var used = false
        while i < chars.count {
            let c = chars[i]
            guard c == "%", i + 1 < chars.count else {
                out.append(c)
                i += 1
                continue
            }
            var j = i + 1
            var flags = ""
            while j < chars.count, "-+ 0".contains(chars[j]) {
                flags.append(chars[j])
                j += 1
            }
            func number() -> Int? {
                var digits = ""
                while j < chars.count, chars[j].isASCII, chars[j].isNumber {
                    digits.append(chars[j])
                    j += 1
                }
                return digits.isEmpty ? nil : min(Int(digits) ?? maxFieldWidth, maxFieldWidth)
            }
            let width = number()
            var precision: Int?
            if j < chars.count, chars[j] == "." {
                j += 1
                precision = number() ?? 0
            }
            guard j < chars.count else {
                out += String(chars[i...])
                break
            }
            let conversion = chars[j]
            // PHP prints floats with at most 53 digits after the point.
            if "fFeE".contains(conversion), let digits = precision { precision = min(digits, 53) }
            let spec = "%" + flags + (width.map(String.init) ?? "") + (precision.map { "." + String($0) } ?? "")
            let argument: Value = used ? .null : value
            if conversion != "%" { used = true }
            switch conversion {
            case "%": out += "%"
            case "d", "u": out += String(format: spec + "ld", argument.phpInt)
            case "f", "F": out += String(format: spec + "f", argument.phpDouble)
            case "e", "E": out += phpExponent(String(format: spec + String(conversion), argument.phpDouble))
            case "x", "X", "o": out += String(format: spec + "l" + String(conversion), argument.phpInt)
            case "b": out += String(argument.phpInt, radix: 2)
            case "c": out += String(UnicodeScalar(UInt8(truncatingIfNeeded: argument.phpInt)))
            case "s":
                var body = argument.phpString
                if let precision { body = String(body.prefix(precision)) }
                let pad = String(repeating: flags.contains("0") ? "0" : " ", count: max(0, (width ?? 0) - body.count))
                out += flags.contains("-") ? body + pad : pad + body
            default: out += String(chars[i...j])
            }
            i = j + 1
        }
        return out
    }

    /// PHP prints exponents without padding (`1.5e+3`), C pads to two digits.
    private static func phpExponent(_ text: String) -> String {
        text.replacingOccurrences(of: "([eE][+-])0+([0-9])", with: "$1$2", options: .regularExpression)
    }
}

/// PHP `preg_replace` patterns (`/…/flags`) on NSRegularExpression.
enum PHPRegex {
    static func replace(_ text: String, pattern: String, with replacement: String) throws -> String {
        guard let delimiter = pattern.first, !delimiter.isLetter, !delimiter.isNumber, delimiter != "\\" else {
            throw ModifierError(message: "regex_replace: the pattern needs delimiters, like \"/x/\"")
        }
        let closing: Character = ["(": ")", "{": "}", "[": "]", "<": ">"][delimiter] ?? delimiter
        guard let end = pattern.lastIndex(of: closing), end > pattern.startIndex else {
            throw ModifierError(message: "regex_replace: no ending delimiter '\(closing)'")
        }
        let body = String(pattern[pattern.index(after: pattern.startIndex)..<end])
        var options: NSRegularExpression.Options = []
        for flag in pattern[pattern.index(after: end)...] {
            switch flag {
            case "i": options.insert(.caseInsensitive)
            case "m": options.insert(.anchorsMatchLines)
            case "s": options.insert(.dotMatchesLineSeparators)
            case "x": options.insert(.allowCommentsAndWhitespace)
            case "u", "e", "D", "U": break
            default: throw ModifierError(message: "regex_replace: unknown flag '\(flag)'")
            }
        }
        let regex: NSRegularExpression
        do {
            regex = try NSRegularExpression(pattern: body, options: options)
        } catch {
            throw ModifierError(message: "regex_replace: invalid pattern \(pattern)")
        }
        // PHP's `\1` and `${1}` references become `$1`.
        let template = replacement.replacingOccurrences(
            of: "\\\\([0-9]+)|\\$\\{([0-9]+)\\}", with: "\\$$1$2", options: .regularExpression)
        // A pattern that backtracks without end (`(a+)+$`) would take years. The search reports
        // progress at each position it tries and every few thousand steps within one, so reports
        // far beyond the positions mean backtracking: it stops, as PCRE stops at PHP's backtrack limit.
        // The result is built match by match with the template expanded here: Foundation's
        // `replacementString` bridges the whole text again at every `$n`, and a long text of many
        // matches took minutes and gigabytes.
        let range = NSRange(text.startIndex..., in: text)
        let reportLimit = 2 * range.length + RenderLimits.regexProgressReports
        let source = NSString(string: text)
        let pieces = templatePieces(template, groups: regex.numberOfCaptureGroups)
        var result = ""
        var copied = 0
        var reports = 0
        var tooLarge = false
        regex.enumerateMatches(in: text, options: .reportProgress, range: range) { match, _, stop in
            guard let match else {
                reports += 1
                if reports > reportLimit { stop.pointee = true }
                return
            }
            result += source.substring(with: NSRange(location: copied, length: match.range.location - copied))
            for piece in pieces {
                switch piece {
                case .text(let literal): result += literal
                case .group(let group):
                    let captured = match.range(at: group)
                    if captured.location != NSNotFound { result += source.substring(with: captured) }
                }
            }
            copied = NSMaxRange(match.range)
            if result.utf8.count > RenderLimits.bytes {
                tooLarge = true
                stop.pointee = true
            }
        }
        if reports > reportLimit {
            throw LimitExceeded(message: "regex_replace: the pattern backtracks too long on this text")
        }
        if tooLarge { throw LimitExceeded.textTooLarge }
        return result + source.substring(from: copied)
    }

    private enum TemplatePiece {
        case text(String)
        case group(Int)
    }

    /// NSRegularExpression's template syntax: `$n` is group n (as many digits as still name a
    /// group), and `\` takes the next character as it is.
    private static func templatePieces(_ template: String, groups: Int) -> [TemplatePiece] {
        let scalars = Array(template.unicodeScalars)
        func digit(_ index: Int) -> Int? {
            guard index < scalars.count, ("0"..."9").contains(scalars[index]) else { return nil }
            return Int(scalars[index].value) - 0x30
        }
        var pieces: [TemplatePiece] = []
        var literal = ""
        var index = 0
        while index < scalars.count {
            if scalars[index] == "\\", index + 1 < scalars.count {
                literal.unicodeScalars.append(scalars[index + 1])
                index += 2
            } else if scalars[index] == "$", var group = digit(index + 1) {
                index += 2
                while let next = digit(index), group * 10 + next <= groups {
                    group = group * 10 + next
                    index += 1
                }
                if !literal.isEmpty { pieces.append(.text(literal)) }
                literal = ""
                if group <= groups { pieces.append(.group(group)) }
            } else {
                literal.unicodeScalars.append(scalars[index])
                index += 1
            }
        }
        if !literal.isEmpty { pieces.append(.text(literal)) }
        return pieces
    }
}

/// Smarty's `{strip}`: removes indentation and line breaks from text between tags
/// (`Smarty_Internal_TemplateCompilerBase::processText`).
enum Strip {
    static func process(_ text: String) -> String {
        let simple = "[\\t ]*[\\r\\n]+[\\t ]*"
        guard text.contains("<") else {
            return text.replacingOccurrences(of: simple, with: "", options: .regularExpression)
        }
        // Smarty sets the elements aside as `@!@SMARTY:N:SMARTY@!@` and puts them back after.
        let bytes = Array(text.utf8)
        var stored: [String] = []
        var marked: [UInt8] = []
        var copied = 0
        for element in preservedElements(bytes) {
            marked += bytes[copied..<element.lowerBound]
            marked += "@!@SMARTY:\(element.lowerBound):SMARTY@!@".utf8
            stored.append(String(decoding: bytes[element], as: UTF8.self))
            copied = element.upperBound
        }
        marked += bytes[copied...]
        var work = String(decoding: marked, as: UTF8.self)
        let rules: [(String, String, NSRegularExpression.Options)] = [
            ("(:SMARTY@!@|>)[ \\t]+(?=@!@SMARTY:|<)", "$1 ", [.dotMatchesLineSeparators]),
            ("(:SMARTY@!@|>)[ \\t]*[\\n]\\s*(?=@!@SMARTY:|<)", "$1", [.dotMatchesLineSeparators]),
            (
                "(([a-z0-9]\\s*=\\s*(\"[^\"]*?\")|('[^']*?'))|<[a-z0-9_]+)\\s+([a-z/>])", "$1 $5",
                [.caseInsensitive, .dotMatchesLineSeparators]
            ),
            (">[ \\t]+$", "> ", [.dotMatchesLineSeparators]),
            (">[ \\t]*[\\n]\\s*$", ">", [.dotMatchesLineSeparators]),
            (simple, "", []),
        ]
        for (pattern, template, options) in rules {
            let regex = try! NSRegularExpression(pattern: pattern, options: options)
            work = regex.stringByReplacingMatches(
                in: work, range: NSRange(work.startIndex..., in: work), withTemplate: template)
        }
        // The markers back in one pass (a replacement per marker moved the rest of the text each time).
        let marker = try! NSRegularExpression(pattern: "@!@SMARTY:[0-9]+:SMARTY@!@")
        var result = ""
        var restored = work.startIndex
        for (index, match) in marker.matches(in: work, range: NSRange(work.startIndex..., in: work)).enumerated()
        where index < stored.count {
            let range = Range(match.range, in: work)!
            result += work[restored..<range.lowerBound]
            result += stored[index]
            restored = range.upperBound
        }
        return result + work[restored...]
    }

    /// The `<script>`, `<textarea>` and `<pre>` elements that Smarty's
    /// `#(<script[^>]*>.*?</script[^>]*>)|…#is` matches, found in one forward pass: the regex
    /// searched to the end of the text from every opening tag without a closing one, quadratic in
    /// a text of such tags.
    static func preservedElements(_ text: [UInt8]) -> [Range<Int>] {
        let n = text.count
        func startsWith(_ name: [UInt8], at i: Int) -> Bool {
            i + name.count <= n && zip(text[i...], name).allSatisfy { $0 == $1 || ($1 >= 97 && $0 | 0x20 == $1) }
        }
        func greater(_ i: Int) -> Bool { text[i] == UInt8(ascii: ">") }
        // Per tag, each of its three searches is asked from points that only grow.
        var tags = ["script", "textarea", "pre"].map { name in
            let closing = Array("</\(name)".utf8)
            return (
                opening: Array("<\(name)".utf8), closing: closing, openEnd: ForwardSearch(greater, end: n),
                close: ForwardSearch({ startsWith(closing, at: $0) }, end: n), closeEnd: ForwardSearch(greater, end: n)
            )
        }
        var elements: [Range<Int>] = []
        var i = 0
        scan: while i < n {
            // The alternatives in order at each position, the leftmost match first, as the regex.
            for t in tags.indices where startsWith(tags[t].opening, at: i) {
                let openEnd = tags[t].openEnd.first(from: i + tags[t].opening.count)
                let close = openEnd < n ? tags[t].close.first(from: openEnd + 1) : n
                let closeEnd = close < n ? tags[t].closeEnd.first(from: close + tags[t].closing.count) : n
                if closeEnd < n {
                    elements.append(i..<closeEnd + 1)
                    i = closeEnd + 1
                    continue scan
                }
            }
            i += 1
        }
        return elements
    }
}

/// The first position at or after a point where `matches` holds (`end` when none does). An
/// answer stands for every point from the one asked up to itself, so points that only grow read
/// the text once, with no table of the text's size.
private struct ForwardSearch {
    let matches: (Int) -> Bool
    let end: Int
    private var asked = Int.max
    private var answer = 0

    init(_ matches: @escaping (Int) -> Bool, end: Int) {
        self.matches = matches
        self.end = end
    }

    mutating func first(from point: Int) -> Int {
        if point >= asked && point <= answer { return answer }
        asked = point
        answer = point < end ? (point..<end).first(where: matches) ?? end : end
        return answer
    }
}

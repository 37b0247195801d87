/// One lexical token of MySQL text, with the UTF-8 byte range it came from so that diagnostics
/// can point at it.
struct SQLToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// A bare word: keyword, identifier or function name (`text` is as written).
        case word
        /// A `backtick` identifier (`text` is the name without quotes).
        case quotedIdentifier
        /// A '…' or "…" string (`text` is the decoded value; MySQL's default mode reads "…" as a string).
        case string
        case number
        /// Punctuation or an operator such as `(`, `,`, `<=`, `||`.
        case symbol
        /// `@name` or `@@name`.
        case variable
        /// The `/*!NNNNN` and `*/` around a MySQL conditional comment, whose body MySQL runs.
        case conditionalStart
        case conditionalEnd
    }

    var kind: Kind
    var text: String
    /// Byte range in the text that was tokenized.
    var start: Int
    var end: Int

    /// Whether this is the bare word `word` (case-insensitive; `word` is upper case).
    func isWord(_ word: String) -> Bool {
        kind == .word && text.uppercased() == word
    }

    func isSymbol(_ symbol: String) -> Bool { kind == .symbol && text == symbol }

    /// A table, column or index name: a bare word or a backtick identifier.
    var isName: Bool { kind == .word || kind == .quotedIdentifier }
}

/// Splits MySQL text into tokens: comments (`-- `, `#`, `/* */`) are skipped; quotes, escapes and
/// backticks follow MySQL's default `sql_mode`; the body of a `/*!NNNNN … */` conditional comment
/// is tokenized, because MySQL runs it.
struct SQLTokenizer {
    /// A problem that stops tokenizing: what, and at which byte.
    struct Failure: Error {
        enum Reason { case unterminatedString, unterminatedIdentifier, unterminatedComment, nulInString }
        var reason: Reason
        var offset: Int
    }

    private let bytes: [UInt8]
    private var index = 0
    /// Where the open conditional comment starts, if one is open.
    private var openConditional: Int?

    private init(bytes: [UInt8]) { self.bytes = bytes }

    static func tokenize(_ bytes: [UInt8]) throws(Failure) -> [SQLToken] {
        var tokenizer = SQLTokenizer(bytes: bytes)
        var tokens: [SQLToken] = []
        while let token = try tokenizer.next() { tokens.append(token) }
        if let open = tokenizer.openConditional { throw Failure(reason: .unterminatedComment, offset: open) }
        return tokens
    }

    private func byte(_ offset: Int) -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") || byte >= 0x80
    }

    private static func isDigit(_ byte: UInt8?) -> Bool { byte.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }

    private func text(_ start: Int, _ end: Int) -> String { String(decoding: bytes[start..<end], as: UTF8.self) }

    private mutating func next() throws(Failure) -> SQLToken? {
        try skipSpaceAndComments()
        guard let first = byte(index) else { return nil }
        let start = index
        switch first {
        case UInt8(ascii: "/") where byte(index + 1) == UInt8(ascii: "*") && byte(index + 2) == UInt8(ascii: "!"):
            index += 3
            while Self.isDigit(byte(index)) { index += 1 }
            openConditional = start
            return SQLToken(kind: .conditionalStart, text: "/*!", start: start, end: index)
        case UInt8(ascii: "*") where openConditional != nil && byte(index + 1) == UInt8(ascii: "/"):
            index += 2
            openConditional = nil
            return SQLToken(kind: .conditionalEnd, text: "*/", start: start, end: index)
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            let value = try readString(quote: first)
            return SQLToken(kind: .string, text: value, start: start, end: index)
        case UInt8(ascii: "`"):
            let name = try readBacktickName()
            return SQLToken(kind: .quotedIdentifier, text: name, start: start, end: index)
        case UInt8(ascii: "@"):
            index += 1
            if byte(index) == UInt8(ascii: "@") { index += 1 }
            while let b = byte(index), Self.isWordByte(b) || b == UInt8(ascii: ".") { index += 1 }
            return SQLToken(kind: .variable, text: text(start, index), start: start, end: index)
        default:
            break
        }
        if Self.isDigit(first) || (first == UInt8(ascii: ".") && Self.isDigit(byte(index + 1))) {
            return readNumber()
        }
        if Self.isWordByte(first) {
            while let b = byte(index), Self.isWordByte(b) { index += 1 }
            return SQLToken(kind: .word, text: text(start, index), start: start, end: index)
        }
        if let symbol = Self.operatorSymbol(first, byte(index + 1), byte(index + 2)) {
            index += symbol.utf8.count
            return SQLToken(kind: .symbol, text: symbol, start: start, end: index)
        }
        // One character (a whole UTF-8 sequence, so that stray non-ASCII stays readable).
        index += 1
        while let b = byte(index), b & 0xC0 == 0x80 { index += 1 }
        return SQLToken(kind: .symbol, text: text(start, index), start: start, end: index)
    }

    /// The two- and three-character operators, longest first, read straight from the bytes: the
    /// tokenizer runs on every add-on's SQL and on each input the fuzzer tries.
    private static func operatorSymbol(_ first: UInt8, _ second: UInt8?, _ third: UInt8?) -> String? {
        switch (first, second) {
        case (UInt8(ascii: "<"), UInt8(ascii: "=")): third == UInt8(ascii: ">") ? "<=>" : "<="
        case (UInt8(ascii: ">"), UInt8(ascii: "=")): ">="
        case (UInt8(ascii: "<"), UInt8(ascii: ">")): "<>"
        case (UInt8(ascii: "!"), UInt8(ascii: "=")): "!="
        case (UInt8(ascii: "|"), UInt8(ascii: "|")): "||"
        case (UInt8(ascii: "&"), UInt8(ascii: "&")): "&&"
        case (UInt8(ascii: ":"), UInt8(ascii: "=")): ":="
        case (UInt8(ascii: "<"), UInt8(ascii: "<")): "<<"
        case (UInt8(ascii: ">"), UInt8(ascii: ">")): ">>"
        default: nil
        }
    }

    private mutating func readBacktickName() throws(Failure) -> String {
        let start = index
        index += 1
        var name: [UInt8] = []
        while true {
            guard let b = byte(index) else { throw Failure(reason: .unterminatedIdentifier, offset: start) }
            index += 1
            if b == UInt8(ascii: "`") {
                guard byte(index) == UInt8(ascii: "`") else { break }
                index += 1
            }
            name.append(b)
        }
        return String(decoding: name, as: UTF8.self)
    }

    private mutating func readNumber() -> SQLToken {
        let start = index
        if byte(index) == UInt8(ascii: "0"), let x = byte(index + 1), x == UInt8(ascii: "x") || x == UInt8(ascii: "X") {
            index += 2
            while let b = byte(index), Self.isWordByte(b) { index += 1 }
            return SQLToken(kind: .number, text: text(start, index), start: start, end: index)
        }
        while Self.isDigit(byte(index)) || byte(index) == UInt8(ascii: ".") { index += 1 }
        if let e = byte(index), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var probe = index + 1
            if let sign = byte(probe), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { probe += 1 }
            if Self.isDigit(byte(probe)) {
                index = probe
                while Self.isDigit(byte(index)) { index += 1 }
            }
        }
        return SQLToken(kind: .number, text: text(start, index), start: start, end: index)
    }

    /// MySQL string: a doubled quote or a backslash escape stands for one character.
    private mutating func readString(quote: UInt8) throws(Failure) -> String {
        let start = index
        index += 1
        var value: [UInt8] = []
        while true {
            guard let b = byte(index) else { throw Failure(reason: .unterminatedString, offset: start) }
            index += 1
            if b == quote {
                guard byte(index) == quote else { return String(decoding: value, as: UTF8.self) }
                value.append(quote)
                index += 1
                continue
            }
            if b == UInt8(ascii: "\\") {
                guard let escaped = byte(index) else { throw Failure(reason: .unterminatedString, offset: start) }
                index += 1
                switch escaped {
                case UInt8(ascii: "0"): throw Failure(reason: .nulInString, offset: index - 2)
                case UInt8(ascii: "n"): value.append(0x0A)
                case UInt8(ascii: "r"): value.append(0x0D)
                case UInt8(ascii: "t"): value.append(0x09)
                case UInt8(ascii: "b"): value.append(0x08)
                case UInt8(ascii: "Z"): value.append(0x1A)
                // `\%` and `\_` keep their backslash (MySQL documents this for LIKE patterns).
                case UInt8(ascii: "%"), UInt8(ascii: "_"): value += [UInt8(ascii: "\\"), escaped]
                default: value.append(escaped)
                }
                continue
            }
            if b == 0 { throw Failure(reason: .nulInString, offset: index - 1) }
            value.append(b)
        }
    }

    private mutating func skipSpaceAndComments() throws(Failure) {
        while let b = byte(index) {
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C || b == 0x0B {
                index += 1
            } else if b == UInt8(ascii: "#")
                || (b == UInt8(ascii: "-") && byte(index + 1) == UInt8(ascii: "-")
                    && (byte(index + 2).map { $0 <= 0x20 } ?? true))
            {
                // MySQL needs a space or control character after `--` for it to start a comment.
                while let c = byte(index), c != 0x0A { index += 1 }
            } else if b == UInt8(ascii: "/") && byte(index + 1) == UInt8(ascii: "*")
                && byte(index + 2) != UInt8(ascii: "!")
            {
                let start = index
                index += 2
                while true {
                    guard let c = byte(index) else { throw Failure(reason: .unterminatedComment, offset: start) }
                    if c == UInt8(ascii: "*") && byte(index + 1) == UInt8(ascii: "/") {
                        index += 2
                        break
                    }
                    index += 1
                }
            } else {
                return
            }
        }
    }
}

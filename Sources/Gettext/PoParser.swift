public import Basics

/// Reads PO files as GNU gettext (0.21 `po-lex.c`, `po-gram-gen.y`, `msgfmt --check`) reads them:
/// the same entries, and errors on the same lines.
public enum PoParser {
    /// Parses a file. The catalog holds every complete entry; the diagnostics say what was wrong.
    /// `checking` false leaves out what only `msgfmt --check` checks (the header, plural forms,
    /// line breaks), for a file that was checked before and is only read for its entries.
    public static func parse(_ file: SourceFile, checking: Bool = true) -> (PoCatalog, Diagnostics) {
        let first = read(file, file.bytes, continuations: nil)
        var (catalog, diagnostics) = (first.catalog, first.diagnostics)
        if first.continued {
            // GNU's lexer drops every backslash-newline before it reads anything (po-lex.c lex_getc),
            // in comments and keywords as in strings. A file that has one is read again without
            // them, its offsets mapped back to the file's for locations and the writer.
            let (bytes, continuations) = removingContinuations(file.bytes)
            (catalog, diagnostics, _) = read(file, bytes, continuations: continuations)
        }
        // msgfmt checks a catalog's header and messages only once it has read it without errors.
        PoChecks.checkDuplicates(catalog, into: &diagnostics)
        if checking && !diagnostics.hasErrors { PoChecks.check(catalog, into: &diagnostics) }
        return (catalog, diagnostics)
    }

    private static func read(_ file: SourceFile, _ bytes: [UInt8], continuations: [Int]?) -> (
        catalog: PoCatalog, diagnostics: Diagnostics, continued: Bool
    ) {
        bytes.withUnsafeBufferPointer { buffer in
            var parser = Parser(file: file, bytes: buffer, continuations: continuations)
            let catalog = parser.run()
            return (catalog, parser.diagnostics, parser.restarting)
        }
    }

    /// The bytes without their backslash-newlines, and where each was in the result (ascending).
    private static func removingContinuations(_ bytes: [UInt8]) -> (bytes: [UInt8], continuations: [Int]) {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var continuations: [Int] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == backslash, i + 1 < bytes.count, bytes[i + 1] == newline {
                continuations.append(out.count)
                i += 2
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return (out, continuations)
    }
}

// MARK: - Tokens

private enum TokenKind: Equatable {
    case eof, msgctxt, msgid, msgidPlural, msgstr, domain
    case prevMsgctxt, prevMsgid, prevMsgidPlural
    case string, prevString, leftBracket, rightBracket, number, comment, name, junk

    var describe: String {
        switch self {
        case .eof: "end of file"
        case .msgctxt, .prevMsgctxt: "`msgctxt`"
        case .msgid, .prevMsgid: "`msgid`"
        case .msgidPlural, .prevMsgidPlural: "`msgid_plural`"
        case .msgstr: "`msgstr`"
        case .domain: "`domain`"
        case .string, .prevString: "string"
        case .leftBracket: "`[`"
        case .rightBracket: "`]`"
        case .number: "number"
        case .comment: "comment"
        case .name: "word"
        case .junk: "character"
        }
    }
}

private struct Token {
    var kind: TokenKind = .eof
    var start = 0
    var end = 0
    var obsolete = false
    var number = 0
    /// For a string, its decoded text when that is a slice of the file (no escapes), else nil:
    /// the text is in `Parser.text`.
    var plainText: Range<Int>?
}

private let quote = UInt8(ascii: "\"")
private let backslash = UInt8(ascii: "\\")
private let newline = UInt8(ascii: "\n")

// MARK: - Parser

private struct Parser {
    let file: SourceFile
    let b: UnsafeBufferPointer<UInt8>
    var diagnostics = Diagnostics()

    /// Where the backslash-newlines taken out of `b` were (offsets into `b`), when the file had any.
    let continuations: [Int]?
    /// `continuations` is not empty: checked first, as reading the array costs a retain.
    let mapsOffsets: Bool
    /// A newline after a backslash was met: the file is read again without its continuations.
    var sawContinuation = false

    // Lexer state.
    var i = 0
    var obsoleteLine = false
    var previousLine = false
    var token = Token()
    /// The start of the line the lexer is on, so of the current token's line (no token spans lines).
    var lineStart = 0
    /// The decoded bytes of the current string token, when it has escapes.
    var text: [UInt8] = []
    /// The bytes of a message's strings joined, when there are several.
    var joined: [UInt8] = []
    /// After an error on a line, gettext prints no more line-only errors for that line
    /// (gnulib `error_one_per_line`); the same here keeps output short.
    var lastErrorLine = -1

    // Entry state.
    let source: PoSource
    var entries: [PoEntry] = []
    var header: PoEntry?
    /// How many entries came before the header.
    var headerIndex = 0
    var lastEnd = 0
    /// The end of the last token a message consumed.
    var consumedEnd = 0
    var sawLineEndCRLF = false
    var commentStart: Int?
    var flags: [String] = []
    var translatorComments: [String] = []
    var extractedComments: [String] = []
    var references: [String] = []

    init(file: SourceFile, bytes: UnsafeBufferPointer<UInt8>, continuations: [Int]?) {
        self.file = file
        self.b = bytes
        self.continuations = continuations
        mapsOffsets = !(continuations?.isEmpty ?? true)
        source = PoSource(file)
        // A guess from the size (entries are rarely under ~100 bytes) that spares most regrowing
        // of a large catalog; pages reserved and never touched cost nothing.
        entries.reserveCapacity(bytes.count / 128)
        text.reserveCapacity(256)
        joined.reserveCapacity(256)
    }

    mutating func error(at offset: Int, _ diagnostic: (SourceFile, Int) -> Diagnostic) {
        diagnostics.append(diagnostic(file, physical(offset)))
    }

    /// The file's offset of an offset of `b` (they differ after a backslash-newline taken out).
    /// Inlined, with the search apart: a call of a non-mutating method from a mutating one, or
    /// much code inlined around reads of `self`, copies the whole parser.
    @inline(__always)
    func physical(_ offset: Int) -> Int {
        mapsOffsets ? Self.physical(offset, continuations ?? []) : offset
    }

    @inline(never)
    static func physical(_ offset: Int, _ continuations: [Int]) -> Int {
        // Continuations at or before `offset`, by binary search.
        var low = 0
        var high = continuations.count
        while low < high {
            let middle = (low + high) / 2
            if continuations[middle] <= offset { low = middle + 1 } else { high = middle }
        }
        return offset + 2 * low
    }

    /// The first pass met a continuation and its reading is dropped for the second.
    @inline(__always)
    var restarting: Bool { sawContinuation && continuations == nil }

    // MARK: Lexer

    mutating func advance() {
        while i < b.count {
            let c = b[i]
            switch c {
            case newline:
                if i > 0, b[i - 1] == backslash { sawContinuation = true }
                obsoleteLine = false
                previousLine = false
                i += 1
                lineStart = i
            case 0x20, 0x09, 0x0D, 0x0C, 0x0B:
                i += 1
            case UInt8(ascii: "#"):
                let start = i
                i += 1
                if i < b.count, b[i] == UInt8(ascii: "~") {
                    obsoleteLine = true
                    i += 1
                    if i < b.count, b[i] == UInt8(ascii: "|") {
                        previousLine = true
                        i += 1
                    }
                    continue
                }
                if i < b.count, b[i] == UInt8(ascii: "|") {
                    previousLine = true
                    i += 1
                    continue
                }
                while i < b.count, b[i] != newline { i += 1 }
                token = Token(kind: .comment, start: start, end: i, obsolete: obsoleteLine)
                obsoleteLine = false
                return
            case quote:
                lexString()
                return
            case UInt8(ascii: "["), UInt8(ascii: "]"):
                token = Token(
                    kind: c == UInt8(ascii: "[") ? .leftBracket : .rightBracket, start: i, end: i + 1,
                    obsolete: obsoleteLine)
                i += 1
                return
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = i
                var value = 0
                while i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") {
                    value = value &* 10 &+ Int(b[i] - UInt8(ascii: "0"))
                    i += 1
                }
                token = Token(kind: .number, start: start, end: i, obsolete: obsoleteLine, number: value)
                return
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"),
                UInt8(ascii: "$"):
                lexWord()
                return
            default:
                // Any other byte (a non-ASCII letter included) is junk to gettext's grammar.
                let start = i
                i += 1
                while i < b.count, b[i] & 0xC0 == 0x80 { i += 1 }
                token = Token(kind: .junk, start: start, end: i, obsolete: obsoleteLine)
                return
            }
        }
        token = Token(kind: .eof, start: b.count, end: b.count)
    }

    mutating func lexWord() {
        let start = i
        while i < b.count {
            let c = b[i]
            let isWord =
                (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
                || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "_")
                || c == UInt8(ascii: "$")
            if !isWord { break }
            i += 1
        }
        let kind = keyword(start, i)
        token = Token(kind: kind, start: start, end: i, obsolete: obsoleteLine)
        if kind == .name {
            let word = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
            lineError(at: start) { file, offset in PoDiagnostics.unknownKeyword(file, at: offset, word) }
        }
    }

    func keyword(_ start: Int, _ end: Int) -> TokenKind {
        let length = end - start
        func matches(_ word: StaticString) -> Bool {
            guard word.utf8CodeUnitCount == length else { return false }
            let w = word.utf8Start
            for k in 0..<length where w[k] != b[start + k] { return false }
            return true
        }
        if previousLine {
            if matches("msgid") { return .prevMsgid }
            if matches("msgid_plural") { return .prevMsgidPlural }
            if matches("msgctxt") { return .prevMsgctxt }
            return .name
        }
        if matches("msgid") { return .msgid }
        if matches("msgstr") { return .msgstr }
        if matches("msgctxt") { return .msgctxt }
        if matches("msgid_plural") { return .msgidPlural }
        if matches("domain") { return .domain }
        return .name
    }

    /// An error printed with a line only; a second one on the same line is dropped, as gettext does
    /// (it counts "end of line within a string" on the next line, where its line counter is).
    mutating func lineError(
        at offset: Int, reportedOnNextLine: Bool = false, _ diagnostic: (SourceFile, Int) -> Diagnostic
    ) {
        // The line is checked first: recovery from a syntax error lexes the rest of a line, and
        // a diagnostic costs a walk of the line up to its column.
        let line = file.line(at: physical(offset)) + (reportedOnNextLine ? 1 : 0)
        if line == lastErrorLine { return }
        lastErrorLine = line
        diagnostics.append(diagnostic(file, physical(offset)))
    }

    mutating func lexString() {
        let start = i
        i += 1
        // Most strings have no escape: their text stays a slice of the file until the first
        // backslash, and is copied into `text` only from there on.
        var buffered = false
        var truncated = false
        var closed = false
        while true {
            // Copy the run of plain bytes in one go.
            let runStart = i
            while i < b.count {
                let c = b[i]
                // Printable ASCII other than `"` and `\` is most of the text: one range test for it.
                if c >= 0x20, c < 0x80, c != quote, c != backslash {
                    i += 1
                    continue
                }
                if c == quote || c == backslash || c == newline { break }
                if c >= 0x80 {
                    // Two-byte sequences (Cyrillic, accented Latin) are checked here, the rest by utf8Length.
                    if c >= 0xC2, c <= 0xDF, i + 1 < b.count, b[i + 1] & 0xC0 == 0x80 {
                        i += 2
                        continue
                    }
                    let length = utf8Length(at: i)
                    if length == 0 {
                        lineError(at: i) { file, offset in PoDiagnostics.invalidUTF8(file, at: offset) }
                        i += 1
                    } else {
                        i += length
                    }
                    continue
                }
                if c == 0x04 { lineError(at: i) { file, offset in PoDiagnostics.contextSeparator(file, at: offset) } }
                if c == 0 { lineError(at: i) { file, offset in PoDiagnostics.nulByte(file, at: offset) } }
                i += 1
            }
            if buffered, !truncated, i > runStart {
                text.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<i]))
            }
            guard i < b.count else {
                lineError(at: i) { file, offset in PoDiagnostics.unterminatedString(file, at: offset, atEOF: true) }
                break
            }
            let c = b[i]
            if c == quote {
                i += 1
                closed = true
                break
            }
            if c == newline {
                lineError(at: i, reportedOnNextLine: true) { file, offset in
                    PoDiagnostics.unterminatedString(file, at: offset, atEOF: false)
                }
                break
            }
            // A backslash.
            if !buffered {
                text.removeAll(keepingCapacity: true)
                text.append(contentsOf: UnsafeBufferPointer(rebasing: b[(start + 1)..<i]))
                buffered = true
            }
            let escapeStart = i
            i += 1
            guard i < b.count else { continue }
            let e = b[i]
            var value: UInt8
            switch e {
            case UInt8(ascii: "n"): value = 0x0A
            case UInt8(ascii: "t"): value = 0x09
            case UInt8(ascii: "b"): value = 0x08
            case UInt8(ascii: "r"): value = 0x0D
            case UInt8(ascii: "f"): value = 0x0C
            case UInt8(ascii: "v"): value = 0x0B
            case UInt8(ascii: "a"): value = 0x07
            case backslash, quote: value = e
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var v = 0
                var digits = 0
                while digits < 3, i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "7") {
                    v = v * 8 + Int(b[i] - UInt8(ascii: "0"))
                    i += 1
                    digits += 1
                }
                value = UInt8(truncatingIfNeeded: v)
                i -= 1
            case UInt8(ascii: "x") where i + 1 < b.count && hexValue(b[i + 1]) != nil:
                var v: UInt8 = 0
                i += 1
                while i < b.count, let digit = hexValue(b[i]) {
                    v = v &* 16 &+ digit
                    i += 1
                }
                value = v
                i -= 1
            default:
                // A backslash-newline: the file is read again without it (a newline after an escaped
                // backslash is a real one, as in gettext, where the escape is then invalid).
                if e == newline { sawContinuation = true }
                let shown = String(
                    decoding: UnsafeBufferPointer(rebasing: b[escapeStart..<min(i + 1, b.count)]), as: UTF8.self)
                error(at: escapeStart) { file, offset in
                    PoDiagnostics.invalidEscape(file, at: offset, sequence: shown)
                }
                // gettext puts a space and reads the character again.
                if !truncated { text.append(0x20) }
                continue
            }
            i += 1
            if value == 0 { truncated = true }  // gettext keeps C strings: a NUL ends the text.
            if !truncated { text.append(value) }
            if value == 0x04 {
                lineError(at: escapeStart) { file, offset in PoDiagnostics.contextSeparator(file, at: offset) }
            }
        }
        token = Token(
            kind: previousLine ? .prevString : .string, start: start, end: i, obsolete: obsoleteLine,
            plainText: buffered ? nil : (start + 1)..<(closed ? i - 1 : i))
    }

    func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The length of the valid UTF-8 sequence at `p`, or 0.
    func utf8Length(at p: Int) -> Int {
        let c = b[p]
        let length: Int
        let minimum: UInt32
        var scalar: UInt32
        switch c {
        case 0xC2...0xDF: (length, minimum, scalar) = (2, 0x80, UInt32(c & 0x1F))
        case 0xE0...0xEF: (length, minimum, scalar) = (3, 0x800, UInt32(c & 0x0F))
        case 0xF0...0xF4: (length, minimum, scalar) = (4, 0x10000, UInt32(c & 0x07))
        default: return 0
        }
        guard p + length <= b.count else { return 0 }
        for k in 1..<length {
            let next = b[p + k]
            guard next & 0xC0 == 0x80 else { return 0 }
            scalar = scalar << 6 | UInt32(next & 0x3F)
        }
        if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return 0 }
        return length
    }

    // MARK: Grammar

    mutating func run() -> PoCatalog {
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF {
            diagnostics.append(PoDiagnostics.byteOrderMark(file))
            i = 3
        }
        sawLineEndCRLF = detectCRLF()
        advance()
        while token.kind != .eof, !restarting {
            switch token.kind {
            case .comment:
                takeComment()
                advance()
            case .domain:
                error(at: token.start) { file, offset in PoDiagnostics.domain(file, at: offset) }
                advance()
                if token.kind == .string { advance() }
                clearComments()
            case .msgctxt, .msgid, .prevMsgctxt, .prevMsgid:
                parseMessage()
            default:
                syntaxError()
            }
        }
        let end = physical(lastEnd)
        return PoCatalog(
            headerEntry: header, headerIndex: headerIndex, entries: entries, source: file,
            trailingSpan: end < file.bytes.count ? end..<file.bytes.count : nil,
            lineEnd: sawLineEndCRLF ? "\r\n" : "\n")
    }

    func detectCRLF() -> Bool {
        var p = 0
        while p < b.count, b[p] != newline { p += 1 }
        return p > 0 && p < b.count && b[p - 1] == 0x0D
    }

    /// Reports the unexpected token, then skips to where a new item can start (bison's `error` rule).
    mutating func syntaxError() {
        let found = token.kind == .name || token.kind == .junk ? "`\(tokenText)`" : token.kind.describe
        // An unknown keyword already has its own error on this line.
        let line = file.line(at: physical(token.start))
        if !(token.kind == .name && line == lastErrorLine) {
            error(at: token.start) { file, offset in PoDiagnostics.syntax(file, at: offset, found: found) }
        }
        lastErrorLine = line
        clearComments()
        repeat {
            advance()
        } while ![.eof, .comment, .domain, .msgid, .msgctxt, .prevMsgid, .prevMsgctxt].contains(token.kind)
    }

    var tokenText: String {
        String(decoding: UnsafeBufferPointer(rebasing: b[token.start..<token.end]), as: UTF8.self)
    }

    mutating func clearComments() {
        commentStart = nil
        flags.removeAll()
        translatorComments.removeAll()
        extractedComments.removeAll()
        references.removeAll()
    }

    mutating func takeComment() {
        if commentStart == nil { commentStart = max(lineStart, lastEnd) }
        let start = token.start + 1
        var end = token.end
        if end > start, b[end - 1] == 0x0D { end -= 1 }
        let kind: UInt8 = start < end ? b[start] : 0
        func body(_ from: Int) -> String {
            var s = from
            if s < end, b[s] == 0x20 { s += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: b[s..<max(s, end)]), as: UTF8.self)
        }
        switch kind {
        case UInt8(ascii: ","):
            var p = start + 1
            while p < end {
                while p < end, b[p] == 0x20 || b[p] == 0x09 || b[p] == UInt8(ascii: ",") { p += 1 }
                let flagStart = p
                while p < end, b[p] != 0x20, b[p] != 0x09, b[p] != UInt8(ascii: ",") { p += 1 }
                if p > flagStart {
                    flags.append(String(decoding: UnsafeBufferPointer(rebasing: b[flagStart..<p]), as: UTF8.self))
                }
            }
        case UInt8(ascii: "."): extractedComments.append(body(start + 1))
        case UInt8(ascii: ":"): references.append(body(start + 1))
        default: translatorComments.append(body(start))
        }
    }

    /// The end of the line holding `offset`, after its newline, or `ceiling` when that comes first:
    /// the walk stops there, so that many messages on one line do not each walk the whole line.
    func lineEnd(_ offset: Int, notAfter ceiling: Int) -> Int {
        var p = offset
        while p < ceiling, b[p] != newline { p += 1 }
        return p < ceiling ? p + 1 : ceiling
    }

    /// Reads `STRING+` into a String; nil (after a syntax error) when there is none.
    mutating func strings(_ kind: TokenKind, obsolete: Bool) -> String? {
        guard token.kind == kind else {
            syntaxError()
            return nil
        }
        // One string without escapes (the usual case) is decoded straight from the file's bytes.
        var single: Range<Int>?
        var count = 0
        joined.removeAll(keepingCapacity: true)
        while token.kind == kind {
            checkObsolete(obsolete)
            consumedEnd = token.end
            if count == 0, let plain = token.plainText {
                single = plain
            } else {
                if let plain = single {
                    joined.append(contentsOf: UnsafeBufferPointer(rebasing: b[plain]))
                    single = nil
                }
                if let plain = token.plainText {
                    joined.append(contentsOf: UnsafeBufferPointer(rebasing: b[plain]))
                } else {
                    joined.append(contentsOf: text)
                }
            }
            count += 1
            advance()
        }
        if let plain = single { return String(decoding: UnsafeBufferPointer(rebasing: b[plain]), as: UTF8.self) }
        return String(decoding: joined, as: UTF8.self)
    }

    mutating func checkObsolete(_ obsolete: Bool) {
        if token.obsolete != obsolete {
            lineError(at: token.start) { file, offset in PoDiagnostics.inconsistentObsolete(file, at: offset) }
        }
    }

    mutating func parseMessage() {
        let bodyStart = max(lineStart, lastEnd)
        let obsolete = token.obsolete
        var previous: PoPrevious?
        if token.kind == .prevMsgctxt || token.kind == .prevMsgid {
            var context: String?
            if token.kind == .prevMsgctxt {
                advance()
                guard let value = strings(.prevString, obsolete: obsolete) else { return }
                context = value
                guard token.kind == .prevMsgid else { return syntaxError() }
            }
            advance()
            guard let id = strings(.prevString, obsolete: obsolete) else { return }
            var plural: String?
            if token.kind == .prevMsgidPlural {
                advance()
                guard let value = strings(.prevString, obsolete: obsolete) else { return }
                plural = value
            }
            previous = PoPrevious(msgctxt: context, msgid: id, msgidPlural: plural)
            guard token.kind == .msgctxt || token.kind == .msgid else { return syntaxError() }
        }
        var context: String?
        if token.kind == .msgctxt {
            checkObsolete(obsolete)
            advance()
            guard let value = strings(.string, obsolete: obsolete) else { return }
            context = value
            guard token.kind == .msgid else { return syntaxError() }
        }
        let msgidOffset = token.start
        checkObsolete(obsolete)
        advance()
        guard let msgid = strings(.string, obsolete: obsolete) else { return }

        var plural: String?
        var msgstr: [String] = []
        var msgstrOffset = token.start
        if token.kind == .msgidPlural {
            checkObsolete(obsolete)
            advance()
            guard let value = strings(.string, obsolete: obsolete) else { return }
            plural = value
            guard token.kind == .msgstr else {
                lineError(at: msgidOffset) { file, offset in PoDiagnostics.missingMsgstr(file, at: offset, plural: true)
                }
                clearComments()
                return
            }
            msgstrOffset = token.start
            guard let forms = pluralForms(obsolete: obsolete) else { return }
            msgstr = forms
        } else if token.kind == .msgstr {
            msgstrOffset = token.start
            checkObsolete(obsolete)
            advance()
            if token.kind == .leftBracket {
                // `msgstr[n]` without `msgid_plural`: read the forms, then complain.
                guard pluralForms(obsolete: obsolete, afterKeyword: true) != nil else { return }
                lineError(at: msgidOffset) { file, offset in PoDiagnostics.missingMsgidPlural(file, at: offset) }
                clearComments()
                return
            }
            guard let value = strings(.string, obsolete: obsolete) else { return }
            msgstr = [value]
        } else {
            lineError(at: msgidOffset) { file, offset in PoDiagnostics.missingMsgstr(file, at: offset, plural: false) }
            clearComments()
            return
        }

        let bodyEnd = lineEnd(consumedEnd, notAfter: token.kind == .eof ? b.count : token.start)
        let entryStart = commentStart ?? bodyStart
        let spans = PoSpans(
            leading: physical(lastEnd)..<physical(entryStart), comments: physical(entryStart)..<physical(bodyStart),
            body: physical(bodyStart)..<physical(max(bodyStart, bodyEnd)))
        // As gettext: the first `msgid ""` without context is the header, wherever it is.
        let isHeader = context == nil && msgid.isEmpty && header == nil && !obsolete
        let entry = PoEntry(
            msgctxt: context, msgid: msgid, msgidPlural: plural, msgstr: msgstr, flags: flags,
            translatorComments: translatorComments, extractedComments: extractedComments, references: references,
            previous: previous, isObsolete: obsolete,
            origin: PoOrigin(source: source, msgid: physical(msgidOffset), msgstr: physical(msgstrOffset)),
            spans: spans)
        lastEnd = max(bodyStart, bodyEnd)
        clearComments()
        if isHeader {
            header = consume entry
            headerIndex = entries.count
        } else {
            entries.append(consume entry)
        }
    }

    /// Reads `msgstr[n] STRING+` forms; the current token is `msgstr` (or `[` after it).
    mutating func pluralForms(obsolete: Bool, afterKeyword: Bool = false) -> [String]? {
        var forms: [String] = []
        forms.reserveCapacity(4)  // one allocation for the usual 2–4 forms instead of one per growth
        var skipKeyword = afterKeyword
        while skipKeyword || token.kind == .msgstr {
            let keywordStart = token.start
            if !skipKeyword {
                checkObsolete(obsolete)
                advance()
            }
            skipKeyword = false
            guard token.kind == .leftBracket else {
                syntaxError()
                return nil
            }
            advance()
            guard token.kind == .number else {
                syntaxError()
                return nil
            }
            let index = token.number
            advance()
            guard token.kind == .rightBracket else {
                syntaxError()
                return nil
            }
            advance()
            if index != forms.count {
                lineError(at: keywordStart) { file, offset in
                    PoDiagnostics.pluralIndex(file, at: offset, first: forms.isEmpty)
                }
            }
            guard let value = strings(.string, obsolete: obsolete) else { return nil }
            forms.append(value)
        }
        return forms
    }
}

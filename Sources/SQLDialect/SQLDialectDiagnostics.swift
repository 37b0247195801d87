import Basics

/// Maps byte offsets of the SQL text to places in the file the text came from (an `<item>` of
/// addon.xml, or a `.sql` file).
struct SQLSource {
    /// The SQL to translate: the text as written, with `?:` replaced by the table prefix.
    let bytes: [UInt8]
    /// The text as written, whose line table locates offsets when there is no `file`.
    private let written: SourceFile
    /// Where the first byte of the text as written is.
    private let base: SourceLocation
    /// The file holding the text, for exact locations and the source line, and where each byte of
    /// the text is in it.
    private let file: SourceFile?
    private let fileOffsets: OffsetMap?
    /// Where each table prefix starts in `bytes`, in order, and its length.
    private let prefixStarts: [Int]
    private let prefixLength: Int

    /// `?:` in `text` becomes `tablePrefix` when one is given, as CS-Cart's `db_query` does. `file`
    /// holds the text verbatim at `base.offset`, or byte by byte at `offsets`.
    init(
        text: [UInt8], tablePrefix: String? = nil, base: SourceLocation, file: SourceFile?, offsets: OffsetMap? = nil
    ) {
        written = SourceFile(path: base.file, bytes: text)
        self.base = base
        self.file = file
        fileOffsets = file == nil ? nil : offsets ?? base.offset.map(OffsetMap.init(verbatimAt:))
        let prefix = tablePrefix.map { Array($0.utf8) }
        prefixLength = prefix?.count ?? 2
        guard let prefix else {
            (bytes, prefixStarts) = (text, [])
            return
        }
        var bytes: [UInt8] = []
        var starts: [Int] = []
        bytes.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            if text[index] == UInt8(ascii: "?"), index + 1 < text.count, text[index + 1] == UInt8(ascii: ":") {
                starts.append(bytes.count)
                bytes += prefix
                index += 2
            } else {
                bytes.append(text[index])
                index += 1
            }
        }
        (self.bytes, prefixStarts) = (bytes, starts)
    }

    /// The offset in the text as written of an offset in `bytes`; inside a table prefix, its `?:`.
    private func writtenOffset(of offset: Int) -> Int {
        // The number of prefixes starting at or before `offset`.
        var (low, high) = (0, prefixStarts.count)
        while low < high {
            let middle = (low + high) / 2
            if prefixStarts[middle] <= offset { low = middle + 1 } else { high = middle }
        }
        let growth = prefixLength - 2
        if low > 0, offset < prefixStarts[low - 1] + prefixLength { return prefixStarts[low - 1] - (low - 1) * growth }
        return offset - low * growth
    }

    func location(at offset: Int) -> SourceLocation {
        let offset = min(writtenOffset(of: offset), written.bytes.count)
        if let file, let fileOffsets { return file.location(at: fileOffsets.fileOffset(of: offset)) }
        let relative = written.location(at: offset)
        return SourceLocation(
            file: base.file, line: base.line + relative.line - 1,
            column: relative.line == 1 ? base.column + relative.column - 1 : relative.column,
            offset: base.offset.map { $0 + offset })
    }

    func diagnostic(_ problem: SQLProblem, at offset: Int) -> Diagnostic {
        let location = location(at: offset)
        return Diagnostic(
            problem.id, problem.severity, problem.message, at: location,
            excerpt: file?.excerpt(line: location.line, column: location.column),
            hint: problem.hint)
    }
}

/// The catalogue of what the translator reports: every message of the SQLDialect module.
struct SQLProblem: Error {
    var id: DiagnosticID
    var severity: Severity
    var message: String
    var hint: String?
    /// Byte offset in the statement text.
    var offset: Int

    private init(_ id: DiagnosticID, _ message: String, hint: String?, severity: Severity = .error, at offset: Int) {
        self.id = id
        self.severity = severity
        self.message = message
        self.hint = hint
        self.offset = offset
    }

    static let rewriteHint = "rewrite the query in the portable SQL that both MySQL and SQLite accept"

    static func syntax(_ failure: SQLTokenizer.Failure) -> SQLProblem {
        let message: String
        switch failure.reason {
        case .unterminatedString: message = "string literal is not closed"
        case .unterminatedIdentifier: message = "backtick identifier is not closed"
        case .unterminatedComment: message = "comment is not closed"
        case .nulInString: message = "string literal holds a NUL character, which SQLite text cannot hold"
        }
        return SQLProblem("sql.syntax", message, hint: "fix the SQL at this place", at: failure.offset)
    }

    static func expected(_ what: String, at offset: Int) -> SQLProblem {
        SQLProblem("sql.syntax", "expected \(what)", hint: "fix the SQL at this place", at: offset)
    }

    static func multipleStatements(at offset: Int) -> SQLProblem {
        SQLProblem(
            "sql.multiple-statements",
            "a query <item> holds more than one statement; CS-Cart runs one statement per item",
            hint: "split it into one <item> per statement", at: offset)
    }

    static func unsupportedStatement(_ words: String, at offset: Int) -> SQLProblem {
        SQLProblem(
            "sql.unsupported-statement", "'\(words)' statements are not translated to SQLite", hint: rewriteHint,
            at: offset)
    }

    static func unsupported(_ construct: String, because reason: String, hint: String? = nil, at offset: Int)
        -> SQLProblem
    {
        SQLProblem(
            "sql.unsupported-construct", "\(construct) cannot be translated: \(reason)", hint: hint ?? rewriteHint,
            at: offset)
    }

    static func changeColumn(_ keyword: String, at offset: Int) -> SQLProblem {
        SQLProblem(
            "sql.alter-column-definition",
            "ALTER TABLE … \(keyword) changes a column's definition, which SQLite's ALTER TABLE cannot do",
            hint: "add a new column instead, or create a new table and copy the rows", at: offset)
    }

    static func unknownType(_ type: String, at offset: Int) -> SQLProblem {
        SQLProblem(
            "sql.unknown-type", "column type '\(type)' is not a MySQL type the translator knows", hint: rewriteHint,
            at: offset)
    }

    static func unknownColumnAttribute(_ word: String, at offset: Int) -> SQLProblem {
        SQLProblem(
            "sql.unknown-column-attribute", "column attribute '\(word)' is not translated", hint: rewriteHint,
            at: offset)
    }

    static func unknownTableOption(_ word: String, at offset: Int) -> SQLProblem {
        SQLProblem(
            "sql.unknown-table-option", "table option '\(word)' is not translated", hint: rewriteHint, at: offset)
    }

    static func autoIncrementNotPrimaryKey(_ column: String, at offset: Int) -> SQLProblem {
        SQLProblem(
            "sql.auto-increment-not-primary-key",
            "AUTO_INCREMENT column '\(column)' is not the table's only primary key column; SQLite numbers rows only through an INTEGER PRIMARY KEY",
            hint: "make '\(column)' the single-column PRIMARY KEY", at: offset)
    }

    static func mysqlFunction(_ name: String, hint: String? = nil, at offset: Int) -> SQLProblem {
        SQLProblem(
            "sql.mysql-function", "MySQL function \(name)() has no SQLite equivalent with the same result",
            hint: hint ?? "compute the value in the add-on's code, or use a portable expression", at: offset)
    }

    static func variable(_ name: String, at offset: Int) -> SQLProblem {
        SQLProblem("sql.variable", "MySQL variable \(name) does not exist in SQLite", hint: rewriteHint, at: offset)
    }

    static func fulltextDropped(at offset: Int) -> SQLProblem {
        SQLProblem(
            "sql.fulltext-index-skipped",
            "FULLTEXT and SPATIAL indexes have no SQLite equivalent; the index is not created (queries give the same rows, MATCH … AGAINST will fail)",
            hint: nil, severity: .warning, at: offset)
    }

    static func skipped(_ what: String, at offset: Int) -> SQLProblem {
        SQLProblem(
            "sql.statement-skipped", "\(what) has no meaning in SQLite; skipped", hint: nil, severity: .note, at: offset
        )
    }
}

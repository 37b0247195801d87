public import Basics

/// One SQL statement and where it starts in the file it came from.
public struct SQLStatement: Sendable, Hashable {
    public var text: String
    public var location: SourceLocation

    public init(text: String, location: SourceLocation) {
        self.text = text
        self.location = location
    }
}

/// Translates the MySQL that CS-Cart add-ons put in `<queries>` into SQLite. What it cannot
/// translate faithfully it reports, located in the add-on's file, instead of guessing.
public enum MySQLTranslator {
    /// The SQLite statements for one MySQL statement (none, one or several), and what was found.
    public struct Translation: Sendable {
        public var statements: [SQLStatement]
        public var diagnostics: Diagnostics
        /// No error was found: every statement can be run.
        public var isComplete: Bool { !diagnostics.hasErrors }
    }

    /// Translates one statement (an `<item>`'s text). `?:` becomes `tablePrefix` when one is
    /// given, as CS-Cart's `db_query` does; diagnostics still point into the text as written.
    /// `location` is where the first character of `sql` is; pass `file` when `sql` appears in it
    /// verbatim at `location.offset`, or byte by byte at `offsets` (an XML element's text, past
    /// its references and comments), so that diagnostics are exact and show the source line.
    public static func translate(
        _ sql: String, tablePrefix: String? = nil, location: SourceLocation, file: SourceFile? = nil,
        offsets: OffsetMap? = nil
    ) -> Translation {
        var session = SQLSession()
        return translate(
            sql, tablePrefix: tablePrefix, location: location, file: file, offsets: offsets, session: &session)
    }

    /// Translates one statement of a sequence: `session` holds what the statements before it
    /// left (tables, indexes, `sql_mode`) and learns what this one does (a statement with an error
    /// may leave part of it there: its operation is refused anyway).
    public static func translate(
        _ sql: String, tablePrefix: String? = nil, location: SourceLocation, file: SourceFile? = nil,
        offsets: OffsetMap? = nil, session: inout SQLSession
    ) -> Translation {
        let source = SQLSource(
            text: Array(sql.utf8), tablePrefix: tablePrefix, base: location, file: file, offsets: offsets)
        var diagnostics = Diagnostics()
        var statements: [SQLStatement] = []
        do throws(SQLProblem) {
            let tokens: [SQLToken]
            do throws(SQLTokenizer.Failure) {
                tokens = try SQLTokenizer.tokenize(source.bytes).filter {
                    $0.kind != .conditionalStart && $0.kind != .conditionalEnd
                }
            } catch {
                throw SQLProblem.syntax(error)
            }
            let groups = tokens.split(omittingEmptySubsequences: true, whereSeparator: { $0.isSymbol(";") })
            if groups.count > 1 { throw SQLProblem.multipleStatements(at: groups[groups.startIndex + 1].first!.start) }
            if let group = groups.first {
                // The translator holds the only reference to the session while it works, so that
                // it changes it in place.
                var translator = StatementTranslator(tokens: Array(group), session: SQLSession())
                swap(&session, &translator.session)
                defer { swap(&session, &translator.session) }
                try translator.translate()
                for problem in translator.problems {
                    diagnostics.append(source.diagnostic(problem, at: problem.offset))
                }
                let start = source.location(at: group.first!.start)
                statements = translator.output.map { SQLStatement(text: $0, location: start) }
            }
        } catch {
            diagnostics.append(source.diagnostic(error, at: error.offset))
            statements = []
        }
        return Translation(statements: statements, diagnostics: diagnostics)
    }
}

/// A cursor over the tokens of one statement, with the small lookahead the grammar needs.
struct TokenCursor {
    let tokens: [SQLToken]
    var index: Int
    /// Offset used for "expected …" at the end of the statement.
    let endOffset: Int

    init(_ tokens: [SQLToken], endOffset: Int) {
        self.tokens = tokens
        self.index = 0
        self.endOffset = endOffset
    }

    var atEnd: Bool { index >= tokens.count }
    var current: SQLToken? { atEnd ? nil : tokens[index] }
    var offset: Int { current?.start ?? endOffset }
    var rest: ArraySlice<SQLToken> { tokens[min(index, tokens.count)...] }

    func peek(_ words: String...) -> Bool { matches(words, from: index) }

    func matches(_ words: [String], from start: Int) -> Bool {
        guard start + words.count <= tokens.count else { return false }
        for (offset, word) in words.enumerated() {
            let token = tokens[start + offset]
            if word.first!.isLetter || word == "_" {
                if !token.isWord(word) { return false }
            } else if !token.isSymbol(word) {
                return false
            }
        }
        return true
    }

    /// Consumes the words (or symbols) if they all come next.
    mutating func accept(_ words: String...) -> Bool {
        guard matches(words, from: index) else { return false }
        index += words.count
        return true
    }

    mutating func expect(_ words: String...) throws(SQLProblem) {
        guard matches(words, from: index) else { throw .expected(words.joined(separator: " "), at: offset) }
        index += words.count
    }

    mutating func advance() throws(SQLProblem) -> SQLToken {
        guard let token = current else { throw .expected("more of the statement", at: endOffset) }
        index += 1
        return token
    }

    /// A table, column or index name.
    mutating func name(_ what: String) throws(SQLProblem) -> (name: String, token: SQLToken) {
        guard let token = current, token.isName else { throw .expected(what, at: offset) }
        index += 1
        if current?.isSymbol(".") == true {
            throw .unsupported(
                "a database-qualified name", because: "the store is one SQLite database", at: token.start)
        }
        return (token.text, token)
    }

    /// The tokens inside the parentheses that start here (which are consumed).
    mutating func parenthesized() throws(SQLProblem) -> ArraySlice<SQLToken> {
        guard current?.isSymbol("(") == true else { throw .expected("'('", at: offset) }
        let open = index
        var depth = 0
        while let token = current {
            if token.isSymbol("(") { depth += 1 }
            if token.isSymbol(")") {
                depth -= 1
                if depth == 0 {
                    index += 1
                    return tokens[(open + 1)..<(index - 1)]
                }
            }
            index += 1
        }
        throw .expected("')'", at: tokens[open].start)
    }

    /// Consumes an optional `=` (table options are written both ways).
    mutating func skipEquals() { _ = accept("=") }
}

extension ArraySlice where Element == SQLToken {
    /// Splits on commas outside parentheses.
    func splitTopLevel(_ separator: String = ",") -> [ArraySlice<SQLToken>] {
        var parts: [ArraySlice<SQLToken>] = []
        var depth = 0
        var start = startIndex
        for index in indices {
            let token = self[index]
            if token.isSymbol("(") { depth += 1 }
            if token.isSymbol(")") { depth -= 1 }
            if depth == 0 && token.isSymbol(separator) {
                parts.append(self[start..<index])
                start = index + 1
            }
        }
        parts.append(self[start..<endIndex])
        return parts
    }

    /// The first token at parenthesis depth 0 that is one of `words`.
    func firstTopLevelWord(_ words: Set<String>) -> SQLToken? {
        var depth = 0
        for token in self {
            if token.isSymbol("(") { depth += 1 }
            if token.isSymbol(")") { depth -= 1 }
            if depth == 0, token.kind == .word, words.contains(token.text.uppercased()) { return token }
        }
        return nil
    }
}

/// SQLite text for names and literals.
enum SQLiteText {
    static func identifier(_ name: String) -> String {
        "\"" + name.replacingEvery("\"", with: "\"\"") + "\""
    }

    static func string(_ value: String) -> String {
        "'" + value.replacingEvery("'", with: "''") + "'"
    }

    /// Joins rendered pieces with single spaces, none inside parentheses or around dots.
    static func join(_ pieces: [String]) -> String {
        var out = ""
        var previous: String?
        for piece in pieces {
            if let previous, !(piece == "," || piece == ")" || piece == "." || previous == "(" || previous == ".") {
                out += " "
            }
            out += piece
            previous = piece
        }
        return out
    }
}

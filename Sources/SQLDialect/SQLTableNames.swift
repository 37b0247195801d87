/// The tables a MySQL text creates and drops, read from its tokens, so that a `CREATE TABLE`
/// inside a comment or a string is not taken for a statement. The manifest reader warns with it
/// about tables that install creates and uninstall leaves behind.
public enum SQLTableNames {
    /// A table name as written, backticks removed (`?:name` keeps CS-Cart's prefix placeholder),
    /// and the byte offset in the text where it starts.
    public struct Name: Sendable, Hashable {
        public var text: String
        public var offset: Int
    }

    /// The name after each `CREATE TABLE [IF NOT EXISTS]`.
    public static func created(in text: String) -> [Name] {
        names(in: text, after: ["CREATE", "TABLE"], optional: ["IF", "NOT", "EXISTS"], isList: false)
    }

    /// Each name of the list after each `DROP TABLE [IF EXISTS]`.
    public static func dropped(in text: String) -> [Name] {
        names(in: text, after: ["DROP", "TABLE"], optional: ["IF", "EXISTS"], isList: true)
    }

    /// Text the tokenizer cannot read (an unterminated string or comment) names no table: the
    /// translator reports it when the query runs.
    private static func names(in text: String, after statement: [String], optional: [String], isList: Bool) -> [Name] {
        guard let tokens = try? SQLTokenizer.tokenize(Array(text.utf8)) else { return [] }
        var names: [Name] = []
        var index = 0
        while index < tokens.count {
            guard tokens.hasWords(statement, at: index) else {
                index += 1
                continue
            }
            index += statement.count
            if tokens.hasWords(optional, at: index) { index += optional.count }
            while let (name, next) = tableName(in: tokens, at: index) {
                names.append(name)
                index = next
                guard isList, next < tokens.count, tokens[next].isSymbol(",") else { break }
                index += 1
            }
        }
        return names
    }

    /// A bare or backtick name at `index`, or `?:` written right before one; and the index after it.
    private static func tableName(in tokens: [SQLToken], at index: Int) -> (Name, next: Int)? {
        guard index < tokens.count else { return nil }
        let first = tokens[index]
        if first.isName { return (Name(text: first.text, offset: first.start), index + 1) }
        guard first.isSymbol("?"), index + 2 < tokens.count else { return nil }
        let colon = tokens[index + 1], name = tokens[index + 2]
        guard colon.isSymbol(":"), colon.start == first.end, name.isName, name.start == colon.end else { return nil }
        return (Name(text: "?:" + name.text, offset: first.start), index + 3)
    }
}

extension [SQLToken] {
    /// Whether the bare words `words` (upper case) follow one another from `index`.
    fileprivate func hasWords(_ words: [String], at index: Int) -> Bool {
        guard index + words.count <= count else { return false }
        return words.indices.allSatisfy { self[index + $0].isWord(words[$0]) }
    }
}

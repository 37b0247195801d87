/// Translates one MySQL statement. The first error stops it (it is thrown); warnings and notes
/// are collected in `problems`.
struct StatementTranslator {
    var cursor: TokenCursor
    var output: [String] = []
    var problems: [SQLProblem] = []
    var session: SQLSession

    init(tokens: [SQLToken], session: SQLSession) {
        cursor = TokenCursor(tokens, endOffset: tokens.last?.end ?? 0)
        self.session = session
    }

    mutating func translate() throws(SQLProblem) {
        guard let first = cursor.current else { return }
        switch first.text.uppercased() {
        case "CREATE":
            if cursor.peek("CREATE", "TABLE") || cursor.peek("CREATE", "TEMPORARY", "TABLE") {
                try createTable()
            } else if cursor.peek("CREATE", "INDEX") || cursor.peek("CREATE", "UNIQUE")
                || cursor.peek("CREATE", "FULLTEXT") || cursor.peek("CREATE", "SPATIAL")
            {
                try createIndex()
            } else {
                throw unsupported(first)
            }
        case "DROP":
            if cursor.peek("DROP", "TABLE") || cursor.peek("DROP", "TEMPORARY", "TABLE") {
                try dropTable()
            } else if cursor.peek("DROP", "INDEX") {
                try dropIndex()
            } else {
                throw unsupported(first)
            }
        case "ALTER": try alterTable()
        case "INSERT", "REPLACE": try insert()
        case "UPDATE": try update()
        case "DELETE": try delete()
        case "SELECT": output.append(try expression(cursor.rest))
        case "TRUNCATE":
            _ = try cursor.advance()
            _ = cursor.accept("TABLE")
            let table = try cursor.name("a table name")
            try expectEnd()
            output.append("DELETE FROM \(SQLiteText.identifier(table.name))")
        case "RENAME": try renameTable()
        case "SET": try set()
        case "LOCK", "UNLOCK":
            problems.append(
                .skipped(
                    "\(first.text.uppercased()) TABLES (the host runs each operation in one transaction)",
                    at: first.start))
        default:
            throw unsupported(first)
        }
    }

    func unsupported(_ first: SQLToken) -> SQLProblem {
        let words = cursor.tokens.prefix(2).map { $0.text.uppercased() }.joined(separator: " ")
        return .unsupportedStatement(words, at: first.start)
    }

    func expectEnd() throws(SQLProblem) {
        if let token = cursor.current { throw .expected("the end of the statement", at: token.start) }
    }

    // MARK: - Statements other than CREATE and ALTER

    /// `DROP [TEMPORARY] TABLE [IF EXISTS] a, b` → one DROP per table (SQLite drops one at a time).
    mutating func dropTable() throws(SQLProblem) {
        try cursor.expect("DROP")
        _ = cursor.accept("TEMPORARY")
        try cursor.expect("TABLE")
        let ifExists = cursor.accept("IF", "EXISTS")
        repeat {
            let table = try cursor.name("a table name")
            output.append("DROP TABLE \(ifExists ? "IF EXISTS " : "")\(SQLiteText.identifier(table.name))")
            session.drop(table.name)
        } while cursor.accept(",")
        _ = cursor.accept("RESTRICT") || cursor.accept("CASCADE")
        try expectEnd()
    }

    /// `DROP INDEX name ON t` → `DROP INDEX IF EXISTS "t_name"`.
    mutating func dropIndex() throws(SQLProblem) {
        try cursor.expect("DROP", "INDEX")
        let index = try cursor.name("an index name")
        try cursor.expect("ON")
        let table = try cursor.name("a table name")
        skipAlgorithmAndLock()
        try expectEnd()
        dropIndex(index.name, on: table.name)
    }

    /// `ALGORITHM=…` and `LOCK=…` of online DDL mean nothing to SQLite.
    mutating func skipAlgorithmAndLock() {
        while cursor.peek("ALGORITHM") || cursor.peek("LOCK") {
            cursor.index += 1
            cursor.skipEquals()
            cursor.index += 1
        }
    }

    /// SQLite index names are unique per database, MySQL's per table: prefix with the table.
    static func indexName(table: String, index: String) -> String { "\(table)_\(index)" }

    /// `RENAME TABLE a TO b, c TO d`.
    mutating func renameTable() throws(SQLProblem) {
        try cursor.expect("RENAME", "TABLE")
        repeat {
            let from = try cursor.name("a table name")
            try cursor.expect("TO")
            let to = try cursor.name("a table name")
            output.append("ALTER TABLE \(SQLiteText.identifier(from.name)) RENAME TO \(SQLiteText.identifier(to.name))")
            session.rename(from.name, to: to.name)
        } while cursor.accept(",")
        try expectEnd()
    }

    /// Session settings (`SET NAMES`, `SET sql_mode`, mysqldump's `SET @OLD_… = @@…`) are skipped;
    /// any other `SET` is reported.
    mutating func set() throws(SQLProblem) {
        let start = try cursor.advance()
        let sessionSettings: Set<String> = [
            "NAMES", "CHARACTER", "CHARSET", "SQL_MODE", "FOREIGN_KEY_CHECKS", "UNIQUE_CHECKS", "TIME_ZONE",
            "CHARACTER_SET_CLIENT", "CHARACTER_SET_RESULTS", "CHARACTER_SET_CONNECTION", "COLLATION_CONNECTION",
            "SQL_NOTES", "AUTOCOMMIT", "SQL_QUOTE_SHOW_CREATE", "SESSION",
        ]
        for assignment in cursor.rest.splitTopLevel() {
            guard let target = assignment.first else { throw .expected("a setting", at: cursor.offset) }
            let isSession = target.kind == .word && sessionSettings.contains(target.text.uppercased())
            // `@saved = @@setting`: mysqldump keeps a session setting to restore it later.
            let savesSetting =
                target.kind == .variable && assignment.count == 3 && assignment.last!.kind == .variable
                && assignment.last!.text.hasPrefix("@@")
            let restoresSetting = target.kind == .variable && target.text.hasPrefix("@@")
            guard isSession || savesSetting || restoresSetting else {
                throw .unsupported("SET \(target.text)", because: "SQLite has no session variables", at: target.start)
            }
            followSQLMode(assignment)
        }
        problems.append(.skipped("SET \(cursor.current?.text ?? "")", at: start.start))
    }

    /// Follows NO_AUTO_VALUE_ON_ZERO in `sql_mode`: a value with a string that names it sets it,
    /// `@saved` restores what `SET @saved = @@sql_mode` kept (as mysqldump's files do), a value
    /// built from `@@sql_mode` changes it only where it names it, any other value clears it.
    mutating func followSQLMode(_ assignment: ArraySlice<SQLToken>) {
        func isMode(_ token: SQLToken) -> Bool {
            token.isWord("SQL_MODE") || ["@@sql_mode", "@@session.sql_mode"].contains(token.text.lowercased())
        }
        guard let equals = assignment.firstIndex(where: { $0.isSymbol("=") || $0.isSymbol(":=") }),
            let target = assignment[..<equals].last
        else { return }
        let value = assignment[(equals + 1)...]
        if target.kind == .variable, !target.text.hasPrefix("@@"), value.count == 1, isMode(value.first!) {
            session.savedModes[target.text.lowercased()] = session.noAutoValueOnZero
        } else if isMode(target), !(value.count == 1 && isMode(value.first!)) {
            let namesIt = value.contains {
                $0.kind == .string
                    && $0.text.uppercased().split(separator: ",").contains {
                        $0.filter { $0 != " " } == "NO_AUTO_VALUE_ON_ZERO"
                    }
            }
            if value.count == 1 && value.first!.kind == .variable {
                session.noAutoValueOnZero = session.savedModes[value.first!.text.lowercased()] ?? false
            } else if value.contains(where: isMode) {
                // Built from the current mode: `REPLACE(@@sql_mode, 'NO_AUTO_VALUE_ON_ZERO', '')`
                // takes it out, `CONCAT(@@sql_mode, ',NO_AUTO_VALUE_ON_ZERO')` puts it in, and a
                // value that does not name it keeps it as it was.
                if namesIt { session.noAutoValueOnZero = !value.contains { $0.isWord("REPLACE") } }
            } else {
                session.noAutoValueOnZero = namesIt
            }
        }
    }

    // MARK: - INSERT, REPLACE, UPDATE, DELETE

    /// `INSERT [IGNORE] [INTO] t [(cols)] VALUES … | SELECT … | SET a = 1, …
    /// [ON DUPLICATE KEY UPDATE …]` and `REPLACE …` with the same forms.
    mutating func insert() throws(SQLProblem) {
        let verb = try cursor.advance().text.uppercased()
        while cursor.accept("LOW_PRIORITY") || cursor.accept("DELAYED") || cursor.accept("HIGH_PRIORITY") {}
        let ignore = cursor.accept("IGNORE")
        _ = cursor.accept("INTO")
        let table = try cursor.name("a table name")
        if let token = cursor.current, token.isWord("PARTITION") {
            throw .unsupported("PARTITION", because: "SQLite tables have no partitions", at: token.start)
        }
        var columns: [String] = []
        if cursor.current?.isSymbol("(") == true {
            for part in try cursor.parenthesized().splitTopLevel() {
                guard part.count == 1, let column = part.first, column.isName else {
                    throw .expected("a column name", at: part.first?.start ?? cursor.offset)
                }
                columns.append(SQLiteText.identifier(column.text))
            }
        }
        // MySQL numbers a row given 0 for its AUTO_INCREMENT column unless sql_mode has
        // NO_AUTO_VALUE_ON_ZERO; SQLite numbers a row given NULL.
        let state = session[table.name]
        let numbered =
            session.noAutoValueOnZero ? nil : state.autoIncrement.map { SQLiteText.identifier($0).lowercased() }
        let body = cursor.rest
        let duplicate = Self.findOnDuplicate(in: body)
        let source = duplicate.map { body[body.startIndex..<$0] } ?? body
        guard let first = source.first else { throw .expected("VALUES, SELECT or SET", at: cursor.offset) }
        var values: String
        if first.isWord("VALUES") || first.isWord("VALUE") {
            let names = columns.isEmpty ? state.columns.map(SQLiteText.identifier) : columns
            let position = numbered.flatMap { numbered in names.firstIndex { $0.lowercased() == numbered } }
            values = "VALUES " + (try expression(numbering(source.dropFirst(), at: position)))
        } else if first.isWord("SELECT") {
            if let duplicate {
                throw .unsupported(
                    "INSERT … SELECT … ON DUPLICATE KEY UPDATE",
                    because: "SQLite parses an upsert after SELECT only with an explicit WHERE",
                    at: body[duplicate].start)
            }
            values = try expression(source)
        } else if first.isWord("SET") {
            guard columns.isEmpty else { throw .expected("VALUES", at: first.start) }
            var expressions: [String] = []
            for assignment in source.dropFirst().splitTopLevel() {
                let (column, value) = try Self.assignment(assignment, at: first.end)
                columns.append(column)
                expressions.append(
                    column.lowercased() == numbered && Self.isZero(value) ? "NULL" : try expression(value))
            }
            values = "VALUES (" + expressions.joined(separator: ", ") + ")"
        } else {
            throw .expected("VALUES, SELECT or SET", at: first.start)
        }
        if let duplicate {
            guard verb == "INSERT" else { throw .expected("the end of the statement", at: body[duplicate].start) }
            let assignments = body[(duplicate + 4)...]
            if let alias = assignments.first, alias.isWord("AS") {
                throw .unsupported("a row alias", because: "SQLite names the new row 'excluded'", at: alias.start)
            }
            var updates: [String] = []
            for assignment in assignments.splitTopLevel() {
                let (column, value) = try Self.assignment(assignment, at: body[duplicate].start)
                updates.append("\(column) = \(try expression(value, inUpsert: true))")
            }
            // "The conflict target may be omitted on the last ON CONFLICT clause" (SQLite ≥ 3.35):
            // then any uniqueness conflict updates, as MySQL's ON DUPLICATE KEY does.
            values += " ON CONFLICT DO UPDATE SET " + updates.joined(separator: ", ")
        }
        let head = verb == "REPLACE" ? "REPLACE INTO" : ignore ? "INSERT OR IGNORE INTO" : "INSERT INTO"
        let columnList = columns.isEmpty ? "" : " (" + columns.joined(separator: ", ") + ")"
        output.append("\(head) \(SQLiteText.identifier(table.name))\(columnList) \(values)")
    }

    /// `VALUES` rows with a literal 0 at `position` (the AUTO_INCREMENT column) made NULL.
    func numbering(_ rows: ArraySlice<SQLToken>, at position: Int?) -> ArraySlice<SQLToken> {
        guard let position else { return rows }
        var tokens = cursor.tokens
        for row in rows.splitTopLevel() where row.count >= 2 && row.first!.isSymbol("(") && row.last!.isSymbol(")") {
            let values = row.dropFirst().dropLast().splitTopLevel()
            guard position < values.count, Self.isZero(values[position]) else { continue }
            let zero = values[position].first!
            tokens[values[position].startIndex] = SQLToken(kind: .word, text: "NULL", start: zero.start, end: zero.end)
        }
        return tokens[rows.indices]
    }

    /// `0` or `'0'`.
    static func isZero(_ value: ArraySlice<SQLToken>) -> Bool {
        value.count == 1 && (value.first!.kind == .number || value.first!.kind == .string) && value.first!.text == "0"
    }

    /// The index of `ON DUPLICATE KEY UPDATE` at depth 0.
    static func findOnDuplicate(in tokens: ArraySlice<SQLToken>) -> Int? {
        var depth = 0
        for index in tokens.indices {
            let token = tokens[index]
            if token.isSymbol("(") { depth += 1 }
            if token.isSymbol(")") { depth -= 1 }
            if depth == 0, token.isWord("ON"), index + 3 < tokens.endIndex, tokens[index + 1].isWord("DUPLICATE"),
                tokens[index + 2].isWord("KEY"), tokens[index + 3].isWord("UPDATE")
            {
                return index
            }
        }
        return nil
    }

    /// `column = expression` → the quoted column and the expression's tokens.
    static func assignment(_ tokens: ArraySlice<SQLToken>, at offset: Int) throws(SQLProblem) -> (
        String, ArraySlice<SQLToken>
    ) {
        guard let column = tokens.first, column.isName, tokens.count >= 3, tokens[tokens.startIndex + 1].isSymbol("=")
        else { throw .expected("column = value", at: tokens.first?.start ?? offset) }
        return (SQLiteText.identifier(column.text), tokens.dropFirst(2))
    }

    /// `UPDATE [IGNORE] t SET … [WHERE …]`, single table only.
    mutating func update() throws(SQLProblem) {
        try cursor.expect("UPDATE")
        _ = cursor.accept("LOW_PRIORITY")
        let ignore = cursor.accept("IGNORE")
        let table = try cursor.name("a table name")
        guard cursor.accept("SET") else {
            throw .unsupported("a multi-table UPDATE", because: "SQLite updates one table at a time", at: cursor.offset)
        }
        try refuseOrderAndLimit(cursor.rest, statement: "UPDATE")
        let rest = try expression(cursor.rest)
        output.append("UPDATE \(ignore ? "OR IGNORE " : "")\(SQLiteText.identifier(table.name)) SET \(rest)")
    }

    /// `DELETE FROM t [WHERE …]`, single table only.
    mutating func delete() throws(SQLProblem) {
        try cursor.expect("DELETE")
        while cursor.accept("LOW_PRIORITY") || cursor.accept("QUICK") || cursor.accept("IGNORE") {}
        guard cursor.accept("FROM") else {
            throw .unsupported(
                "a multi-table DELETE", because: "SQLite deletes from one table at a time", at: cursor.offset)
        }
        let table = try cursor.name("a table name")
        var sql = "DELETE FROM \(SQLiteText.identifier(table.name))"
        if !cursor.atEnd {
            guard cursor.peek("WHERE") else {
                throw .unsupported(
                    "a multi-table DELETE", because: "SQLite deletes from one table at a time", at: cursor.offset)
            }
            try refuseOrderAndLimit(cursor.rest, statement: "DELETE")
            sql += " " + (try expression(cursor.rest))
        }
        output.append(sql)
    }

    func refuseOrderAndLimit(_ tokens: ArraySlice<SQLToken>, statement: String) throws(SQLProblem) {
        if let token = tokens.firstTopLevelWord(["ORDER", "LIMIT"]) {
            throw .unsupported(
                "\(statement) … \(token.text.uppercased())",
                because: "SQLite is built without ORDER BY and LIMIT on \(statement)",
                at: token.start)
        }
    }

    // MARK: - Expressions

    /// Renders an expression (or any run of tokens) as SQLite: names double-quoted, strings with
    /// doubled quotes, MySQL-only operators and functions rewritten or reported.
    func expression(_ tokens: ArraySlice<SQLToken>, inUpsert: Bool = false) throws(SQLProblem) -> String {
        var pieces: [String] = []
        var index = tokens.startIndex
        while index < tokens.endIndex {
            let token = tokens[index]
            index += 1
            switch token.kind {
            case .quotedIdentifier: pieces.append(SQLiteText.identifier(token.text))
            case .string: pieces.append(SQLiteText.string(token.text))
            case .number: pieces.append(token.text)
            case .variable: throw .variable(token.text, at: token.start)
            case .conditionalStart, .conditionalEnd: continue
            case .symbol:
                switch token.text {
                case "||": pieces.append("OR")  // MySQL's default sql_mode reads || as OR
                case "&&": pieces.append("AND")
                case "<=>": pieces.append("IS")
                case ":=": throw .variable(":=", at: token.start)
                default: pieces.append(token.text)
                }
            case .word:
                let upper = token.text.uppercased()
                let isCall = index < tokens.endIndex && tokens[index].isSymbol("(")
                if ["REGEXP", "RLIKE", "DIV", "INTERVAL", "BINARY", "SOUNDS"].contains(upper) {
                    throw .unsupported(upper, because: "SQLite has no such operator", at: token.start)
                }
                guard isCall else {
                    pieces.append(token.text)
                    // MySQL's LIKE reads `\` as its escape character; SQLite's has none unless told.
                    if upper == "LIKE", index < tokens.endIndex, tokens[index].kind == .string,
                        tokens[index].text.contains("\\"),
                        !(index + 1 < tokens.endIndex && tokens[index + 1].isWord("ESCAPE"))
                    {
                        pieces += [SQLiteText.string(tokens[index].text), "ESCAPE '\\'"]
                        index += 1
                    }
                    continue
                }
                var call = TokenCursor(Array(tokens[index...]), endOffset: tokens.last!.end)
                let arguments = try call.parenthesized()
                let next = index + call.index
                switch upper {
                case "CONCAT":
                    let parts = try arguments.splitTopLevel().map { (part) throws(SQLProblem) in
                        try expression(part, inUpsert: inUpsert)
                    }
                    pieces.append("(" + parts.joined(separator: " || ") + ")")  // NULL if any is NULL, as CONCAT
                case "IF":
                    pieces.append("iif(" + (try expression(arguments, inUpsert: inUpsert)) + ")")
                case "LAST_INSERT_ID" where arguments.isEmpty:
                    pieces.append("last_insert_rowid()")
                case "UNIX_TIMESTAMP" where arguments.isEmpty || Self.isNow(arguments):
                    pieces.append("CAST(strftime('%s', 'now') AS INTEGER)")
                case "UNIX_TIMESTAMP" where arguments.count == 1 && arguments.first!.kind == .string:
                    throw .mysqlFunction(
                        upper, hint: "MySQL reads the date in its session's time zone: write the number of seconds",
                        at: token.start)
                case "VALUES" where inUpsert:
                    guard arguments.count == 1, let column = arguments.first, column.isName else {
                        throw .expected("VALUES(column)", at: token.start)
                    }
                    pieces.append("excluded." + SQLiteText.identifier(column.text))
                case "NOW", "SYSDATE", "CURDATE", "CURTIME", "UNIX_TIMESTAMP", "FROM_UNIXTIME", "DATE_FORMAT",
                    "DATE_ADD", "DATE_SUB", "ADDDATE", "SUBDATE", "STR_TO_DATE", "CONCAT_WS", "FIND_IN_SET",
                    "FIELD", "INET_ATON", "INET_NTOA", "MD5", "SHA1", "SHA2", "UUID", "LAST_INSERT_ID",
                    "GREATEST", "LEAST", "RAND", "ENCRYPT", "PASSWORD", "AES_ENCRYPT", "AES_DECRYPT",
                    "REGEXP_REPLACE", "REGEXP_LIKE", "MATCH", "CONVERT", "LOCATE", "SUBSTRING_INDEX", "LPAD",
                    "RPAD", "LEFT", "RIGHT", "YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "TO_DAYS", "DATEDIFF":
                    throw .mysqlFunction(upper, at: token.start)
                default:
                    pieces.append(token.text + "(" + (try expression(arguments, inUpsert: inUpsert)) + ")")
                }
                index = next
            }
        }
        return SQLiteText.join(pieces)
    }

    /// `NOW()`, `SYSDATE()`, `CURRENT_TIMESTAMP`, `LOCALTIME`, `LOCALTIMESTAMP` (the last three
    /// with or without `()`): the current moment, whose UNIX_TIMESTAMP is UNIX_TIMESTAMP().
    static func isNow(_ tokens: ArraySlice<SQLToken>) -> Bool {
        guard let first = tokens.first, first.kind == .word else { return false }
        let rest = tokens.dropFirst()
        let isCall = rest.count == 2 && rest.first!.isSymbol("(") && rest.last!.isSymbol(")")
        switch first.text.uppercased() {
        case "NOW", "SYSDATE": return isCall
        case "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP": return isCall || rest.isEmpty
        default: return false
        }
    }
}

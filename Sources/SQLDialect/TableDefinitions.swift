/// A MySQL column definition, read and turned into SQLite.
struct ColumnDefinition {
    /// What kind of value the MySQL type holds: it decides the SQLite type and MySQL's implicit
    /// default for a NOT NULL column.
    enum Category: Equatable {
        case integer, real, text, blob
        case temporal(zero: String)
        case enumeration([String])

        var isEnumeration: Bool {
            if case .enumeration = self { true } else { false }
        }
    }

    var name: String
    var nameToken: SQLToken
    var category: Category
    var notNull = false
    var defaultValue: String?
    var autoIncrement: SQLToken?
    var primaryKey: SQLToken?
    var unique: SQLToken?
    var checks: [String] = []
    /// Whether text compares case by case (BINARY, a `_bin` or `_cs` collation, CHARSET binary);
    /// nil when the column does not say, and then the table's default decides.
    var caseSensitive: Bool?

    var sqliteType: String {
        switch category {
        case .integer: "INTEGER"
        case .real: "REAL"
        case .text, .temporal, .enumeration: "TEXT"
        case .blob: "BLOB"
        }
    }

    /// The value MySQL gives a NOT NULL column without DEFAULT (its "implicit default").
    var implicitDefault: String {
        switch category {
        case .integer, .real: "0"
        case .text, .blob: "''"
        case .temporal(let zero): SQLiteText.string(zero)
        case .enumeration(let values): SQLiteText.string(values.first ?? "")
        }
    }

    /// The SQLite column definition; `rowID` makes it `INTEGER PRIMARY KEY AUTOINCREMENT`.
    func render(rowID: Bool, inlinePrimaryKey: Bool, implicitDefault: Bool) -> String {
        var parts = [SQLiteText.identifier(name), sqliteType]
        // CS-Cart's tables are utf8 with a `_general_ci` collation: text compares ignoring case
        // (NOCASE folds ASCII letters only).
        if category == .text || category.isEnumeration, caseSensitive != true { parts.append("COLLATE NOCASE") }
        if rowID {
            parts.append("PRIMARY KEY AUTOINCREMENT")
        } else if inlinePrimaryKey {
            parts.append("PRIMARY KEY")
        }
        // MySQL makes primary key columns NOT NULL; SQLite keeps NULL allowed there (a legacy quirk).
        if notNull || primaryKey != nil || inlinePrimaryKey { parts.append("NOT NULL") }
        if let defaultValue {
            parts.append("DEFAULT \(defaultValue)")
        } else if notNull && (implicitDefault || category.isEnumeration) {
            // An ENUM's first value is its default even where MySQL's strict mode has no implicit one.
            parts.append("DEFAULT \(self.implicitDefault)")
        }
        if case .enumeration(let values) = category {
            parts.append(
                "CHECK (\(SQLiteText.identifier(name)) IN (\(values.map(SQLiteText.string).joined(separator: ", "))))")
        }
        parts += checks.map { "CHECK (\($0))" }
        return parts.joined(separator: " ")
    }
}

/// An index declared inside CREATE TABLE, by ALTER TABLE … ADD, or by CREATE INDEX.
struct IndexDefinition {
    /// The MySQL name; of an unnamed index, its first column, which the table's other indexes
    /// may make `column_2`, … (`SQLSession.Table.freeIndexName`).
    var name: String
    var isNamed: Bool
    var unique: Bool
    /// Rendered key parts.
    var parts: [String]
    var keys: [SQLSession.Key]

    /// The column names, when every part is a plain column (no expression).
    var columns: [String]? {
        keys.allSatisfy { $0.column != nil } ? keys.map { $0.column! } : nil
    }
}

extension StatementTranslator {
    // MARK: - Column definitions

    /// Reads `name type [attributes]`. `adding` is true for ALTER TABLE … ADD, where SQLite
    /// allows less.
    func columnDefinition(_ tokens: ArraySlice<SQLToken>, adding: Bool) throws(SQLProblem) -> ColumnDefinition {
        var cursor = TokenCursor(Array(tokens), endOffset: tokens.last?.end ?? self.cursor.offset)
        let name = try cursor.name("a column name")
        guard let typeToken = cursor.current, typeToken.kind == .word else {
            throw .expected("a column type", at: cursor.offset)
        }
        cursor.index += 1
        var arguments: ArraySlice<SQLToken> = []
        if cursor.current?.isSymbol("(") == true { arguments = try cursor.parenthesized() }
        let category = try Self.category(of: typeToken, arguments: arguments)
        // MySQL compares JSON text as binary.
        var caseSensitive: Bool? = typeToken.isWord("JSON") ? true : nil
        while cursor.accept("UNSIGNED") || cursor.accept("SIGNED") || cursor.accept("ZEROFILL") {}
        if cursor.accept("BINARY") { caseSensitive = true }
        var column = ColumnDefinition(
            name: name.name, nameToken: name.token, category: category, caseSensitive: caseSensitive)
        while let token = cursor.current {
            cursor.index += 1
            guard token.kind == .word else { throw .unknownColumnAttribute(token.text, at: token.start) }
            switch token.text.uppercased() {
            case "NOT":
                try cursor.expect("NULL")
                column.notNull = true
            case "NULL": column.notNull = false
            case "DEFAULT": column.defaultValue = try defaultValue(&cursor, adding: adding)
            case "AUTO_INCREMENT":
                if adding {
                    throw .unsupported(
                        "ADD … AUTO_INCREMENT", because: "SQLite cannot add a primary key column", at: token.start)
                }
                column.autoIncrement = token
            case "PRIMARY", "KEY":
                if token.isWord("PRIMARY") { try cursor.expect("KEY") }
                if adding {
                    throw .unsupported(
                        "ADD … PRIMARY KEY", because: "SQLite cannot add a primary key column", at: token.start)
                }
                column.primaryKey = token
            case "UNIQUE":
                _ = cursor.accept("KEY")
                column.unique = token
            case "COMMENT":
                guard cursor.current?.kind == .string else { throw .expected("a comment string", at: cursor.offset) }
                cursor.index += 1
            case "CHARACTER", "CHARSET", "COLLATE":
                // SQLite text is UTF-8; of a collation, only whether it ignores case is kept.
                if token.isWord("CHARACTER") { try cursor.expect("SET") }
                let isCaseSensitive = Self.isCaseSensitive(token, try cursor.advance())
                // A character set without COLLATE has its default collation, which ignores case.
                column.caseSensitive =
                    token.isWord("COLLATE") ? isCaseSensitive : column.caseSensitive ?? isCaseSensitive
            case "COLUMN_FORMAT", "STORAGE": _ = try cursor.advance()
            case "VISIBLE", "INVISIBLE": continue
            case "CHECK":
                column.checks.append(try expression(try cursor.parenthesized()))
            case "ON":
                throw .unsupported(
                    "ON UPDATE", because: "SQLite has no column that updates itself",
                    hint: "set the value in the add-on's UPDATE statements", at: token.start)
            case "REFERENCES":
                throw .unsupported(
                    "REFERENCES", because: "MySQL's MyISAM tables ignore foreign keys and SQLite would enforce them",
                    at: token.start)
            case "GENERATED", "AS":
                throw .unsupported("a generated column", because: "it is not translated", at: token.start)
            default:
                throw .unknownColumnAttribute(token.text, at: token.start)
            }
        }
        return column
    }

    /// The SQLite type category of a MySQL type.
    static func category(of type: SQLToken, arguments: ArraySlice<SQLToken>) throws(SQLProblem)
        -> ColumnDefinition.Category
    {
        switch type.text.uppercased() {
        case "TINYINT", "SMALLINT", "MEDIUMINT", "INT", "INTEGER", "BIGINT", "BIT", "BOOL", "BOOLEAN", "YEAR":
            return .integer
        // DECIMAL too: with SQLite's NUMERIC affinity '101.00' is stored as the integer 101, and
        // `/` between integers truncates (101 / 2 = 50, where MySQL gives 50.50). REAL divides as
        // MySQL does; the host's core tables keep money in REAL as well.
        case "FLOAT", "DOUBLE", "REAL", "DECIMAL", "DEC", "NUMERIC", "FIXED": return .real
        case "CHAR", "VARCHAR", "TINYTEXT", "TEXT", "MEDIUMTEXT", "LONGTEXT", "JSON", "NCHAR", "NVARCHAR": return .text
        case "BINARY", "VARBINARY", "TINYBLOB", "BLOB", "MEDIUMBLOB", "LONGBLOB": return .blob
        case "DATE": return .temporal(zero: "0000-00-00")
        case "DATETIME", "TIMESTAMP": return .temporal(zero: "0000-00-00 00:00:00")
        case "TIME": return .temporal(zero: "00:00:00")
        case "ENUM", "SET":
            var values: [String] = []
            for part in arguments.splitTopLevel() {
                guard part.count == 1, let value = part.first, value.kind == .string else {
                    throw .expected("a quoted value", at: part.first?.start ?? type.end)
                }
                values.append(value.text)
            }
            // A SET holds any comma-separated subset, which a simple CHECK cannot state.
            return type.isWord("ENUM") ? .enumeration(values) : .text
        default:
            throw .unknownType(type.text, at: type.start)
        }
    }

    /// Whether `CHARACTER SET value` or `COLLATE value` compares text case by case.
    static func isCaseSensitive(_ keyword: SQLToken, _ value: SQLToken) -> Bool {
        let name = value.text.lowercased()
        return name == "binary" || (keyword.isWord("COLLATE") && (name.hasSuffix("_bin") || name.hasSuffix("_cs")))
    }

    /// The value after DEFAULT, as SQLite text.
    func defaultValue(_ cursor: inout TokenCursor, adding: Bool) throws(SQLProblem) -> String {
        let token = try cursor.advance()
        switch token.kind {
        case .string: return SQLiteText.string(token.text)
        case .number: return token.text
        case .symbol where token.text == "-" || token.text == "+":
            let number = try cursor.advance()
            guard number.kind == .number else { throw .expected("a number", at: number.start) }
            return token.text + number.text
        case .symbol where token.text == "(":
            cursor.index -= 1
            if adding {
                throw .unsupported(
                    "ADD … DEFAULT (expression)", because: "SQLite adds columns only with a constant default",
                    at: token.start)
            }
            return "(" + (try expression(try cursor.parenthesized())) + ")"
        case .word:
            switch token.text.uppercased() {
            case "NULL": return "NULL"
            case "TRUE": return "1"
            case "FALSE": return "0"
            case "CURRENT_TIMESTAMP", "NOW", "LOCALTIMESTAMP", "LOCALTIME":
                if cursor.current?.isSymbol("(") == true { _ = try cursor.parenthesized() }
                if adding {
                    throw .unsupported(
                        "ADD … DEFAULT CURRENT_TIMESTAMP", because: "SQLite adds columns only with a constant default",
                        at: token.start)
                }
                return "CURRENT_TIMESTAMP"
            default: break
            }
        default: break
        }
        throw .expected("a default value", at: token.start)
    }

    // MARK: - Indexes

    /// `[name] [USING BTREE] (part, …) [USING BTREE] [COMMENT '…']` after KEY/INDEX/UNIQUE.
    func indexDefinition(_ tokens: ArraySlice<SQLToken>, unique: Bool, name given: String? = nil) throws(SQLProblem)
        -> IndexDefinition
    {
        var cursor = TokenCursor(Array(tokens), endOffset: tokens.last?.end ?? self.cursor.offset)
        var name = given
        if given == nil, let token = cursor.current, token.isName, !token.isWord("USING") {
            name = try cursor.name("an index name").name
        }
        skipIndexOptions(&cursor)
        let partTokens = try cursor.parenthesized()
        skipIndexOptions(&cursor)
        if let extra = cursor.current { throw .expected("the end of the index definition", at: extra.start) }
        var parts: [String] = []
        var keys: [SQLSession.Key] = []
        var firstColumn: String?
        for part in partTokens.splitTopLevel() {
            var partCursor = TokenCursor(Array(part), endOffset: part.last?.end ?? cursor.offset)
            if partCursor.current?.isSymbol("(") == true {
                // MySQL 8 functional key part: SQLite indexes expressions too.
                parts.append("(" + (try expression(try partCursor.parenthesized())) + ")")
                keys.append(SQLSession.Key(column: nil))
            } else {
                let column = try partCursor.name("a column name")
                firstColumn = firstColumn ?? column.name
                if partCursor.current?.isSymbol("(") == true {
                    let prefix = partCursor.current!
                    _ = try partCursor.parenthesized()
                    if unique {
                        throw .unsupported(
                            "a UNIQUE index on a column prefix",
                            because: "SQLite indexes whole values, so uniqueness would change",
                            at: prefix.start)
                    }
                }
                parts.append(SQLiteText.identifier(column.name))
                keys.append(SQLSession.Key(column: column.name))
            }
            if partCursor.accept("ASC") {
                parts[parts.count - 1] += " ASC"
            } else if partCursor.accept("DESC") {
                parts[parts.count - 1] += " DESC"
                keys[keys.count - 1].descending = true
            }
            if let extra = partCursor.current { throw .expected("',' or ')'", at: extra.start) }
        }
        // MySQL names an unnamed index after its first column.
        guard let indexName = name ?? firstColumn else {
            throw .expected("an index name", at: tokens.first?.start ?? 0)
        }
        return IndexDefinition(name: indexName, isNamed: name != nil, unique: unique, parts: parts, keys: keys)
    }

    func skipIndexOptions(_ cursor: inout TokenCursor) {
        while true {
            if cursor.accept("USING") || cursor.accept("KEY_BLOCK_SIZE") || cursor.accept("COMMENT") {
                cursor.skipEquals()
                cursor.index += 1
            } else if !(cursor.accept("VISIBLE") || cursor.accept("INVISIBLE")) {
                return
            }
        }
    }

    /// MySQL's inline `UNIQUE` is an unnamed index on the column.
    static func uniqueIndex(on column: ColumnDefinition) -> IndexDefinition {
        IndexDefinition(
            name: column.name, isNamed: false, unique: true, parts: [SQLiteText.identifier(column.name)],
            keys: [SQLSession.Key(column: column.name)])
    }

    /// Appends the CREATE INDEX of `definition` on `table`, which the session learns of.
    mutating func create(_ definition: IndexDefinition, on table: String, ifNotExists: Bool = false) {
        output.append(session[table].create(definition, table: table, ifNotExists: ifNotExists))
    }

    /// Appends `DROP INDEX IF EXISTS` of MySQL's index `name` on `table`.
    mutating func dropIndex(_ name: String, on table: String) {
        let sqliteName = Self.indexName(table: table, index: name)
        output.append("DROP INDEX IF EXISTS \(SQLiteText.identifier(sqliteName))")
        session[table].indexes[sqliteName.lowercased()] = nil
    }

    // MARK: - CREATE TABLE and CREATE INDEX

    mutating func createTable() throws(SQLProblem) {
        try cursor.expect("CREATE")
        _ = cursor.accept("TEMPORARY")
        try cursor.expect("TABLE")
        let ifNotExists = cursor.accept("IF", "NOT", "EXISTS")
        let table = try cursor.name("a table name").name
        if let token = cursor.current, token.isWord("LIKE") || token.isWord("AS") || token.isWord("SELECT") {
            throw .unsupported(
                "CREATE TABLE … \(token.text.uppercased())", because: "it is not translated", at: token.start)
        }
        let body = try cursor.parenthesized()
        var columns: [ColumnDefinition] = []
        var constraints: [String] = []
        var indexes: [IndexDefinition] = []
        var primaryKey: (columns: [String], token: SQLToken)?
        for definition in body.splitTopLevel() {
            guard let first = definition.first else { throw .expected("a column or key definition", at: cursor.offset) }
            var rest = definition.dropFirst()
            if first.isWord("CONSTRAINT") {
                // `CONSTRAINT [symbol] PRIMARY KEY | UNIQUE …`: the symbol names nothing in SQLite.
                if let symbol = rest.first, symbol.isName,
                    !["PRIMARY", "UNIQUE", "FOREIGN", "CHECK"].contains(symbol.text.uppercased())
                {
                    rest = rest.dropFirst()
                }
                guard let kind = rest.first else { throw .expected("a constraint", at: first.end) }
                try tableConstraint(
                    kind, rest.dropFirst(), primaryKey: &primaryKey, indexes: &indexes, constraints: &constraints)
            } else if first.kind == .word,
                ["PRIMARY", "KEY", "INDEX", "UNIQUE", "FULLTEXT", "SPATIAL", "FOREIGN", "CHECK"].contains(
                    first.text.uppercased())
            {
                try tableConstraint(first, rest, primaryKey: &primaryKey, indexes: &indexes, constraints: &constraints)
            } else {
                let column = try columnDefinition(definition, adding: false)
                if column.unique != nil && column.primaryKey == nil {
                    indexes.append(Self.uniqueIndex(on: column))
                }
                columns.append(column)
            }
        }
        let inlineKeys = columns.filter { $0.primaryKey != nil }
        if inlineKeys.count > 1 || (inlineKeys.count == 1 && primaryKey != nil) {
            throw .expected("one PRIMARY KEY", at: (inlineKeys.last?.primaryKey ?? primaryKey!.token).start)
        }
        let keyColumns = primaryKey?.columns ?? inlineKeys.map(\.name)
        var rowIDColumn: String?
        for column in columns {
            guard let token = column.autoIncrement else { continue }
            guard keyColumns == [column.name], case .integer = column.category else {
                throw .autoIncrementNotPrimaryKey(column.name, at: token.start)
            }
            rowIDColumn = column.name
        }
        let options = try tableOptions()
        for index in columns.indices where columns[index].caseSensitive == nil {
            columns[index].caseSensitive = options.caseSensitive
        }
        var definitions = columns.map { column in
            column.render(
                rowID: column.name == rowIDColumn, inlinePrimaryKey: column.primaryKey != nil && rowIDColumn == nil,
                implicitDefault: false)
        }
        if let primaryKey, rowIDColumn == nil {
            definitions.append("PRIMARY KEY (\(primaryKey.columns.map(SQLiteText.identifier).joined(separator: ", ")))")
            // MySQL makes primary key columns NOT NULL.
            for (index, column) in columns.enumerated()
            where primaryKey.columns.contains(column.name) && !column.notNull {
                definitions[index] =
                    column.render(rowID: false, inlinePrimaryKey: false, implicitDefault: false) + " NOT NULL"
            }
        }
        definitions += constraints
        output.append(
            "CREATE TABLE \(ifNotExists ? "IF NOT EXISTS " : "")\(SQLiteText.identifier(table)) (\n  "
                + definitions.joined(separator: ",\n  ") + "\n)")
        // Unnamed indexes are named among this table's, as MySQL names them. When IF NOT EXISTS
        // meets a table that exists, SQLite creates nothing and the session stays as it was.
        var created = SQLSession.Table(columns: columns.map(\.name), autoIncrement: rowIDColumn)
        output += indexes.map { created.create($0, table: table, ifNotExists: ifNotExists) }
        if !(ifNotExists && session.knows(table)) { session[table] = created }
        if rowIDColumn != nil, let first = options.firstID, first > 1 {
            output.append(
                "INSERT INTO sqlite_sequence (name, seq) SELECT \(SQLiteText.string(table)), \(first - 1) "
                    + "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = \(SQLiteText.string(table)))")
        }
    }

    /// PRIMARY KEY, KEY/INDEX, UNIQUE, FULLTEXT, FOREIGN KEY or CHECK inside CREATE TABLE.
    mutating func tableConstraint(
        _ kind: SQLToken, _ rest: ArraySlice<SQLToken>, primaryKey: inout (columns: [String], token: SQLToken)?,
        indexes: inout [IndexDefinition], constraints: inout [String]
    ) throws(SQLProblem) {
        var rest = rest
        switch kind.text.uppercased() {
        case "PRIMARY":
            guard rest.first?.isWord("KEY") == true else { throw .expected("KEY", at: rest.first?.start ?? kind.end) }
            let index = try indexDefinition(rest.dropFirst(), unique: true)
            guard let columns = index.columns else {
                throw .unsupported(
                    "this PRIMARY KEY", because: "SQLite's primary key holds plain columns only", at: kind.start)
            }
            primaryKey = (columns, kind)
        case "KEY", "INDEX":
            indexes.append(try indexDefinition(rest, unique: false))
        case "UNIQUE":
            if let word = rest.first, word.isWord("KEY") || word.isWord("INDEX") { rest = rest.dropFirst() }
            indexes.append(try indexDefinition(rest, unique: true))
        case "FULLTEXT", "SPATIAL":
            problems.append(.fulltextDropped(at: kind.start))
        case "FOREIGN":
            throw .unsupported(
                "FOREIGN KEY", because: "MySQL's MyISAM tables ignore foreign keys and SQLite would enforce them",
                at: kind.start)
        case "CHECK":
            var cursor = TokenCursor(Array(rest), endOffset: kind.end)
            constraints.append("CHECK (" + (try expression(try cursor.parenthesized())) + ")")
        default:
            throw .expected("a constraint", at: kind.start)
        }
    }

    /// `ENGINE=MyISAM DEFAULT CHARSET=utf8 …` after the column list: storage details SQLite does
    /// not have are dropped. Returns `AUTO_INCREMENT=n`, the first generated id, and whether the
    /// table's collation compares text case by case.
    mutating func tableOptions() throws(SQLProblem) -> (firstID: Int?, caseSensitive: Bool) {
        var options: (firstID: Int?, caseSensitive: Bool) = (nil, false)
        let ignored: Set<String> = [
            "ENGINE", "TYPE", "COMMENT", "ROW_FORMAT", "PACK_KEYS", "CHECKSUM",
            "DELAY_KEY_WRITE", "KEY_BLOCK_SIZE", "AVG_ROW_LENGTH", "MAX_ROWS", "MIN_ROWS", "STATS_PERSISTENT",
            "STATS_AUTO_RECALC", "STATS_SAMPLE_PAGES",
        ]
        while let token = cursor.current {
            cursor.index += 1
            let word = token.text.uppercased()
            if token.isSymbol(",") || token.isWord("DEFAULT") { continue }
            if token.isWord("CHARACTER") || token.isWord("CHARSET") || token.isWord("COLLATE") {
                if token.isWord("CHARACTER") { try cursor.expect("SET") }
                cursor.skipEquals()
                let isCaseSensitive = Self.isCaseSensitive(token, try cursor.advance())
                options.caseSensitive =
                    token.isWord("COLLATE") ? isCaseSensitive : options.caseSensitive || isCaseSensitive
                continue
            } else if token.isWord("AUTO_INCREMENT") {
                cursor.skipEquals()
                let value = try cursor.advance()
                guard value.kind == .number, let first = Int(value.text) else {
                    throw .expected("a number", at: value.start)
                }
                options.firstID = first
                continue
            } else if token.kind != .word || !ignored.contains(word) {
                throw .unknownTableOption(token.text, at: token.start)
            }
            cursor.skipEquals()
            _ = try cursor.advance()
        }
        return options
    }

    /// `CREATE [UNIQUE] INDEX name [USING …] ON t (parts)`; FULLTEXT and SPATIAL are skipped.
    mutating func createIndex() throws(SQLProblem) {
        try cursor.expect("CREATE")
        let unique = cursor.accept("UNIQUE")
        if let token = cursor.current, token.isWord("FULLTEXT") || token.isWord("SPATIAL") {
            problems.append(.fulltextDropped(at: token.start))
            return
        }
        try cursor.expect("INDEX")
        let ifNotExists = cursor.accept("IF", "NOT", "EXISTS")
        let name = try cursor.name("an index name")
        skipIndexOptions(&cursor)
        try cursor.expect("ON")
        let table = try cursor.name("a table name")
        let partsStart = cursor.index
        _ = try cursor.parenthesized()
        let partsEnd = cursor.index
        skipIndexOptions(&cursor)
        skipAlgorithmAndLock()
        try expectEnd()
        let definition = try indexDefinition(cursor.tokens[partsStart..<partsEnd], unique: unique, name: name.name)
        create(definition, on: table.name, ifNotExists: ifNotExists)
    }
}

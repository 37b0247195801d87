extension StatementTranslator {
    /// `ALTER TABLE t spec, spec, …`: each spec becomes its own SQLite statement, in order.
    mutating func alterTable() throws(SQLProblem) {
        try cursor.expect("ALTER")
        _ = cursor.accept("ONLINE")
        _ = cursor.accept("IGNORE")
        try cursor.expect("TABLE")
        var table = try cursor.name("a table name").name
        guard !cursor.atEnd else { throw .expected("an ALTER TABLE specification", at: cursor.offset) }
        for spec in cursor.rest.splitTopLevel() {
            var spec = TokenCursor(Array(spec), endOffset: spec.last?.end ?? cursor.offset)
            guard let first = spec.current else { throw .expected("an ALTER TABLE specification", at: cursor.offset) }
            spec.index += 1
            switch first.kind == .word ? first.text.uppercased() : "" {
            case "ADD": try alterAdd(&spec, table: table)
            case "DROP": try alterDrop(&spec, table: table)
            case "CHANGE", "MODIFY": throw .changeColumn(first.text.uppercased(), at: first.start)
            case "ALTER": throw .changeColumn("ALTER COLUMN", at: first.start)
            case "RENAME": table = try alterRename(&spec, table: table)
            case "ENGINE", "TYPE", "DEFAULT", "CHARSET", "CHARACTER", "COLLATE", "COMMENT", "ROW_FORMAT", "CONVERT",
                "DISABLE", "ENABLE", "FORCE", "ALGORITHM", "LOCK", "PACK_KEYS", "CHECKSUM", "DELAY_KEY_WRITE":
                problems.append(.skipped("ALTER TABLE … \(first.text.uppercased())", at: first.start))
            default:
                throw .unsupported(
                    "ALTER TABLE … \(first.text.uppercased())", because: "it is not translated", at: first.start)
            }
        }
    }

    mutating func alterAdd(_ spec: inout TokenCursor, table: String) throws(SQLProblem) {
        let quotedTable = SQLiteText.identifier(table)
        guard let next = spec.current else { throw .expected("a column or index", at: spec.offset) }
        switch next.kind == .word ? next.text.uppercased() : "" {
        case "INDEX", "KEY":
            spec.index += 1
            create(try indexDefinition(spec.rest, unique: false), on: table)
            return
        case "UNIQUE":
            spec.index += 1
            _ = spec.accept("INDEX") || spec.accept("KEY")
            create(try indexDefinition(spec.rest, unique: true), on: table)
            return
        case "CONSTRAINT" where spec.tokens.dropFirst(2).contains(where: { $0.isWord("UNIQUE") }):
            while !spec.accept("UNIQUE") { spec.index += 1 }
            _ = spec.accept("INDEX") || spec.accept("KEY")
            create(try indexDefinition(spec.rest, unique: true), on: table)
            return
        case "FULLTEXT", "SPATIAL":
            problems.append(.fulltextDropped(at: next.start))
            return
        case "PRIMARY", "CONSTRAINT", "FOREIGN":
            throw .unsupported(
                "ALTER TABLE … ADD \(next.text.uppercased())",
                because: "SQLite cannot add keys or constraints to a table",
                at: next.start)
        default:
            break
        }
        _ = spec.accept("COLUMN")
        var columns: [ArraySlice<SQLToken>]
        if spec.current?.isSymbol("(") == true {
            columns = try spec.parenthesized().splitTopLevel()
        } else {
            var tokens = spec.rest
            // SQLite appends columns; their position does not change what queries by name return.
            if let after = tokens.firstIndex(where: { $0.isWord("AFTER") }), after == tokens.endIndex - 2 {
                tokens = tokens[..<after]
            } else if tokens.last?.isWord("FIRST") == true {
                tokens = tokens.dropLast()
            }
            columns = [tokens]
        }
        for tokens in columns {
            let column = try columnDefinition(tokens, adding: true)
            // SQLite needs a default for a NOT NULL column it adds; MySQL fills existing rows with
            // the type's implicit default, so that one is written out.
            output.append(
                "ALTER TABLE " + quotedTable + " ADD COLUMN "
                    + column.render(rowID: false, inlinePrimaryKey: false, implicitDefault: true))
            session[table].columns.append(column.name)
            if column.unique != nil {
                create(Self.uniqueIndex(on: column), on: table)
            }
        }
    }

    mutating func alterDrop(_ spec: inout TokenCursor, table: String) throws(SQLProblem) {
        if let token = spec.current,
            token.isWord("PRIMARY") || token.isWord("FOREIGN") || token.isWord("CONSTRAINT") || token.isWord("CHECK")
        {
            throw .unsupported(
                "ALTER TABLE … DROP \(token.text.uppercased())",
                because: "SQLite cannot drop keys or constraints from a table",
                at: token.start)
        }
        if spec.accept("INDEX") || spec.accept("KEY") {
            dropIndex(try spec.name("an index name").name, on: table)
        } else {
            _ = spec.accept("COLUMN")
            dropColumn(try spec.name("a column name").name, from: table)
        }
        if let extra = spec.current { throw .expected("',' or the end of the statement", at: extra.start) }
    }

    /// SQLite refuses to drop a column an index uses. MySQL takes the column out of its indexes,
    /// dropping those left without columns: the others are created again without it (same name,
    /// same uniqueness). An index on an expression is left to SQLite, which refuses the drop when
    /// the expression uses the column, as MySQL 8 does.
    mutating func dropColumn(_ column: String, from table: String) {
        let affected = session[table].indexes.values.filter { $0.isOnColumns(with: column) }.sorted {
            $0.name < $1.name
        }
        output += affected.map { "DROP INDEX " + SQLiteText.identifier($0.name) }
        output.append("ALTER TABLE " + SQLiteText.identifier(table) + " DROP COLUMN " + SQLiteText.identifier(column))
        for index in affected {
            let narrowed = index.without(column)
            session[table].indexes[index.name.lowercased()] = narrowed
            if let narrowed { output.append(narrowed.create(table: table)) }
        }
        session[table].columns.removeAll { $0.lowercased() == column.lowercased() }
    }

    /// `RENAME [TO|AS] new` or `RENAME COLUMN a TO b`; returns the table's name afterwards.
    mutating func alterRename(_ spec: inout TokenCursor, table: String) throws(SQLProblem) -> String {
        if let token = spec.current, token.isWord("INDEX") || token.isWord("KEY") {
            throw .unsupported("RENAME INDEX", because: "SQLite cannot rename an index", at: token.start)
        }
        let quotedTable = SQLiteText.identifier(table)
        if spec.accept("COLUMN") {
            let from = try spec.name("a column name")
            try spec.expect("TO")
            let to = try spec.name("a column name")
            output.append(
                "ALTER TABLE " + quotedTable + " RENAME COLUMN " + SQLiteText.identifier(from.name) + " TO "
                    + SQLiteText.identifier(to.name))
            session.renameColumn(from.name, to: to.name, in: table)
            return table
        }
        _ = spec.accept("TO") || spec.accept("AS")
        let to = try spec.name("a table name")
        output.append("ALTER TABLE " + quotedTable + " RENAME TO " + SQLiteText.identifier(to.name))
        session.rename(table, to: to.name)
        return to.name
    }
}

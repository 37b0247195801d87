internal import Basics
internal import Foundation
internal import SQLDialect
internal import SQLite

/// Add-on queries to SQLite: `SQLDialect` replaces `?:` by the table prefix and translates the
/// MySQL. What it cannot translate stops the operation with the translator's located
/// diagnostics, before anything is changed.
enum SQLTranslation {
    /// The statements of one `<item>`, or of a `type="file"` SQL file when `script` is given.
    /// `offsets` says where each byte of the item's text is in `source`. Returns the SQLite
    /// statements and the translator's warnings. `session` is what the statements before left, as
    /// CS-Cart runs an operation's queries on one connection.
    static func translate(
        _ text: String, location: SourceLocation, source: SourceFile?, offsets: OffsetMap?, script: SourceFile?,
        prefix: String, step: String, session: inout SQLSession
    ) throws -> (statements: [String], warnings: Diagnostics) {
        var pieces: [(text: String, location: SourceLocation, file: SourceFile?, offsets: OffsetMap?)] = []
        var diagnostics = Diagnostics()
        if let script {
            // A script's statements are slices of it, byte for byte unless the file is not UTF-8
            // (decoding changed its bytes): then places are counted from the statement's start.
            let split = SQLScript.split(script)
            diagnostics.append(contentsOf: split.diagnostics)
            pieces = split.statements.map { statement in
                let bytes = statement.text.utf8
                let verbatim = statement.location.offset.map { offset in
                    offset + bytes.count <= script.bytes.count
                        && script.bytes[offset..<offset + bytes.count].elementsEqual(bytes)
                }
                return (statement.text, statement.location, verbatim == true ? script : nil, nil)
            }
        } else {
            // Without offsets (a manifest in another encoding), places are counted from the start.
            pieces = [(text, location, offsets == nil ? nil : source, offsets)]
        }
        var statements: [String] = []
        for piece in pieces {
            let translation = MySQLTranslator.translate(
                piece.text, tablePrefix: prefix, location: piece.location, file: piece.file, offsets: piece.offsets,
                session: &session)
            diagnostics.append(contentsOf: translation.diagnostics)
            statements += translation.statements.map(\.text)
        }
        if let first = diagnostics.errors.first {
            throw LifecycleError(
                step: step, message: "cannot translate to SQLite: \(first.message)", location: first.location,
                diagnostics: Diagnostics(diagnostics.sorted),
                hint: first.hint ?? "rewrite the query in SQL that both MySQL and SQLite accept")
        }
        return (statements, diagnostics)
    }

    /// The session an operation's queries start in: the store's tables, their AUTO_INCREMENT
    /// columns and indexes as they are now (MySQL names an unnamed index among them, and numbers
    /// a row given 0). Native functions that run between queries and change tables or indexes are
    /// not seen: SQLite then refuses a clash, naming the index.
    static func session(of database: Database) throws -> SQLSession {
        var tables: [(name: String, columns: [String], keys: [(column: String, isInteger: Bool)], isNumbered: Bool)] =
            []
        // A rowid column (the single INTEGER PRIMARY KEY) is AUTO_INCREMENT in a core table, and
        // in an add-on's table when the translator wrote AUTOINCREMENT for it.
        for row in try database.rows(
            """
            SELECT m.name, p.name, p.pk, upper(p.type) = 'INTEGER',
                instr(upper(m.sql), 'AUTOINCREMENT') > 0 OR m.name NOT IN (SELECT name FROM addonhost_tables)
            FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY m.name, p.cid
            """)
        {
            let name = row[0].text ?? "", column = row[1].text ?? ""
            if tables.last?.name != name { tables.append((name, [], [], row[4].integer == 1)) }
            tables[tables.count - 1].columns.append(column)
            if row[2].integer != 0 { tables[tables.count - 1].keys.append((column, row[3].integer == 1)) }
        }
        var session = SQLSession()
        for table in tables {
            let key = table.keys.count == 1 && table.keys[0].isInteger && table.isNumbered ? table.keys[0].column : nil
            session.addTable(table.name, columns: table.columns, autoIncrement: key)
        }
        var indexes: [(table: String, name: String, unique: Bool, keys: [SQLSession.Key])] = []
        // Key parts in order; an expression's has no name. Automatic indexes (sql NULL) are the
        // table's own PRIMARY KEY and UNIQUE constraints, which the translator never writes.
        for row in try database.rows(
            """
            SELECT m.tbl_name, m.name, l."unique", x.name, x."desc" FROM sqlite_master m
            JOIN pragma_index_list(m.tbl_name) l ON l.name = m.name JOIN pragma_index_xinfo(m.name) x
            WHERE m.type = 'index' AND m.sql IS NOT NULL AND x.key = 1 ORDER BY m.name, x.seqno
            """)
        {
            let name = row[1].text ?? ""
            if indexes.last?.name != name { indexes.append((row[0].text ?? "", name, row[2].integer == 1, [])) }
            indexes[indexes.count - 1].keys.append(SQLSession.Key(column: row[3].text, descending: row[4].integer == 1))
        }
        for index in indexes { session.addIndex(index.name, on: index.table, unique: index.unique, keys: index.keys) }
        return session
    }
}

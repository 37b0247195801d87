import Basics
import SQLite
import Testing

@testable import SQLDialect

private let here = SourceLocation(file: "addon.xml", line: 10, column: 5, offset: nil)

private func translated(_ sql: String) -> [String] {
    let result = MySQLTranslator.translate(sql, location: here)
    #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.map(\.description))")
    return result.statements.map(\.text)
}

private func reported(_ sql: String) -> Diagnostic? {
    let result = MySQLTranslator.translate(sql, location: here)
    #expect(result.statements.isEmpty)
    return result.diagnostics.errors.first
}

/// Runs statements in a fresh in-memory database that has a small CS-Cart-like table.
private func execute(
    _ statements: [String],
    setup: String =
        "CREATE TABLE cscart_products (product_id INTEGER PRIMARY KEY, code TEXT); INSERT INTO cscart_products VALUES (1, 'A')"
) throws -> Database {
    let database = try Database(path: ":memory:")
    try database.execute(setup)
    for statement in statements { try database.execute(statement) }
    return database
}

@Suite struct CreateTableTests {
    @Test func backticksEngineCharsetAndAutoIncrementPrimaryKey() throws {
        let out = translated(
            """
            CREATE TABLE IF NOT EXISTS `cscart_faq` (
              `id` int(11) unsigned NOT NULL AUTO_INCREMENT COMMENT 'the id',
              `status` char(1) NOT NULL default 'A',
              `price` decimal(12,2) NOT NULL DEFAULT '0.00',
              `size` mediumint(8) unsigned NOT NULL DEFAULT 0,
              `flag` tinyint(1) NOT NULL DEFAULT 1,
              `body` mediumtext COLLATE utf8_general_ci,
              `big` longtext CHARACTER SET utf8,
              PRIMARY KEY (`id`),
              KEY `status` (`status`),
              UNIQUE KEY `size_flag` (`size`, `flag`)
            ) ENGINE=MyISAM DEFAULT CHARSET=utf8 COLLATE=utf8_general_ci
            """)
        #expect(out.count == 3)
        #expect(out[0].contains("\"id\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL"))
        #expect(out[0].contains("\"price\" REAL NOT NULL DEFAULT '0.00'"))
        #expect(!out[0].contains("PRIMARY KEY (\"id\")"))
        #expect(out[1] == "CREATE INDEX IF NOT EXISTS \"cscart_faq_status\" ON \"cscart_faq\" (\"status\")")
        #expect(
            out[2]
                == "CREATE UNIQUE INDEX IF NOT EXISTS \"cscart_faq_size_flag\" ON \"cscart_faq\" (\"size\", \"flag\")")
        let database = try execute(out + out)  // IF NOT EXISTS: running twice is fine
        try database.execute("INSERT INTO cscart_faq (status) VALUES ('A')")
        #expect(try database.scalar("SELECT id FROM cscart_faq") == .integer(1))
    }

    @Test func inlineAutoIncrementPrimaryKeyAndTableAutoIncrementStart() throws {
        let out = translated(
            "CREATE TABLE t (`list_id` INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(255) NOT NULL) AUTO_INCREMENT=100")
        let database = try execute(out)
        try database.execute("INSERT INTO t (name) VALUES ('x')")
        #expect(try database.scalar("SELECT list_id FROM t") == .integer(100))
    }

    @Test func compositePrimaryKeyColumnsBecomeNotNull() throws {
        let out = translated(
            "CREATE TABLE t (`a` int, `b` char(2), PRIMARY KEY (`a`, `b`)) Engine=MyISAM DEFAULT CHARSET UTF8;")
        #expect(out[0].contains("PRIMARY KEY (\"a\", \"b\")"))
        let database = try execute(out)
        #expect(throws: DatabaseError.self) { try database.execute("INSERT INTO t (a) VALUES (1)") }
    }

    @Test func enumBecomesTextWithCheckAndSetBecomesText() throws {
        let out = translated("CREATE TABLE t (kind enum('A','B') NOT NULL DEFAULT 'A', tags set('x','y'))")
        #expect(out[0].contains("\"kind\" TEXT COLLATE NOCASE NOT NULL DEFAULT 'A' CHECK (\"kind\" IN ('A', 'B'))"))
        let database = try execute(out)
        try database.execute("INSERT INTO t (kind, tags) VALUES ('B', 'x,y')")
        #expect(throws: DatabaseError.self) { try database.execute("INSERT INTO t (kind) VALUES ('C')") }
    }

    /// MySQL gives an ENUM NOT NULL column without DEFAULT its first value, and matches a value
    /// ignoring case (`_general_ci`), though it stores the canonical spelling where this keeps 'n'.
    @Test func notNullEnumDefaultsToItsFirstValueAndMatchesIgnoringCase() throws {
        let out = translated("CREATE TABLE t (id int, b enum('Y','N') NOT NULL, c enum('A','B'))")
        #expect(out[0].contains(#""b" TEXT COLLATE NOCASE NOT NULL DEFAULT 'Y' CHECK ("b" IN ('Y', 'N'))"#))
        let database = try execute(out + ["INSERT INTO t (id) VALUES (1)", "INSERT INTO t (id, b) VALUES (2, 'n')"])
        #expect(try database.scalar("SELECT group_concat(b || coalesce(c, '-')) FROM t") == .text("Y-,n-"))
        #expect(throws: DatabaseError.self) { try database.execute("INSERT INTO t (id, b) VALUES (3, 'x')") }
    }

    /// MySQL's `/` on DECIMAL keeps the fraction (101.00 / 2 = 50.50); SQLite's NUMERIC affinity
    /// would store 101 as an integer and divide it as one.
    @Test func decimalColumnsDivideWithTheirFraction() throws {
        let out = translated("CREATE TABLE t (id int, price decimal(12,2) NOT NULL DEFAULT '0.00', f float, d double)")
        let database = try execute(
            out + [
                "INSERT INTO t VALUES (1, '101.00', 7, 7), (2, 7, 1, 1)",
                "UPDATE t SET price = price / 2, f = f / 2, d = d / 2",
            ])
        #expect(
            try database.scalar(
                "SELECT group_concat(price || ' ' || f || ' ' || d, ', ') FROM (SELECT * FROM t ORDER BY id)")
                == .text("50.5 3.5 3.5, 3.5 0.5 0.5"))
        try database.execute("INSERT INTO t (id) VALUES (3)")
        #expect(try database.scalar("SELECT typeof(price) FROM t WHERE id = 3") == .text("real"))
    }

    /// CS-Cart's utf8 tables compare text ignoring case (`_general_ci`): a UNIQUE key holds 'Alpha'
    /// or 'alpha', not both, and `= 'ALPHA'` finds either. BINARY, `_bin` and binary text do not.
    @Test func textComparesIgnoringCaseUnlessBinary() throws {
        let out = translated(
            """
            CREATE TABLE t (name varchar(64) NOT NULL, code char(8) BINARY, hash varchar(64) COLLATE utf8_bin,
              raw text CHARACTER SET binary, tag enum('x','y'), tags set('x','y'), doc json, UNIQUE KEY name (name)
            ) DEFAULT CHARSET=utf8
            """)
        let database = try execute(
            out
                + translated(
                    "INSERT INTO t (name, code, hash, raw, tag, tags, doc) VALUES ('Alpha', 'Ab', 'Ab', 'Ab', 'x', 'x', 'Ab')"
                )
                + translated("INSERT IGNORE INTO t (name) VALUES ('alpha')"))
        #expect(try database.scalar("SELECT count(*) FROM t") == .integer(1))
        let matches =
            "SELECT (name = 'ALPHA') || (code = 'ab') || (hash = 'ab') || (raw = 'ab') || (tag = 'X') || (tags = 'X') || (doc = 'ab') FROM t"
        #expect(try database.scalar(matches) == .text("1000110"))
        // A `_bin` table default holds for columns that name no collation or character set.
        for statement in translated(
            "CREATE TABLE u (a varchar(8), b varchar(8) COLLATE utf8_general_ci, c varchar(8) CHARACTER SET utf8) DEFAULT CHARSET=utf8 COLLATE=utf8_bin"
        ) + ["INSERT INTO u VALUES ('A', 'A', 'A')"] {
            try database.execute(statement)
        }
        #expect(try database.scalar("SELECT (a = 'a') || (b = 'a') || (c = 'a') FROM u") == .text("011"))
        #expect(
            translated("ALTER TABLE u ADD d varchar(8)") == [#"ALTER TABLE "u" ADD COLUMN "d" TEXT COLLATE NOCASE"#])
    }

    @Test func datetimeDefaultCurrentTimestamp() throws {
        let out = translated("CREATE TABLE t (`date` DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, `info` LONGTEXT)")
        let database = try execute(out)
        try database.execute("INSERT INTO t (info) VALUES ('x')")
        #expect(try database.scalar("SELECT date FROM t")?.text?.count == 19)
    }

    @Test func functionalIndexKeepsItsExpression() throws {
        let out = translated(
            """
            CREATE INDEX idx_phone ON cscart_products ((REPLACE(REPLACE(`code`, ' ', ''), '-', '')))
            """)
        #expect(
            out == [
                "CREATE INDEX \"cscart_products_idx_phone\" ON \"cscart_products\" ((REPLACE(REPLACE(\"code\", ' ', ''), '-', '')))"
            ])
        _ = try execute(out)
    }

    @Test func dropIndexOnTableUsesThePrefixedName() throws {
        let out = translated("DROP INDEX idx_phone ON cscart_products")
        #expect(out == ["DROP INDEX IF EXISTS \"cscart_products_idx_phone\""])
        _ = try execute(translated("CREATE INDEX idx_phone ON cscart_products (code)") + out)
    }

    @Test func autoIncrementOutsideThePrimaryKeyIsReported() {
        let diagnostic = reported(
            "CREATE TABLE t (\n  a int NOT NULL,\n  b int NOT NULL AUTO_INCREMENT,\n  PRIMARY KEY (a, b))")
        #expect(diagnostic?.id == "sql.auto-increment-not-primary-key")
        #expect(diagnostic?.location?.line == 12)
        #expect(diagnostic?.location?.column == 18)
    }

    @Test func onUpdateCurrentTimestampIsReported() {
        #expect(
            reported("CREATE TABLE t (d timestamp DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP)")?.id
                == "sql.unsupported-construct")
    }

    @Test func unknownTypeIsReportedAtTheType() {
        let diagnostic = reported("CREATE TABLE t (g geometry)")
        #expect(diagnostic?.id == "sql.unknown-type")
        #expect(diagnostic?.location?.column == 5 + 18)
    }
}

@Suite struct AlterTableTests {
    @Test func severalAddsBecomeSeveralStatementsWithImplicitDefaults() throws {
        let out = translated(
            "ALTER TABLE `cscart_products` ADD `merchant` VARCHAR(100) NOT NULL, ADD COLUMN `split` int(11) unsigned NOT NULL AFTER `code`, ADD `d` datetime NOT NULL;"
        )
        #expect(
            out == [
                "ALTER TABLE \"cscart_products\" ADD COLUMN \"merchant\" TEXT COLLATE NOCASE NOT NULL DEFAULT ''",
                "ALTER TABLE \"cscart_products\" ADD COLUMN \"split\" INTEGER NOT NULL DEFAULT 0",
                "ALTER TABLE \"cscart_products\" ADD COLUMN \"d\" TEXT NOT NULL DEFAULT '0000-00-00 00:00:00'",
            ])
        let database = try execute(out)
        #expect(try database.scalar("SELECT split FROM cscart_products") == .integer(0))
    }

    @Test func dropColumnsAndIndexes() throws {
        let out = translated("ALTER TABLE cscart_products DROP `code`, ADD INDEX `c` (`product_id`), DROP KEY `c`")
        #expect(
            out == [
                "ALTER TABLE \"cscart_products\" DROP COLUMN \"code\"",
                "CREATE INDEX \"cscart_products_c\" ON \"cscart_products\" (\"product_id\")",
                "DROP INDEX IF EXISTS \"cscart_products_c\"",
            ])
        _ = try execute(out)
    }

    /// MySQL names an unnamed index after its first column, then `_2`, `_3`, … until the name is
    /// free among the table's indexes; the session knows those the statements before made.
    @Test func unnamedIndexesAreNamedAsMySQLNamesThem() throws {
        let out = translated("CREATE TABLE t (a int, c int UNIQUE, KEY (a), KEY (a, c), UNIQUE (c), KEY a_3 (c))")
        #expect(
            Array(out.dropFirst()) == [
                #"CREATE UNIQUE INDEX "t_c" ON "t" ("c")"#, #"CREATE INDEX "t_a" ON "t" ("a")"#,
                #"CREATE INDEX "t_a_2" ON "t" ("a", "c")"#, #"CREATE UNIQUE INDEX "t_c_2" ON "t" ("c")"#,
                #"CREATE INDEX "t_a_3" ON "t" ("c")"#,
            ])
        _ = try execute(out)
        var session = SQLSession()
        session.addIndex("cscart_orders_status", on: "cscart_orders", unique: false, keys: [.init(column: "status")])
        let statements = [
            "ALTER TABLE ?:orders ADD INDEX (status, timestamp)", "CREATE TABLE ?:x (a int)",
            "ALTER TABLE `?:ORDERS` ADD UNIQUE (status), ADD KEY (timestamp)", "DROP INDEX status_2 ON ?:orders",
            "ALTER TABLE ?:orders ADD INDEX (status)",
        ].flatMap {
            MySQLTranslator.translate($0, tablePrefix: "cscart_", location: here, session: &session).statements.map(
                \.text)
        }
        #expect(
            statements.filter { $0.contains("INDEX") } == [
                #"CREATE INDEX "cscart_orders_status_2" ON "cscart_orders" ("status", "timestamp")"#,
                #"CREATE UNIQUE INDEX "cscart_ORDERS_status_3" ON "cscart_ORDERS" ("status")"#,
                #"CREATE INDEX "cscart_ORDERS_timestamp" ON "cscart_ORDERS" ("timestamp")"#,
                #"DROP INDEX IF EXISTS "cscart_orders_status_2""#,
                #"CREATE INDEX "cscart_orders_status_2" ON "cscart_orders" ("status")"#,
            ])
    }

    /// MySQL takes a dropped column out of every index, dropping an index left without columns;
    /// SQLite refuses to drop a column an index uses.
    @Test func droppingAColumnTakesItOutOfItsIndexes() throws {
        var session = SQLSession()
        let statements = [
            "CREATE TABLE t (a int, b int, c int, d int, KEY a (a), UNIQUE KEY ab (a, b), KEY bc (b DESC, c), KEY (d))",
            "ALTER TABLE t RENAME COLUMN b TO bb", "ALTER TABLE t DROP a, DROP COLUMN `BB`",
        ].flatMap {
            MySQLTranslator.translate($0, location: here, session: &session).statements.map(\.text)
        }
        #expect(
            Array(statements.dropFirst(6)) == [
                #"DROP INDEX "t_a""#, #"DROP INDEX "t_ab""#, #"ALTER TABLE "t" DROP COLUMN "a""#,
                #"CREATE UNIQUE INDEX "t_ab" ON "t" ("bb")"#, #"DROP INDEX "t_ab""#, #"DROP INDEX "t_bc""#,
                #"ALTER TABLE "t" DROP COLUMN "BB""#, #"CREATE INDEX "t_bc" ON "t" ("c")"#,
            ])
        let database = try execute(
            statements.prefix(5) + ["INSERT INTO t VALUES (1, 2, 3, 4)"] + statements.dropFirst(5))
        #expect(
            try database.scalar(
                "SELECT group_concat(l.name || ':' || l.\"unique\" || ':' || i.name, ' ') FROM pragma_index_list('t') l, pragma_index_info(l.name) i"
            ) == .text("t_bc:0:c t_d:0:d"))
    }

    @Test func addUniqueColumnAddsAUniqueIndex() throws {
        let out = translated("ALTER TABLE cscart_products ADD external_id VARCHAR(128) UNIQUE")
        #expect(out.count == 2)
        _ = try execute(out)
    }

    @Test(arguments: [
        "CHANGE `code` `code2` varchar(10)", "MODIFY code varchar(10) NOT NULL", "ALTER code SET DEFAULT 'x'",
    ])
    func changingAColumnIsReportedWithItsLocation(_ spec: String) {
        let diagnostic = reported("ALTER TABLE cscart_products ADD x int,\n  \(spec)")
        #expect(diagnostic?.id == "sql.alter-column-definition")
        #expect(diagnostic?.location == SourceLocation(file: "addon.xml", line: 11, column: 3))
    }

    @Test func addingWithCurrentTimestampIsReported() {
        #expect(
            reported("ALTER TABLE t ADD d datetime NOT NULL DEFAULT CURRENT_TIMESTAMP")?.id
                == "sql.unsupported-construct")
    }
}

@Suite struct DataStatementTests {
    private let privileges =
        "CREATE TABLE cscart_privileges (privilege TEXT PRIMARY KEY, is_default TEXT, section_id TEXT, n INTEGER DEFAULT 0)"

    @Test func replaceInsertIgnoreAndStringEscapes() throws {
        let out = translated(
            #"REPLACE INTO cscart_privileges (privilege, is_default, section_id) VALUES ('it\'s', "Y", 'a\\b\nc')"#)
        #expect(
            out == [
                #"REPLACE INTO "cscart_privileges" ("privilege", "is_default", "section_id") VALUES ('it''s', 'Y', 'a\b"#
                    + "\nc')"
            ])
        let ignore = translated("INSERT IGNORE INTO cscart_privileges SET privilege = 'it''s', is_default = 'N'")
        #expect(
            ignore == [#"INSERT OR IGNORE INTO "cscart_privileges" ("privilege", "is_default") VALUES ('it''s', 'N')"#])
        let database = try execute(out + ignore, setup: privileges)
        #expect(try database.scalar("SELECT is_default FROM cscart_privileges") == .text("Y"))
    }

    @Test func onDuplicateKeyUpdateBecomesAnUpsert() throws {
        let out = translated(
            "INSERT INTO cscart_privileges (privilege, n) VALUES ('p', 1) ON DUPLICATE KEY UPDATE n = n + VALUES(n)")
        #expect(
            out == [
                #"INSERT INTO "cscart_privileges" ("privilege", "n") VALUES ('p', 1) ON CONFLICT DO UPDATE SET "n" = n + excluded."n""#
            ])
        let database = try execute(out + out, setup: privileges)
        #expect(try database.scalar("SELECT n FROM cscart_privileges") == .integer(2))
    }

    /// MySQL numbers a row given 0 (or '0') for its AUTO_INCREMENT column, unless sql_mode has
    /// NO_AUTO_VALUE_ON_ZERO, as mysqldump's files set it; SQLite numbers a row given NULL.
    @Test func zeroForTheAutoIncrementColumnNumbersTheRow() throws {
        var session = SQLSession()
        let statements = [
            "CREATE TABLE t (id int unsigned NOT NULL AUTO_INCREMENT, name varchar(8), PRIMARY KEY (id))",
            "INSERT INTO t (id, name) VALUES (0, 'a'), ('0', 'b')", "INSERT INTO t VALUES (0, 'c')",
            "INSERT INTO t SET id = 0, name = 'd'", "REPLACE INTO t (name, `ID`) VALUES ('e', 0)",
            "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */",
            "INSERT INTO t VALUES (0, 'zero')", "/*!40101 SET SQL_MODE=@OLD_SQL_MODE */",
            "INSERT INTO t (name, id) VALUES ('f', 0), ('g', 20)", "ALTER TABLE t ADD note text",
            "INSERT INTO t VALUES (0, 'h', '')",
        ].flatMap {
            MySQLTranslator.translate($0, location: here, session: &session).statements.map(\.text)
        }
        #expect(statements[1] == #"INSERT INTO "t" ("id", "name") VALUES (NULL, 'a'), (NULL, 'b')"#)
        let database = try execute(statements)
        #expect(
            try database.scalar("SELECT group_concat(id || name) FROM (SELECT * FROM t ORDER BY name)")
                == .text("1a,2b,3c,4d,5e,6f,20g,21h,0zero"))
    }

    /// A mode built from `@@sql_mode` changes NO_AUTO_VALUE_ON_ZERO only where it names it:
    /// `REPLACE` of it took it as set, and `CONCAT` of another mode as cleared.
    @Test func sqlModeBuiltFromTheCurrentOneKeepsWhatItDoesNotName() throws {
        var session = SQLSession()
        let statements = [
            "CREATE TABLE t (id int NOT NULL AUTO_INCREMENT, name varchar(8), PRIMARY KEY (id))",
            "SET sql_mode = CONCAT(@@sql_mode, ',NO_AUTO_VALUE_ON_ZERO')", "INSERT INTO t VALUES (0, 'kept')",
            "SET sql_mode = CONCAT(@@sql_mode, ',STRICT_TRANS_TABLES')", "INSERT INTO t VALUES (0, 'still')",
            "SET sql_mode = REPLACE(@@sql_mode, 'NO_AUTO_VALUE_ON_ZERO', '')", "INSERT INTO t VALUES (0, 'numbered')",
        ].flatMap {
            MySQLTranslator.translate($0, location: here, session: &session).statements.map(\.text)
        }
        #expect(statements.filter { $0.contains("(NULL,") } == [#"INSERT INTO "t" VALUES (NULL, 'numbered')"#])
    }

    @Test func dropTableWithSeveralTables() throws {
        let out = translated("DROP TABLE IF EXISTS cscart_a, `cscart_b`;")
        #expect(out == ["DROP TABLE IF EXISTS \"cscart_a\"", "DROP TABLE IF EXISTS \"cscart_b\""])
        _ = try execute(out)
    }

    @Test func mysqlOperatorsAndFunctions() throws {
        let out = translated(
            "UPDATE cscart_products SET code = CONCAT(code, '-', IF(product_id > 0 && 1, 'x', 'y')) WHERE product_id = 1 || product_id = 2"
        )
        let database = try execute(out)
        #expect(try database.scalar("SELECT code FROM cscart_products") == .text("A-x"))
        #expect(reported("DELETE FROM cscart_products WHERE product_id < FROM_UNIXTIME(0)")?.id == "sql.mysql-function")
        #expect(reported("DELETE FROM cscart_products ORDER BY product_id LIMIT 1")?.id == "sql.unsupported-construct")
    }

    /// The current moment in each of MySQL's spellings (the faq add-on's data.sql writes
    /// `UNIX_TIMESTAMP(NOW())`); a date's timestamp depends on MySQL's time zone and is refused.
    @Test(arguments: [
        "UNIX_TIMESTAMP()", "UNIX_TIMESTAMP(NOW())", "unix_timestamp(now())", "UNIX_TIMESTAMP(CURRENT_TIMESTAMP)",
        "UNIX_TIMESTAMP(CURRENT_TIMESTAMP())", "UNIX_TIMESTAMP(SYSDATE())", "UNIX_TIMESTAMP(LOCALTIMESTAMP)",
    ])
    func unixTimestampOfTheCurrentMoment(_ call: String) throws {
        let database = try execute(translated("UPDATE cscart_products SET product_id = \(call) - 1000"))
        #expect(
            try database.scalar("SELECT abs(product_id - (strftime('%s', 'now') - 1000)) <= 2 FROM cscart_products")
                == .integer(1))
    }

    @Test func unixTimestampOfADateIsReported() {
        let diagnostic = reported("UPDATE cscart_products SET product_id = UNIX_TIMESTAMP('2020-01-01 00:00:00')")
        #expect(diagnostic?.id == "sql.mysql-function")
        #expect(diagnostic?.hint?.contains("time zone") == true)
        #expect(reported("UPDATE cscart_products SET product_id = UNIX_TIMESTAMP(NOW(6))")?.id == "sql.mysql-function")
    }

    /// `\` escapes `_` and `%` in MySQL's LIKE patterns; SQLite needs `ESCAPE '\'` for that.
    @Test func likePatternsKeepMySQLsEscape() throws {
        let out = translated(#"DELETE FROM cscart_products WHERE code LIKE 'a\_b' OR code LIKE '%\%'"#)
        #expect(
            out == [
                #"DELETE FROM "cscart_products" WHERE code LIKE 'a\_b' ESCAPE '\' OR code LIKE '%\%' ESCAPE '\'"#
            ])
        let database = try execute(
            out,
            setup:
                "CREATE TABLE cscart_products (code TEXT); INSERT INTO cscart_products VALUES ('a_b'), ('axb'), ('5%')")
        #expect(try database.scalar("SELECT group_concat(code) FROM cscart_products") == .text("axb"))
        #expect(
            translated("DELETE FROM t WHERE a LIKE 'a_b' OR b LIKE 'x|_' ESCAPE '|'") == [
                #"DELETE FROM "t" WHERE a LIKE 'a_b' OR b LIKE 'x|_' ESCAPE '|'"#
            ])
    }

    @Test func setNamesIsSkippedWithANote() {
        let result = MySQLTranslator.translate("SET NAMES utf8", location: here)
        #expect(result.statements.isEmpty)
        #expect(result.diagnostics.all.map(\.id) == ["sql.statement-skipped"])
        #expect(result.isComplete)
        #expect(reported("SET @x = 1")?.id == "sql.unsupported-construct")
    }

    @Test func moreThanOneStatementInAnItemIsReported() {
        #expect(reported("DELETE FROM a; DELETE FROM b")?.id == "sql.multiple-statements")
    }

    @Test func unterminatedStringIsReportedWhereItOpens() {
        let diagnostic = reported("DELETE FROM a WHERE b = 'x")
        #expect(diagnostic?.id == "sql.syntax")
        #expect(diagnostic?.location?.column == 5 + 24)
    }

    @Test func locationsUseTheFileWhenGiven() {
        let file = SourceFile(
            path: "addon.xml", text: "<queries>\n  <item>CREATE TABLE t (g geometry)</item>\n</queries>\n")
        let offset = 18
        let result = MySQLTranslator.translate(
            "CREATE TABLE t (g geometry)", location: file.location(at: offset), file: file)
        let diagnostic = result.diagnostics.errors.first
        #expect(diagnostic?.location?.line == 2)
        #expect(diagnostic?.location?.column == 27)
        #expect(diagnostic?.excerpt?.text == "  <item>CREATE TABLE t (g geometry)</item>")
    }

    /// An XML element's text is not in the file verbatim past an entity (or a comment): the
    /// offsets say where each byte is, and locations follow them.
    @Test func locationsFollowTheOffsetsGiven() throws {
        let line = "  <item>UPDATE ?:t SET a = 'x &amp; y' WHERE b = NOW()</item>"
        let file = SourceFile(path: "addon.xml", text: "<queries>\n\(line)\n</queries>\n")
        let sql = "UPDATE ?:t SET a = 'x & y' WHERE b = NOW()"
        let start = 10 + 8
        let amp = sql.utf8.firstIndex(of: UInt8(ascii: "&"))!.utf16Offset(in: sql)
        var offsets = OffsetMap(verbatimAt: start)
        offsets.record(amp + 1, at: start + amp + "&amp;".count)
        let result = MySQLTranslator.translate(
            sql, tablePrefix: "cscart_", location: file.location(at: start), file: file, offsets: offsets)
        let diagnostic = try #require(result.diagnostics.errors.first)
        #expect(diagnostic.id == "sql.mysql-function")
        let column = line.distance(from: line.startIndex, to: try #require(line.firstRange(of: "NOW")).lowerBound) + 1
        #expect(diagnostic.location?.description == "addon.xml:2:\(column)")
        #expect(diagnostic.excerpt?.text == line)
    }

    /// `?:` becomes the prefix in the SQL, not in the locations: they point at the text as written
    /// (a diagnostic on a prefixed name at its `?:`), and the file still shows the source line.
    @Test(arguments: [
        ("CREATE TABLE ?:t (g geometry)", "geometry"), ("CREATE TABLE ?:t (a int, b ?:type)", "?:type"),
    ])
    func locationsAfterATablePrefixPointAtTheTextAsWritten(sql: String, reportedAt word: String) throws {
        let line = "  <item>\(sql)</item>"
        let file = SourceFile(path: "addon.xml", text: "<queries>\n\(line)\n</queries>\n")
        let result = MySQLTranslator.translate(
            sql, tablePrefix: "cscart_", location: file.location(line: 2, column: 9), file: file)
        let diagnostic = try #require(result.diagnostics.errors.first)
        #expect(diagnostic.id == "sql.unknown-type")
        #expect(diagnostic.location?.line == 2)
        let column = line.distance(from: line.startIndex, to: try #require(line.firstRange(of: word)).lowerBound) + 1
        #expect(diagnostic.location?.column == column)
        #expect(diagnostic.excerpt?.text == line)
    }

    @Test func locationsOfTextNotInTheFileCountFromWhereItStarts() {
        let result = MySQLTranslator.translate(
            "CREATE TABLE ?:t (\n  g geometry)", tablePrefix: "cscart_", location: here)
        #expect(result.diagnostics.errors.first?.location == SourceLocation(file: "addon.xml", line: 11, column: 5))
        let sameLine = MySQLTranslator.translate("CREATE TABLE ?:t (g geometry)", tablePrefix: "", location: here)
        #expect(sameLine.diagnostics.errors.first?.location?.column == 5 + 20)
    }

    /// As CS-Cart's `db_query`, which replaces `?:` in the whole text, quotes included.
    @Test func theTablePrefixReplacesEveryMarker() {
        let result = MySQLTranslator.translate(
            "INSERT INTO ?:t (a) SELECT a FROM ?:u WHERE b = '?:'", tablePrefix: "cscart_", location: here)
        #expect(
            result.statements.map(\.text) == [
                "INSERT INTO \"cscart_t\" (\"a\") SELECT a FROM cscart_u WHERE b = 'cscart_'"
            ])
    }
}

@Suite struct SQLScriptTests {
    @Test func splitsOutsideQuotesAndComments() {
        let file = SourceFile(
            path: "data.sql",
            text: """
                -- a comment; with a semicolon
                INSERT INTO t VALUES ('a;b', "c;d"); # another; one
                /* block; */ INSERT INTO t VALUES ('it\\'s;');
                /*!40101 SET NAMES utf8 */;

                DELETE FROM t
                """)
        let (statements, diagnostics) = SQLScript.split(file)
        #expect(diagnostics.isEmpty)
        #expect(
            statements.map(\.text) == [
                #"INSERT INTO t VALUES ('a;b', "c;d")"#,
                #"INSERT INTO t VALUES ('it\'s;')"#,
                "/*!40101 SET NAMES utf8 */",
                "DELETE FROM t",
            ])
        #expect(statements.map(\.location.line) == [2, 3, 4, 6])
        #expect(statements[1].location.column == 14)
        #expect(MySQLTranslator.translate(statements[2].text, location: statements[2].location).statements.isEmpty)
    }

    /// A `;` inside a conditional comment: the statement runs to the comment's close, but not
    /// past the start of another conditional comment (whose close that is).
    @Test func aConditionalCommentClosesItsOwnStatementOnly() {
        let file = SourceFile(
            path: "data.sql", text: "/*!40101 SET a=1;\n/*!40101 SET b=2; */\nDELETE FROM t;\n")
        let (statements, diagnostics) = SQLScript.split(file)
        #expect(diagnostics.isEmpty)
        #expect(statements.map(\.text) == ["/*!40101 SET a=1", "/*!40101 SET b=2; */", "DELETE FROM t"])
        #expect(statements.map(\.location.line) == [1, 2, 3])
    }

    @Test func unclosedCommentIsReported() {
        let (statements, diagnostics) = SQLScript.split(SourceFile(path: "x.sql", text: "DELETE FROM t;\n/* open"))
        #expect(statements.isEmpty)
        #expect(diagnostics.errors.first?.location?.line == 2)
    }
}

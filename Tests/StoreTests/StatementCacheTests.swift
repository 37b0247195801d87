import SQLite
import TestSupport
import Testing

/// `Database.rows` keeps its prepared statements: the answers must be those of fresh ones.
struct StatementCacheTests {
    let folder = TemporaryDirectory()

    @Test func aKeptStatementSeesTheNewSchemaAndRows() throws {
        let database = try Database(path: folder.path + "/test.db")
        try database.execute("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1)")
        #expect(try database.rows("SELECT * FROM t").map(\.columns) == [["a"]])
        try database.execute("ALTER TABLE t ADD COLUMN b TEXT; INSERT INTO t VALUES (2, 'x')")
        let rows = try database.rows("SELECT * FROM t")
        #expect(rows.map(\.columns) == [["a", "b"], ["a", "b"]])
        #expect(rows.map(\.values) == [[1, .null], [2, "x"]])
    }

    @Test func aKeptStatementHoldsNoLock() throws {
        let path = folder.path + "/test.db"
        let reader = try Database(path: path)
        try reader.execute("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2)")
        #expect(try reader.scalar("SELECT a FROM t ORDER BY a") == 1)
        // A rollback journal: a reader's lock would make this writer fail at once.
        let writer = try Database(path: path, busyTimeoutMilliseconds: 0)
        try writer.transaction(.exclusive) { try writer.execute("INSERT INTO t VALUES (3)") }
        #expect(try reader.scalar("SELECT count(*) FROM t") == 3)
    }
}

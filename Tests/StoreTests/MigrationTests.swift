import Basics
import Foundation
import SQLite
import Store
import TestSupport
import Testing

struct MigrationTests {
    let folder = TemporaryDirectory()
    let one = Migration("one", sql: "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)")
    let two = Migration("two", sql: "INSERT INTO t VALUES (2)")

    func database() throws -> Database { try Database(path: folder.path + "/test.db") }

    @Test func eachMigrationRunsOnceAndIsRecorded() throws {
        let database = try database()
        #expect(try DatabaseMigrator([one]).migrate(database) == ["one"])
        #expect(try DatabaseMigrator([one]).migrate(database) == [])
        #expect(try DatabaseMigrator([one, two]).migrate(database) == ["two"])
        #expect(try database.rows("SELECT x FROM t ORDER BY x").map { $0[0] } == [1, 2])
        #expect(
            try database.rows("SELECT version, name FROM addonhost_migrations").map(\.values) == [
                [1, "one"], [2, "two"],
            ])
        #expect(try database.scalar("PRAGMA user_version") == 2)
    }

    @Test func aFailingMigrationRollsBackEveryPendingOne() throws {
        let database = try database()
        let broken = Migration("broken", sql: "INSERT INTO missing_table VALUES (1)")
        #expect(throws: DatabaseError.self) { try DatabaseMigrator([one, two, broken]).migrate(database) }
        #expect(try database.tableNames() == [])
        #expect(try database.scalar("PRAGMA user_version") == 0)
    }

    @Test func aDatabaseFromANewerMigratorIsRefused() throws {
        let database = try database()
        try DatabaseMigrator([one, two]).migrate(database)
        let refused = diagnostic { try DatabaseMigrator([one]).migrate(database) }
        #expect(refused?.id == "store.newer-schema")
        #expect(refused?.message.contains("schema version 2; this addonhost knows up to 1") == true)
    }

    @Test func aRenamedMigrationIsReported() throws {
        let database = try database()
        try DatabaseMigrator([one]).migrate(database)
        let renamed = Migration("uno", sql: "SELECT 1")
        let refused = diagnostic { try DatabaseMigrator([renamed, two]).migrate(database) }
        #expect(refused?.id == "store.schema-mismatch")
        #expect(try database.rows("SELECT name FROM addonhost_migrations").map { $0[0] } == ["one"])
    }

    @Test func reopeningAnUpToDateStoreChangesNothing() throws {
        let root = folder.path + "/store"
        _ = try Store.create(at: root)
        let before = try dump(root + "/store.db")
        let store = try Store.open(at: root)
        store.database.close()
        #expect(try dump(root + "/store.db") == before)
        let versions = try Store.open(at: root).database.rows("SELECT version FROM addonhost_migrations")
        #expect(versions.count == DatabaseMigrator.addonhost.latestVersion)
    }

    @Test func openingAnOlderStoreAppliesThePendingMigrations() throws {
        let root = folder.path + "/store"
        _ = try Store.create(at: root)
        // Make a store as an addonhost with only the first two migrations would have left it.
        try FileManager.default.removeItem(atPath: root + "/store.db")
        let older = try Database(path: root + "/store.db")
        try DatabaseMigrator(Array(DatabaseMigrator.addonhost.migrations.prefix(2))).migrate(older)
        older.close()

        let store = try Store.open(at: root)
        #expect(
            try store.database.scalar("PRAGMA user_version")
                == .integer(Int64(DatabaseMigrator.addonhost.latestVersion)))
        #expect(try store.database.scalar("SELECT count(*) FROM cscart_languages") == 2)
    }

    @Test func aStoreWrittenByANewerAddonhostIsRefusedAndLeftAlone() throws {
        let root = folder.path + "/store"
        let store = try Store.create(at: root)
        let newer = DatabaseMigrator.addonhost.latestVersion + 1
        try store.database.execute("PRAGMA user_version = \(newer)")
        store.database.close()
        let before = try dump(root + "/store.db")

        let refused = diagnostic { _ = try Store.open(at: root) }
        #expect(refused?.id == "store.newer-schema")
        #expect(refused?.message.contains("schema version \(newer)") == true)
        #expect(refused?.hint?.contains("newer one") == true)
        #expect(try dump(root + "/store.db") == before)
    }
}

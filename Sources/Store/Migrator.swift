public import SQLite

/// One step of the store's schema: a name recorded in `addonhost_migrations` and the work that
/// brings the schema from the previous step to this one.
public struct Migration: Sendable {
    public let name: String
    let body: @Sendable (Database) throws -> Void

    /// A migration that runs SQL statements.
    public init(_ name: String, sql: String) {
        self.name = name
        self.body = { database in try database.execute(sql) }
    }

    /// A migration that needs code (to insert reference data with bound values, say).
    public init(_ name: String, migrate: @escaping @Sendable (Database) throws -> Void) {
        self.name = name
        self.body = migrate
    }
}

/// Applies an ordered list of migrations once each (GRDB's `DatabaseMigrator`). Migration N of
/// the list has version N (1-based); a store records each applied one as a row of
/// `addonhost_migrations` and the last version in `PRAGMA user_version`, so that a store written
/// by a newer addonhost (a version this list does not have) is recognised and refused.
public struct DatabaseMigrator: Sendable {
    public private(set) var migrations: [Migration]

    public init(_ migrations: [Migration] = []) {
        self.migrations = []
        for migration in migrations { register(migration) }
    }

    public mutating func register(_ migration: Migration) {
        precondition(
            !migrations.contains { $0.name == migration.name }, "migration '\(migration.name)' registered twice")
        migrations.append(migration)
    }

    /// The version a fully migrated database has.
    public var latestVersion: Int { migrations.count }

    /// The version recorded in the database (`PRAGMA user_version`); 0 for a new database.
    public func appliedVersion(_ database: Database) throws(DatabaseError) -> Int {
        Int(try database.scalar("PRAGMA user_version")?.integer ?? 0)
    }

    /// Applies the pending migrations in one `BEGIN IMMEDIATE` transaction and returns their
    /// names (empty when the database was up to date). Throws `store.newer-schema` for a
    /// database written by a newer addonhost and `store.schema-mismatch` when the recorded
    /// migrations are not the ones this list starts with.
    @discardableResult
    public func migrate(_ database: Database) throws -> [String] {
        // The cheap check first, without a write lock: an up-to-date store is the common case.
        if try appliedVersion(database) == latestVersion, latestVersion > 0,
            try recordedNames(database) == migrations.map(\.name)
        {
            return []
        }
        return try database.transaction(.immediate) {
            // Read again under the write lock: another process may have migrated meanwhile.
            let version = try appliedVersion(database)
            if version > latestVersion {
                throw StoreDiagnostics.newerSchema(path: database.path, version: version, known: latestVersion)
            }
            try database.execute(
                """
                CREATE TABLE IF NOT EXISTS addonhost_migrations (
                    version INTEGER NOT NULL PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    applied_at INTEGER NOT NULL
                )
                """)
            let recorded = try recordedNames(database)
            if recorded.count > latestVersion {
                throw StoreDiagnostics.newerSchema(path: database.path, version: recorded.count, known: latestVersion)
            }
            for (offset, name) in recorded.enumerated() where migrations[offset].name != name {
                throw StoreDiagnostics.schemaMismatch(
                    path: database.path, version: offset + 1, recorded: name, expected: migrations[offset].name)
            }
            if recorded.count != version {
                throw StoreDiagnostics.schemaMismatch(
                    path: database.path, version: version, recorded: "\(recorded.count) recorded migrations",
                    expected: "user_version \(version)")
            }
            let record = try database.prepare(
                "INSERT INTO addonhost_migrations (version, name, applied_at) VALUES (?, ?, strftime('%s', 'now'))")
            var applied: [String] = []
            for (offset, migration) in migrations.enumerated().dropFirst(version) {
                try migration.body(database)
                try record.run([.integer(Int64(offset + 1)), .text(migration.name)])
                applied.append(migration.name)
            }
            // PRAGMA user_version is part of the database header, written by this transaction.
            try database.execute("PRAGMA user_version = \(latestVersion)")
            return applied
        }
    }

    private func recordedNames(_ database: Database) throws(DatabaseError) -> [String] {
        let exists = try database.scalar(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'addonhost_migrations'")
        guard exists?.integer == 1 else { return [] }
        return try database.rows("SELECT name FROM addonhost_migrations ORDER BY version").compactMap { $0[0].text }
    }
}

/// The lifecycle's host tables (migration `lifecycle-host-tables`).
enum LifecycleSchema {
    static let hostTables = """
        -- The operation journal: a row is committed in the same transaction as an operation's
        -- database work and lists the file changes still to apply (Lifecycle.OperationJournal).
        CREATE TABLE addonhost_operations (
            op_id TEXT PRIMARY KEY NOT NULL,
            kind TEXT NOT NULL,
            addon TEXT NOT NULL,
            actions TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );

        -- Every file and folder an install put into the store, with the file's SHA-256, so that
        -- uninstall removes exactly those and `doctor` can tell a changed file.
        CREATE TABLE addonhost_files (
            addon TEXT NOT NULL,
            path TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('file', 'dir')),
            sha256 TEXT,
            size INTEGER,
            PRIMARY KEY (addon, path)
        );

        -- The hook index: which add-on template hooks where, so that rendering never searches disk.
        CREATE TABLE addonhost_hooks (
            addon TEXT NOT NULL,
            priority INTEGER NOT NULL,
            status TEXT NOT NULL,
            area TEXT NOT NULL,
            hook TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('pre', 'post', 'override', 'template')),
            template TEXT NOT NULL,
            target_addon TEXT,
            PRIMARY KEY (area, template)
        );

        CREATE INDEX addonhost_hooks_lookup ON addonhost_hooks (area, hook, status, priority);
        """

    /// Add-on tables translated from MySQL `AUTO_INCREMENT` use `AUTOINCREMENT`, whose first use
    /// creates `sqlite_sequence`, a table SQLite never lets anyone drop. Creating it with the
    /// store keeps install → uninstall free of traces (uninstall forgets dropped tables' counters).
    static let sequenceTable = """
        CREATE TABLE addonhost_sequence_seed (id INTEGER PRIMARY KEY AUTOINCREMENT);
        DROP TABLE addonhost_sequence_seed;
        """

    /// Tables an add-on's install queries created. Uninstall forgets those its queries dropped;
    /// a row left for an add-on no longer installed names a table its uninstall left behind
    /// (`addonhost doctor`).
    static let addonTables = """
        CREATE TABLE addonhost_tables (
            addon TEXT NOT NULL,
            name TEXT NOT NULL,
            PRIMARY KEY (addon, name)
        );
        """
}

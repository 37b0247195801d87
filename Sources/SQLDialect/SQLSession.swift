/// What translating a statement depends on besides its text, carried from one statement to the
/// next as CS-Cart runs an operation's queries on one connection: each table's columns,
/// AUTO_INCREMENT column and indexes as the statements before left them, and whether `sql_mode`
/// has NO_AUTO_VALUE_ON_ZERO. Start it from the store (`addTable`, `addIndex`); each translation
/// updates it with what its statement does. A table it does not know has no columns or indexes.
public struct SQLSession: Sendable {
    /// One key part of an index: a column, or an expression (`column` is nil).
    public struct Key: Sendable, Hashable {
        public var column: String?
        public var descending: Bool

        public init(column: String?, descending: Bool = false) {
            self.column = column
            self.descending = descending
        }
    }

    struct Index: Sendable {
        /// The SQLite name, `<table>_<MySQL name>` (`StatementTranslator.indexName`).
        var name: String
        var unique: Bool
        var keys: [Key]
    }

    struct Table: Sendable {
        var columns: [String] = []
        var autoIncrement: String?
        /// By lower-case name, as SQLite compares index names.
        var indexes: [String: Index] = [:]
    }

    /// By lower-case name: SQLite, like MySQL, ignores the case of table names.
    private var tables: [String: Table] = [:]
    var noAutoValueOnZero = false
    /// `SET @saved = @@sql_mode`: whether the mode saved in `@saved` had NO_AUTO_VALUE_ON_ZERO.
    var savedModes: [String: Bool] = [:]

    public init() {}

    /// A table of the store, with its columns in order and the column MySQL numbers itself.
    public mutating func addTable(_ name: String, columns: [String], autoIncrement: String?) {
        self[name] = Table(columns: columns, autoIncrement: autoIncrement)
    }

    /// An index of the store, by its SQLite name.
    public mutating func addIndex(_ name: String, on table: String, unique: Bool, keys: [Key]) {
        self[table].indexes[name.lowercased()] = Index(name: name, unique: unique, keys: keys)
    }

    /// Whether the table was created or read from the store: a table has columns, the entry a
    /// change to an unknown table makes has none.
    func knows(_ table: String) -> Bool { !(tables[table.lowercased()]?.columns.isEmpty ?? true) }

    /// A change through it is made in place: an operation may make thousands of indexes.
    subscript(table: String) -> Table {
        get { tables[table.lowercased()] ?? Table() }
        set { tables[table.lowercased()] = newValue }
        _modify { yield &tables[table.lowercased(), default: Table()] }
    }

    mutating func drop(_ table: String) { tables[table.lowercased()] = nil }

    /// SQLite renames the column in the table's indexes too.
    mutating func renameColumn(_ column: String, to new: String, in table: String) {
        func renamed(_ name: String) -> String { name.lowercased() == column.lowercased() ? new : name }
        var state = self[table]
        state.columns = state.columns.map(renamed)
        state.autoIncrement = state.autoIncrement.map(renamed)
        state.indexes = state.indexes.mapValues { index in
            var index = index
            index.keys = index.keys.map { SQLSession.Key(column: $0.column.map(renamed), descending: $0.descending) }
            return index
        }
        self[table] = state
    }

    /// SQLite keeps the indexes' names when a table is renamed.
    mutating func rename(_ table: String, to new: String) {
        let state = self[table]
        drop(table)
        self[new] = state
    }
}

extension SQLSession.Table {
    /// MySQL's name for an unnamed index (`make_unique_key_name`): `base` (its first column), else
    /// `base_2`, `base_3`, … `base_99`, the first that no index of the table has; never PRIMARY.
    func freeIndexName(_ base: String, table: String) -> String {
        func isFree(_ name: String) -> Bool {
            name.uppercased() != "PRIMARY"
                && indexes[StatementTranslator.indexName(table: table, index: name).lowercased()] == nil
        }
        if isFree(base) { return base }
        return (2..<100).lazy.map { "\(base)_\($0)" }.first(where: isFree) ?? "not_specified"
    }

    /// Adds `definition`, an unnamed one named as MySQL names it, and returns its CREATE INDEX.
    mutating func create(_ definition: IndexDefinition, table: String, ifNotExists: Bool) -> String {
        let name = StatementTranslator.indexName(
            table: table, index: definition.isNamed ? definition.name : freeIndexName(definition.name, table: table))
        if indexes[name.lowercased()] == nil {
            indexes[name.lowercased()] = SQLSession.Index(name: name, unique: definition.unique, keys: definition.keys)
        }
        return SQLSession.Index.create(
            name: name, unique: definition.unique, table: table, parts: definition.parts, ifNotExists: ifNotExists)
    }
}

extension SQLSession.Index {
    /// Whether the index has `column` among its key parts, all of which are columns.
    func isOnColumns(with column: String) -> Bool {
        keys.allSatisfy { $0.column != nil } && keys.contains { $0.column!.lowercased() == column.lowercased() }
    }

    /// The index without `column` (same name, same uniqueness), or nil when no column is left.
    func without(_ column: String) -> Self? {
        let rest = keys.filter { $0.column!.lowercased() != column.lowercased() }
        return rest.isEmpty ? nil : Self(name: name, unique: unique, keys: rest)
    }

    /// Its CREATE INDEX, from its keys (which are columns).
    func create(table: String) -> String {
        Self.create(
            name: name, unique: unique, table: table,
            parts: keys.map { SQLiteText.identifier($0.column!) + ($0.descending ? " DESC" : "") }, ifNotExists: false)
    }

    static func create(name: String, unique: Bool, table: String, parts: [String], ifNotExists: Bool) -> String {
        "CREATE \(unique ? "UNIQUE " : "")INDEX \(ifNotExists ? "IF NOT EXISTS " : "")"
            + "\(SQLiteText.identifier(name)) ON \(SQLiteText.identifier(table)) (\(parts.joined(separator: ", ")))"
    }
}

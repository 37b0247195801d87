import Foundation
import SQLite

/// The SQL that turns one SQLite database into another: schema objects created and dropped,
/// then rows deleted and inserted (a changed row is a delete and an insert). This is the floor
/// of an install: the same writes, with none of the work of deciding them.
enum StoreDiff {
    static func script(from before: String, to after: String) throws -> String {
        let database = try Database(path: after, mode: .readOnly)
        defer { database.close() }
        try database.execute("ATTACH DATABASE '\(before.replacingOccurrences(of: "'", with: "''"))' AS old")
        func objects(_ db: String) throws -> [String: (type: String, table: String, sql: String)] {
            var result: [String: (type: String, table: String, sql: String)] = [:]
            for row in try database.rows(
                "SELECT type, name, tbl_name, sql FROM \(db).sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
            ) {
                result[row["name"].text ?? ""] = (
                    row["type"].text ?? "", row["tbl_name"].text ?? "", row["sql"].text ?? ""
                )
            }
            return result
        }
        let old = try objects("old")
        let new = try objects("main")
        var lines = ["BEGIN IMMEDIATE;"]
        // Dropped: indexes go with their table; drop tables and the indexes of kept tables.
        for (name, object) in old.sorted(by: { $0.key < $1.key }) where new[name]?.sql != object.sql {
            if object.type == "table" {
                lines.append("DROP TABLE \(quoted(name));")
            } else if object.type == "index", new[object.table] != nil || old[object.table]?.type != "table" {
                lines.append("DROP INDEX \(quoted(name));")
            } else if object.type != "index" {
                lines.append("DROP \(object.type.uppercased()) \(quoted(name));")
            }
        }
        let created = new.filter { old[$0.key]?.sql != $0.value.sql }.sorted { $0.key < $1.key }
        for (_, object) in created where object.type == "table" { lines.append(object.sql + ";") }
        // Rows of every table that exists afterwards.
        for (table, object) in new.sorted(by: { $0.key < $1.key }) where object.type == "table" {
            let columns = try database.rows("SELECT name FROM pragma_table_info(?)", [.text(table)]).compactMap {
                $0["name"].text
            }
            let list = columns.map(quoted).joined(separator: ", ")
            let isNew = old[table]?.sql != object.sql
            if !isNew {
                for row in try database.rows(
                    "SELECT rowid FROM old.\(quoted(table)) EXCEPT SELECT rowid FROM (SELECT rowid, \(list) FROM main.\(quoted(table)) INTERSECT SELECT rowid, \(list) FROM old.\(quoted(table)))"
                ) {
                    lines.append("DELETE FROM \(quoted(table)) WHERE rowid = \(row[0].integer ?? 0);")
                }
            }
            let values = (["rowid"] + columns.map(quoted)).map { "quote(\($0))" }.joined(separator: " || ',' || ")
            let source =
                isNew
                ? "SELECT rowid, \(list) FROM main.\(quoted(table))"
                : "SELECT rowid, \(list) FROM main.\(quoted(table)) EXCEPT SELECT rowid, \(list) FROM old.\(quoted(table))"
            for row in try database.rows("SELECT \(values) FROM (\(source)) ORDER BY 1") {
                lines.append("INSERT INTO \(quoted(table)) (rowid, \(list)) VALUES (\(row[0].text ?? ""));")
            }
        }
        // Indexes after the rows, as an install builds them on the data it finds.
        for (_, object) in created where object.type != "table" { lines.append(object.sql + ";") }
        lines.append("COMMIT;")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

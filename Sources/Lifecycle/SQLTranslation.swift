internal import Basics

/// The seam to the SQL dialect translator (`SQLDialect.MySQLTranslator`): MySQL add-on queries
/// in, SQLite statements out, or a located error and nothing changed.
enum SQLTranslation {
    static func translate(_ sql: String, location: SourceLocation, step: String) throws -> [String] {
        // Until the translator is wired in, the statement is handed to SQLite as written; SQLite
        // reports what it cannot run, with the query's location.
        [sql]
    }
}

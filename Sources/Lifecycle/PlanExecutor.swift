internal import AddonSDK
internal import Basics
internal import Foundation
internal import SQLite

/// Writes a plan's database work. Runs inside the operation's transaction: any error thrown here
/// rolls everything back, and says which step, which file and line, which SQL.
struct PlanExecutor {
    let database: Database
    let tablePrefix: String
    let storeRoot: String
    let functions: [String: AddonFunction]
    let environment: [String: String]
    let hooks: TestHooks

    private func table(_ name: String) -> String { tablePrefix + name }

    /// Runs one step, turning a database error into a located lifecycle error.
    private func step<T>(_ name: String, location: SourceLocation? = nil, _ body: () throws -> T) throws -> T {
        let result: T
        do {
            result = try body()
        } catch let error as DatabaseError {
            throw LifecycleError(step: name, message: error.message, location: location, sql: error.sql)
        }
        try hooks.checkpoint(name)
        return result
    }

    // MARK: Functions

    func runFunctions(_ mode: String, of plan: OperationPlan) throws {
        for function in plan.functions where function.mode == mode && function.isNative {
            guard let body = functions[function.name] else { continue }
            do {
                try body(try context(plan.addonID))
            } catch let error as LifecycleError {
                throw error
            } catch let error as DatabaseError {
                throw LifecycleError(
                    step: "\(mode)-functions", message: "\(function.name) failed: \(error.message)",
                    location: function.location,
                    sql: error.sql)
            } catch {
                throw LifecycleError(
                    step: "\(mode)-functions", message: "\(function.name) failed: \(error)", location: function.location
                )
            }
        }
        try hooks.checkpoint("\(mode)-functions")
    }

    private func context(_ addonID: String) throws -> AddonContext {
        let values = try database.rows(
            """
            SELECT o.name, o.value, o.type FROM \(table("settings_objects")) o
            JOIN \(table("settings_sections")) s ON s.section_id = o.section_id
            WHERE s.name = ? AND s.type = 'ADDON'
            """, [.text(addonID)])
        let settings = SettingValues(
            values: Dictionary(
                values.map { ($0["name"].text ?? "", $0["value"].text ?? "") }, uniquingKeysWith: { _, last in last }),
            secretNames: Set(values.filter { $0["type"].text == "P" }.compactMap { $0["name"].text }))
        let language =
            try database.scalar("SELECT lang_code FROM \(table("languages")) ORDER BY lang_id LIMIT 1")?.text ?? "en"
        return try AddonContextFactory(
            database: database, tablePrefix: tablePrefix, storeRoot: storeRoot, environment: environment
        ).context(addonID, settings: settings, language: language, storefront: nil)
    }

    // MARK: Queries

    /// Runs the plan's queries of one mode: plain ones in order, then language-dependent data
    /// (default language first, cloned to every language, then the others) — §1.6.
    func runQueries(_ mode: String, of plan: OperationPlan, defaultLanguage: String, languages: [String]) throws {
        let selected = plan.queries.filter { $0.mode == mode }
        for query in selected where query.language == nil { try run(query, step: "\(mode)-queries") }
        let tables = selected.compactMap(\.table).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for name in tables {
            let forTable = selected.filter { $0.table == name && $0.language != nil }
            for query in forTable where query.language == defaultLanguage { try run(query, step: "\(mode)-queries") }
            try step("\(mode)-queries") {
                try cloneLanguageRows(
                    table: tablePrefix + name, from: defaultLanguage, to: languages.filter { $0 != defaultLanguage })
            }
            for query in forTable where query.language != defaultLanguage && languages.contains(query.language ?? "") {
                try run(query, step: "\(mode)-queries")
            }
        }
        try hooks.checkpoint("\(mode)-queries")
    }

    func tableNames() throws -> Set<String> {
        Set(try database.rows("SELECT name FROM sqlite_master WHERE type = 'table'").compactMap { $0[0].text })
    }

    /// Remembers the tables the install queries created (`addonhost_tables`).
    func recordTables(addon: String, created: Set<String>) throws {
        try step("install-queries") {
            let insert = try database.prepare("INSERT OR REPLACE INTO addonhost_tables (addon, name) VALUES (?, ?)")
            for name in created.sorted() { try insert.run([.text(addon), .text(name)]) }
        }
    }

    /// After the uninstall queries: forgets the add-on's tables they dropped (those left stay
    /// recorded for `doctor`), and their `AUTOINCREMENT` counters, which `sqlite_sequence` keeps
    /// after a DROP TABLE (MySQL drops the counter with the table).
    func forgetDroppedTables(addon: String) throws {
        try step("uninstall-queries") {
            let tables = "SELECT name FROM sqlite_master WHERE type = 'table'"
            try database.execute(
                "DELETE FROM addonhost_tables WHERE addon = ? AND name NOT IN (\(tables))", [.text(addon)])
            guard try database.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'")?.integer == 1
            else { return }
            try database.execute("DELETE FROM sqlite_sequence WHERE name NOT IN (\(tables))")
        }
    }

    private func run(_ query: PlannedQuery, step name: String) throws {
        for statement in query.statements {
            do {
                try database.execute(statement)
            } catch {
                throw LifecycleError(step: name, message: error.message, location: query.location, sql: statement)
            }
        }
    }

    /// `LanguageHelper::cloneLanguageValues`: copies the default language's rows to the others.
    private func cloneLanguageRows(table: String, from source: String, to targets: [String]) throws {
        let columns = try database.rows("SELECT name FROM pragma_table_info(?)", [.text(table)]).compactMap {
            $0[0].text
        }
        guard columns.contains("lang_code") else { return }
        let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let select = columns.map { $0 == "lang_code" ? "?" : "\"\($0)\"" }.joined(separator: ", ")
        for target in targets {
            try database.execute(
                "INSERT OR REPLACE INTO \"\(table)\" (\(list)) SELECT \(select) FROM \"\(table)\" WHERE lang_code = ?",
                [.text(target), .text(source)])
        }
    }

    // MARK: Settings (§1.5.5)

    /// Deletes the add-on's settings tree: sections, objects, variants, their descriptions and
    /// vendor values (`Settings::removeSection`).
    func removeSettings(addonID: String) throws {
        try step("settings") {
            let roots =
                "SELECT section_id FROM \(table("settings_sections")) WHERE name = ? AND type = 'ADDON' AND parent_id = 0"
            let sections =
                "SELECT section_id FROM \(table("settings_sections")) WHERE section_id IN (\(roots)) OR parent_id IN (\(roots))"
            let objects = "SELECT object_id FROM \(table("settings_objects")) WHERE section_id IN (\(roots))"
            let variants = "SELECT variant_id FROM \(table("settings_variants")) WHERE object_id IN (\(objects))"
            let id: [DatabaseValue] = [.text(addonID)]
            try database.execute(
                "DELETE FROM \(table("settings_descriptions")) WHERE object_type = 'V' AND object_id IN (\(variants))",
                id)
            try database.execute("DELETE FROM \(table("settings_variants")) WHERE object_id IN (\(objects))", id)
            try database.execute(
                "DELETE FROM \(table("settings_descriptions")) WHERE object_type = 'O' AND object_id IN (\(objects))",
                id)
            try database.execute("DELETE FROM \(table("settings_vendor_values")) WHERE object_id IN (\(objects))", id)
            try database.execute("DELETE FROM \(table("settings_objects")) WHERE section_id IN (\(roots))", id)
            try database.execute(
                "DELETE FROM \(table("settings_descriptions")) WHERE object_type = 'S' AND object_id IN (\(sections))",
                id + id)
            try database.execute("DELETE FROM \(table("settings_sections")) WHERE section_id IN (\(sections))", id + id)
        }
    }

    /// Writes the plan's settings tree (after removing the old one), keeping `keptValues`.
    func writeSettings(_ plan: OperationPlan, rootEditionType: String) throws {
        try removeSettings(addonID: plan.addonID)
        guard !plan.settings.isEmpty else { return }
        try step("settings") {
            try database.execute(
                "INSERT INTO \(table("settings_sections")) (parent_id, edition_type, name, position, type) VALUES (0, ?, ?, 0, 'ADDON')",
                [.text(rootEditionType), .text(plan.addonID)])
            let root = database.lastInsertedRowID
            var objectIDs: [String: Int64] = [:]
            var parents: [(Int64, String)] = []
            for tab in plan.settings {
                try database.execute(
                    "INSERT INTO \(table("settings_sections")) (parent_id, edition_type, name, position, type) VALUES (?, ?, ?, ?, ?)",
                    [
                        .integer(root), .text(tab.editionType), .text(tab.name), DatabaseValue(tab.position),
                        .text(tab.type),
                    ])
                let tabID = database.lastInsertedRowID
                try describe(tabID, type: "S", tab.descriptions)
                for item in tab.items {
                    try database.execute(
                        """
                        INSERT INTO \(table("settings_objects"))
                            (edition_type, name, section_id, section_tab_id, type, value, position, is_global, handler, parent_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, 'N', ?, 0)
                        """,
                        [
                            .text(item.editionType), .text(item.name), .integer(root), .integer(tabID),
                            .text(item.type),
                            .text(plan.keptValues[item.name] ?? item.value), DatabaseValue(item.position),
                            .text(item.handler),
                        ])
                    let objectID = database.lastInsertedRowID
                    objectIDs[item.name] = objectID
                    if let parent = item.parentName { parents.append((objectID, parent)) }
                    try describe(objectID, type: "O", item.descriptions)
                    for variant in item.variants {
                        try database.execute(
                            "INSERT INTO \(table("settings_variants")) (object_id, name, position) VALUES (?, ?, ?)",
                            [.integer(objectID), .text(variant.name), DatabaseValue(variant.position)])
                        try describe(database.lastInsertedRowID, type: "V", variant.descriptions)
                    }
                }
            }
            for (objectID, parent) in parents {
                try database.execute(
                    "UPDATE \(table("settings_objects")) SET parent_id = ? WHERE object_id = ?",
                    [.integer(objectIDs[parent] ?? 0), .integer(objectID)])
            }
        }
    }

    private func describe(_ id: Int64, type: String, _ texts: [LocalizedText]) throws {
        for text in texts {
            try database.execute(
                "INSERT OR REPLACE INTO \(table("settings_descriptions")) (object_id, object_type, lang_code, value, tooltip) VALUES (?, ?, ?, ?, ?)",
                [.integer(id), .text(type), .text(text.language), .text(text.value), .text(text.tooltip)])
        }
    }

    // MARK: Add-on row, descriptions, language values

    func writeAddon(_ plan: OperationPlan, now: Int64) throws {
        guard let row = plan.addon else { return }
        try step("addon-row") {
            try database.execute(
                """
                INSERT OR REPLACE INTO \(table("addons"))
                    (addon, status, version, priority, dependencies, conflicts, separate, unmanaged, has_icon, install_datetime)
                VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
                """,
                [
                    .text(plan.addonID), .text(row.status), .text(row.version), DatabaseValue(row.priority),
                    .text(row.dependencies.joined(separator: ",")), .text(row.conflicts.joined(separator: ",")),
                    .integer(row.separate ? 1 : 0), .integer(row.hasIcon ? 1 : 0), .integer(now),
                ])
        }
    }

    func writeDescriptions(_ plan: OperationPlan) throws {
        try step("descriptions") {
            try database.execute("DELETE FROM \(table("addon_descriptions")) WHERE addon = ?", [.text(plan.addonID)])
            for description in plan.descriptions {
                try database.execute(
                    "INSERT OR REPLACE INTO \(table("addon_descriptions")) (addon, name, description, lang_code) VALUES (?, ?, ?, ?)",
                    [
                        .text(plan.addonID), .text(description.name), .text(description.description),
                        .text(description.language),
                    ])
            }
        }
    }

    func writeLanguageValues(_ plan: OperationPlan) throws {
        try step("language-values") {
            let value = try database.prepare(
                "INSERT OR REPLACE INTO \(table("language_values")) (lang_code, name, value) VALUES (?, ?, ?)")
            for item in plan.languageValues {
                try value.run([.text(item.language), .text(item.name), .text(item.value)])
            }
            let original = try database.prepare(
                "INSERT OR REPLACE INTO \(table("original_values")) (msgctxt, msgid) VALUES (?, ?)")
            for item in plan.originalValues { try original.run([.text(item.context), .text(item.text)]) }
        }
    }

    /// §4.6: the add-on's language variables in every language, its originals, and every
    /// `Settings%::ID::%` original.
    func removeLanguageValues(_ plan: OperationPlan) throws {
        try step("language-values") {
            // By the whole primary key, (lang_code, name): by name alone each delete reads the
            // table, and 20,000 names took 31 s.
            let languages = try database.rows("SELECT DISTINCT lang_code FROM \(table("language_values"))")
            let value = try database.prepare(
                "DELETE FROM \(table("language_values")) WHERE lang_code = ? AND name = ?")
            for name in plan.removedLanguageValues {
                for language in languages { try value.run([language[0], .text(name)]) }
            }
            let original = try database.prepare("DELETE FROM \(table("original_values")) WHERE msgctxt = ?")
            for context in plan.removedOriginals { try original.run([.text(context)]) }
            try database.execute(
                "DELETE FROM \(table("original_values")) WHERE msgctxt LIKE ? ESCAPE '\\'",
                [.text("Settings%::\(plan.addonID.replacingEvery("_", with: "\\_"))::%")])
        }
    }

    func removeAddonRows(_ addonID: String) throws {
        try step("addon-row") {
            try database.execute("DELETE FROM \(table("addons")) WHERE addon = ?", [.text(addonID)])
            try database.execute("DELETE FROM \(table("addon_descriptions")) WHERE addon = ?", [.text(addonID)])
        }
    }

    // MARK: Host tables

    func recordFiles(_ plan: OperationPlan) throws {
        try step("files") {
            try database.execute("DELETE FROM addonhost_files WHERE addon = ?", [.text(plan.addonID)])
            let insert = try database.prepare(
                "INSERT OR REPLACE INTO addonhost_files (addon, path, kind, sha256, size) VALUES (?, ?, ?, ?, ?)")
            for file in plan.files {
                try insert.run([
                    .text(plan.addonID), .text(file.target), .text("file"), .text(file.sha256),
                    DatabaseValue(file.size),
                ])
            }
            for folder in plan.createdDirectories {
                try insert.run([.text(plan.addonID), .text(folder), .text("dir"), .null, .null])
            }
        }
    }

    func forgetFiles(_ addonID: String) throws {
        try step("files") {
            try database.execute("DELETE FROM addonhost_files WHERE addon = ?", [.text(addonID)])
        }
    }
}

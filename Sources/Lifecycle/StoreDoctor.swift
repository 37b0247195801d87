public import Basics
public import Store
internal import Foundation
internal import Manifest
internal import SQLite

/// `addonhost doctor`: examines a store without changing it and says how to fix each problem —
/// schema, integrity, an interrupted operation, the files of installed add-ons against the
/// hashes recorded at install, and what add-ons no longer installed left behind.
public struct StoreDoctor {
    public let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// What was examined, and every problem found (one diagnostic each; its hint is the fix).
    public struct Report: Sendable {
        public var checked: [String]
        public var findings: Diagnostics
        public var isHealthy: Bool { findings.isEmpty }

        public var json: JSONValue {
            .object([
                ("ok", .bool(isHealthy)), ("checked", .array(checked.map(JSONValue.string))),
                ("findings", .array(findings.all.map(DiagnosticPrinter.json))),
            ])
        }
    }

    private var database: Database { store.database }
    private func table(_ name: String) -> String { store.tablePrefix + name }

    public func examine() -> Report {
        var report = Report(checked: [], findings: Diagnostics())
        // A damaged database can fail any query: that is a finding, and the other checks still run.
        func run(_ check: (inout Report) throws -> Void) {
            do {
                try check(&report)
            } catch {
                report.findings.append(DoctorDiagnostics.checkFailed(report.checked.last ?? "", "\(error)"))
            }
        }
        run(checkSchema)
        run(checkIntegrity)
        run(checkJournal)
        let installed = Set((try? database.rows("SELECT addon FROM \(table("addons"))").compactMap { $0[0].text }) ?? [])
        run { try checkFiles(&$0, installed: installed) }
        run { try checkSettings(&$0, installed: installed) }
        run { try checkTexts(&$0, installed: installed) }
        run { try checkHostTables(&$0, installed: installed) }
        return report
    }

    // MARK: Schema, integrity, journal

    /// The store's schema against the one this addonhost builds: every table, index and column.
    private func checkSchema(_ report: inout Report) throws {
        report.checked.append("schema version")
        let migrator = DatabaseMigrator.addonhost
        let version = try migrator.appliedVersion(database)
        if version != migrator.latestVersion {
            report.findings.append(DoctorDiagnostics.schemaVersion(version, expected: migrator.latestVersion))
        }
        let reference = try Database(path: ":memory:")
        try migrator.migrate(reference)
        let objects = "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        let present = Set(try database.rows(objects).compactMap { $0["name"].text })
        for row in try reference.rows(objects) {
            guard let name = row["name"].text, let type = row["type"].text else { continue }
            guard present.contains(name) else {
                report.findings.append(DoctorDiagnostics.missingSchemaObject(type, name))
                continue
            }
            guard type == "table" else { continue }
            let columns = "SELECT name FROM pragma_table_info(?)"
            let have = Set(try database.rows(columns, [.text(name)]).compactMap { $0[0].text })
            for column in try reference.rows(columns, [.text(name)]).compactMap({ $0[0].text }) where !have.contains(column) {
                report.findings.append(DoctorDiagnostics.missingColumn(name, column))
            }
        }
    }

    private func checkIntegrity(_ report: inout Report) throws {
        report.checked.append("database integrity")
        let problems: [String]
        do {
            problems = try database.rows("PRAGMA integrity_check").compactMap { $0[0].text }.filter { $0 != "ok" }
        } catch {
            problems = [error.message]
        }
        if !problems.isEmpty { report.findings.append(DoctorDiagnostics.integrity(problems)) }
    }

    private func checkJournal(_ report: inout Report) throws {
        report.checked.append("operation journal")
        for row in try database.rows("SELECT op_id, kind, addon FROM addonhost_operations ORDER BY created_at, op_id") {
            report.findings.append(
                DoctorDiagnostics.pendingOperation(row["kind"].text ?? "", row["addon"].text ?? "", row["op_id"].text ?? ""))
        }
        let staging = (try? FileManager.default.contentsOfDirectory(atPath: store.layout.stagingDirectory)) ?? []
        for leftover in staging.sorted() { report.findings.append(DoctorDiagnostics.stagingLeftover(leftover)) }
    }

    // MARK: Files

    private func checkFiles(_ report: inout Report, installed: Set<String>) throws {
        report.checked.append("files of installed add-ons")
        for row in try database.rows("SELECT addon, path, kind, sha256 FROM addonhost_files ORDER BY addon, path") {
            let addon = row["addon"].text ?? ""
            let path = row["path"].text ?? ""
            guard installed.contains(addon) else {
                report.findings.append(DoctorDiagnostics.orphanFileRecord(addon, path))
                continue
            }
            let absolute = "\(store.root)/\(path)"
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory)
            if row["kind"].text == "dir" {
                if !exists || !isDirectory.boolValue { report.findings.append(DoctorDiagnostics.missingFile(addon, path, kind: "folder")) }
                continue
            }
            guard exists, !isDirectory.boolValue, let data = FileManager.default.contents(atPath: absolute) else {
                report.findings.append(DoctorDiagnostics.missingFile(addon, path, kind: "file"))
                continue
            }
            if SHA256.hexDigest(data) != row["sha256"].text { report.findings.append(DoctorDiagnostics.changedFile(addon, path)) }
        }
    }

    // MARK: Orphans

    /// Settings rows that belong to no installed add-on, or to nothing at all.
    private func checkSettings(_ report: inout Report, installed: Set<String>) throws {
        report.checked.append("settings of add-ons no longer installed")
        let sections = table("settings_sections")
        let objects = table("settings_objects")
        let variants = table("settings_variants")
        let descriptions = table("settings_descriptions")
        for row in try database.rows("SELECT name FROM \(sections) WHERE type = 'ADDON' AND parent_id = 0 ORDER BY name") {
            let name = row[0].text ?? ""
            if !installed.contains(name) {
                report.findings.append(DoctorDiagnostics.orphanRows(
                    "settings section of add-on '\(name)'", addon: name,
                    fix: "DELETE FROM \(sections) WHERE name = '\(name)' AND type = 'ADDON' (and its tabs, settings, variants, descriptions)"))
            }
        }
        let dangling: [(String, String, String)] = [
            ("settings tabs whose section is gone", sections, "parent_id <> 0 AND parent_id NOT IN (SELECT section_id FROM \(sections))"),
            ("settings whose section is gone", objects, "section_id NOT IN (SELECT section_id FROM \(sections))"),
            ("setting variants whose setting is gone", variants, "object_id NOT IN (SELECT object_id FROM \(objects))"),
            ("setting descriptions whose setting is gone", descriptions, "object_type = 'O' AND object_id NOT IN (SELECT object_id FROM \(objects))"),
            ("section descriptions whose section is gone", descriptions, "object_type = 'S' AND object_id NOT IN (SELECT section_id FROM \(sections))"),
            ("variant descriptions whose variant is gone", descriptions, "object_type = 'V' AND object_id NOT IN (SELECT variant_id FROM \(variants))"),
            ("vendor values whose setting is gone", table("settings_vendor_values"), "object_id NOT IN (SELECT object_id FROM \(objects))"),
        ]
        for (what, name, condition) in dangling {
            let count = try database.scalar("SELECT count(*) FROM \(name) WHERE \(condition)")?.integer ?? 0
            if count > 0 {
                report.findings.append(DoctorDiagnostics.orphanRows(
                    "\(count) \(what)", addon: nil, fix: "DELETE FROM \(name) WHERE \(condition)"))
            }
        }
    }

    /// Names, descriptions, originals and language values of add-ons no longer installed.
    private func checkTexts(_ report: inout Report, installed: Set<String>) throws {
        report.checked.append("add-on names, originals and language values of add-ons no longer installed")
        let addonDescriptions = table("addon_descriptions")
        for row in try database.rows("SELECT DISTINCT addon FROM \(addonDescriptions) ORDER BY addon") {
            let addon = row[0].text ?? ""
            if !installed.contains(addon) {
                report.findings.append(DoctorDiagnostics.orphanRows(
                    "names of add-on '\(addon)'", addon: addon, fix: "DELETE FROM \(addonDescriptions) WHERE addon = '\(addon)'"))
            }
        }
        let originals = table("original_values")
        var orphanOriginals: [String: [String]] = [:]
        let owned = try ownedLanguageVariables(installed)
        var orphanVariables: [String] = []
        for row in try database.rows("SELECT msgctxt FROM \(originals) ORDER BY msgctxt") {
            let context = row[0].text ?? ""
            let parts = context.components(separatedBy: "::")
            if parts.first == "Languages", parts.count == 2 {
                if !owned.contains(parts[1].lowercased()) { orphanVariables.append(parts[1].lowercased()) }
                continue
            }
            let owner: String? =
                parts.first == "Addons" && parts.count == 3 ? parts[2] : parts.first?.hasPrefix("Settings") == true && parts.count >= 3 ? parts[1] : nil
            if let owner, !installed.contains(owner) { orphanOriginals[owner, default: []].append(context) }
        }
        for (addon, contexts) in orphanOriginals.sorted(by: { $0.key < $1.key }) {
            report.findings.append(DoctorDiagnostics.orphanRows(
                "\(contexts.count) original texts of add-on '\(addon)'", addon: addon,
                fix: "DELETE FROM \(originals) WHERE msgctxt LIKE 'Addons::%::\(addon)' OR msgctxt LIKE 'Settings%::\(addon)::%'"))
        }
        if !orphanVariables.isEmpty {
            let list = orphanVariables.prefix(5).joined(separator: ", ") + (orphanVariables.count > 5 ? ", …" : "")
            report.findings.append(DoctorDiagnostics.orphanRows(
                "\(orphanVariables.count) language variables no installed add-on declares (\(list))", addon: nil,
                fix: "DELETE FROM \(table("language_values")) and \(originals) the rows of those names (Languages::<name>)"))
        }
    }

    /// The `Languages::` variables the installed add-ons declare (XML and installed `.po` files).
    private func ownedLanguageVariables(_ installed: Set<String>) throws -> Set<String> {
        var names: Set<String> = []
        for addon in installed {
            let path = "\(store.layout.addonsDirectory)/\(addon)/addon.xml"
            guard let bytes = FileManager.default.contents(atPath: path) else { continue }
            let (manifest, _) = ManifestReader.read(SourceFile(path: path, bytes: Array(bytes)), folderName: addon)
            for variable in manifest?.languageVariables ?? [] { names.insert(variable.id.lowercased()) }
            let packs = try? LanguagePacks.installed(addon: addon, languagesDirectory: store.layout.languagesDirectory, step: "doctor")
            names.formUnion(packs?.variableNames ?? [])
        }
        return names
    }

    /// Hook index rows and tables of add-ons no longer installed.
    private func checkHostTables(_ report: inout Report, installed: Set<String>) throws {
        report.checked.append("hook index and add-on tables")
        let addons = table("addons")
        for row in try database.rows("SELECT addon, count(*) AS n FROM addonhost_hooks GROUP BY addon ORDER BY addon") {
            let addon = row["addon"].text ?? ""
            if !installed.contains(addon) {
                report.findings.append(DoctorDiagnostics.orphanRows(
                    "\(row["n"].integer ?? 0) hook index rows of add-on '\(addon)'", addon: addon,
                    fix: "DELETE FROM addonhost_hooks WHERE addon = '\(addon)'"))
            }
        }
        let stale = try database.rows(
            """
            SELECT DISTINCT h.addon FROM addonhost_hooks h JOIN \(addons) a ON a.addon = h.addon
            WHERE h.status <> a.status ORDER BY h.addon
            """)
        for row in stale {
            let addon = row[0].text ?? ""
            report.findings.append(DoctorDiagnostics.staleHookStatus(addon, fix: "addonhost addon disable \(addon), then enable it again"))
        }
        let tables = try database.rows(
            """
            SELECT t.addon, t.name FROM addonhost_tables t
            WHERE t.name IN (SELECT name FROM sqlite_master WHERE type = 'table') ORDER BY t.addon, t.name
            """)
        for row in tables {
            let addon = row["addon"].text ?? ""
            let name = row["name"].text ?? ""
            if !installed.contains(addon) { report.findings.append(DoctorDiagnostics.orphanTable(addon, name)) }
        }
    }
}

/// The doctor's messages: each says what is wrong and, as its hint, how to fix it.
enum DoctorDiagnostics {
    static func schemaVersion(_ version: Int, expected: Int) -> Diagnostic {
        Diagnostic(
            "doctor.schema-version", .error, "the store's schema is version \(version); this addonhost writes \(expected)",
            hint: "open the store with this addonhost (any command applies pending migrations) or use the addonhost that wrote it")
    }

    static func missingSchemaObject(_ type: String, _ name: String) -> Diagnostic {
        Diagnostic(
            "doctor.schema-missing", .error, "the \(type) \(name) of the store's schema is missing",
            hint: "restore store.db from a backup, or create a new store (addonhost init) and reinstall the add-ons")
    }

    static func missingColumn(_ table: String, _ column: String) -> Diagnostic {
        Diagnostic(
            "doctor.schema-missing", .error, "the column \(table).\(column) of the store's schema is missing",
            hint: "restore store.db from a backup, or create a new store (addonhost init) and reinstall the add-ons")
    }

    static func integrity(_ problems: [String]) -> Diagnostic {
        Diagnostic(
            "doctor.integrity", .error,
            "SQLite's integrity check failed: \(problems.prefix(5).joined(separator: "; "))\(problems.count > 5 ? "; …" : "")",
            hint: "restore store.db from a backup; `sqlite3 store.db .recover` may save what is readable")
    }

    static func checkFailed(_ check: String, _ error: String) -> Diagnostic {
        Diagnostic(
            "doctor.check-failed", .error, "could not finish the check of \(check): \(error)",
            hint: "fix the problems reported before it, then run doctor again")
    }

    static func pendingOperation(_ kind: String, _ addon: String, _ id: String) -> Diagnostic {
        Diagnostic(
            "doctor.pending-operation", .error, "the \(kind) of '\(addon)' (operation \(id)) committed but its files are not all in place",
            hint: "run any addonhost command on the store (e.g. `addonhost addon list`): it finishes the operation")
    }

    static func stagingLeftover(_ name: String) -> Diagnostic {
        Diagnostic(
            "doctor.pending-operation", .error, "var/addonhost/staging/\(name) is left from an interrupted operation",
            hint: "run any addonhost command on the store (e.g. `addonhost addon list`): it rolls the operation back")
    }

    static func missingFile(_ addon: String, _ path: String, kind: String) -> Diagnostic {
        Diagnostic(
            "doctor.file-missing", .error, "\(path): this \(kind) of add-on '\(addon)' is missing",
            hint: "install the add-on's package again with `addonhost addon install PACKAGE --keep-data`")
    }

    static func changedFile(_ addon: String, _ path: String) -> Diagnostic {
        Diagnostic(
            "doctor.file-changed", .error, "\(path): this file of add-on '\(addon)' changed since it was installed",
            hint: "install the add-on's package again with `addonhost addon install PACKAGE --keep-data`, or keep the change knowingly")
    }

    static func orphanFileRecord(_ addon: String, _ path: String) -> Diagnostic {
        Diagnostic(
            "doctor.orphan", .error, "\(path) is recorded as a file of '\(addon)', which is not installed",
            hint: "delete the file if it is there, then: DELETE FROM addonhost_files WHERE addon = '\(addon)'")
    }

    static func orphanRows(_ what: String, addon: String?, fix: String) -> Diagnostic {
        Diagnostic(
            "doctor.orphan", .error, addon == nil ? "\(what)" : "\(what), which is not installed",
            hint: "left by an uninstall that did not finish its job; remove them: \(fix)")
    }

    static func staleHookStatus(_ addon: String, fix: String) -> Diagnostic {
        Diagnostic(
            "doctor.hook-index", .error, "the hook index has another status than add-on '\(addon)'",
            hint: "rebuild its rows: \(fix)")
    }

    static func orphanTable(_ addon: String, _ name: String) -> Diagnostic {
        Diagnostic(
            "doctor.orphan-table", .error, "table \(name), created by the install of '\(addon)', is still there after its uninstall",
            hint: "if its data is not needed: DROP TABLE \(name); DELETE FROM addonhost_tables WHERE addon = '\(addon)' AND name = '\(name)'")
    }
}

public import Basics
internal import Foundation
internal import SQLite

/// A row of `?:addons` with its name in one language.
public struct InstalledAddon: Sendable, Hashable {
    public var id: String
    /// `A` active, `D` disabled.
    public var status: String
    public var version: String
    public var priority: Int
    public var dependencies: [String]
    public var conflicts: [String]
    public var name: String
    public var description: String

    public var isActive: Bool { status == "A" }

    var json: JSONValue {
        .object([
            ("id", .string(id)), ("status", .string(status)), ("version", .string(version)),
            ("priority", .int(priority)),
            ("name", .string(name)), ("description", .string(description)),
            ("dependencies", .array(dependencies.map(JSONValue.string))),
            ("conflicts", .array(conflicts.map(JSONValue.string))),
        ])
    }
}

func csv(_ text: String?) -> [String] {
    (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

extension AddonManager {
    // MARK: Reading

    /// Installed add-ons in load order (ascending priority), named in `language` (else any).
    public func list(language: String = "en") throws -> [InstalledAddon] {
        try recoverIfNeeded()
        return try installedAddons(language: language)
    }

    func installedAddons(language: String = "en") throws -> [InstalledAddon] {
        try database.rows(
            """
            SELECT a.addon, a.status, a.version, a.priority, a.dependencies, a.conflicts,
                   COALESCE(d.name, (SELECT name FROM \(table("addon_descriptions")) x WHERE x.addon = a.addon LIMIT 1), '') AS name,
                   COALESCE(d.description, '') AS description
            FROM \(table("addons")) a
            LEFT JOIN \(table("addon_descriptions")) d ON d.addon = a.addon AND d.lang_code = ?
            ORDER BY a.priority, a.addon
            """, [.text(language)]
        ).map { row in
            InstalledAddon(
                id: row["addon"].text ?? "", status: row["status"].text ?? "D", version: row["version"].text ?? "",
                priority: Int(row["priority"].integer ?? 0), dependencies: csv(row["dependencies"].text),
                conflicts: csv(row["conflicts"].text), name: row["name"].text ?? "",
                description: row["description"].text ?? "")
        }
    }

    func installed(_ id: String) throws -> InstalledAddon? {
        try installedAddons().first { $0.id.lowercased() == id.lowercased() }
    }

    /// One add-on in detail: its row, names, settings (passwords masked), files and hooks.
    public func show(_ id: String, language: String = "en") throws -> JSONValue {
        try recoverIfNeeded()
        guard let addon = try installedAddons(language: language).first(where: { $0.id == id }) else {
            throw LifecycleError.notInstalled(id)
        }
        let descriptions = try database.rows(
            "SELECT lang_code, name, description FROM \(table("addon_descriptions")) WHERE addon = ? ORDER BY lang_code",
            [.text(id)])
        let settings = try database.rows(
            """
            SELECT t.name AS section, o.name, o.type, o.value FROM \(table("settings_objects")) o
            JOIN \(table("settings_sections")) r ON r.section_id = o.section_id AND r.type = 'ADDON' AND r.name = ?
            LEFT JOIN \(table("settings_sections")) t ON t.section_id = o.section_tab_id
            ORDER BY t.position, o.position
            """, [.text(id)])
        let files = try installedFiles(id)
        let hookRows = try database.rows(
            "SELECT area, hook, kind, template, target_addon FROM addonhost_hooks WHERE addon = ? ORDER BY area, template",
            [.text(id)])
        var fields: [(String, JSONValue)] = []
        if case .object(let base) = addon.json { fields = base }
        fields.append(
            (
                "descriptions",
                .array(
                    descriptions.map {
                        .object([
                            ("lang", .string($0["lang_code"].text ?? "")), ("name", .string($0["name"].text ?? "")),
                            ("description", .string($0["description"].text ?? "")),
                        ])
                    })
            ))
        fields.append(
            (
                "settings",
                .array(
                    settings.map { row in
                        let value = row["value"].text ?? ""
                        let secret = row["type"].text == "P" && !value.isEmpty
                        return .object([
                            ("section", .string(row["section"].text ?? "")), ("name", .string(row["name"].text ?? "")),
                            ("type", .string(row["type"].text ?? "")),
                            ("value", .string(secret ? OperationPlan.mask : value)),
                        ])
                    })
            ))
        fields.append(
            (
                "files",
                .array(
                    files.files.keys.sorted().map {
                        .object([("path", .string($0)), ("sha256", .string(files.files[$0] ?? ""))])
                    })
            ))
        fields.append(
            (
                "hooks",
                .array(
                    hookRows.map { row in
                        .object([
                            ("area", .string(row["area"].text ?? "")), ("hook", .string(row["hook"].text ?? "")),
                            ("kind", .string(row["kind"].text ?? "")),
                            ("template", .string(row["template"].text ?? "")),
                            ("target_addon", row["target_addon"].text.map(JSONValue.string) ?? .null),
                        ])
                    })
            ))
        return .object(fields)
    }

    // MARK: Enable / disable (§2.4)

    /// Activates an add-on: refused when an active add-on conflicts with it or a dependency is
    /// disabled; its own active conflicts are disabled (with a warning), unless an active add-on
    /// depends on one of them (CS-Cart's `fn_disable_addon` would refuse that one and go on).
    public func enable(_ id: String, dryRun: Bool = false) throws -> OperationResult {
        try changeStatus(id, to: "A", dryRun: dryRun)
    }

    /// Deactivates an add-on: refused while an active add-on depends on it.
    public func disable(_ id: String, dryRun: Bool = false) throws -> OperationResult {
        try changeStatus(id, to: "D", dryRun: dryRun)
    }

    private func changeStatus(_ id: String, to status: String, dryRun: Bool) throws -> OperationResult {
        try locked(status == "A" ? "addon enable \(id)" : "addon disable \(id)") { recovered in
            guard let addon = try installed(id) else { throw LifecycleError.notInstalled(id) }
            var plan = OperationPlan(
                kind: status == "A" ? .enable : .disable, addonID: addon.id, version: addon.version)
            let warnings = try statusChecks(addon, to: status, onInstall: false, plan: &plan)
            if !dryRun, addon.status != status {
                try execute(plan) { executor in try applyStatus(plan, executor: executor) }
            }
            return OperationResult(plan: plan, warnings: warnings, recovered: recovered)
        }
    }

    /// The checks of §2.4 steps 3–6. Fills `plan.addon` statuses to write; throws on refusal.
    /// Returns warnings; with `onInstall` a conflicting active add-on leaves this one disabled.
    func statusChecks(_ addon: InstalledAddon, to status: String, onInstall: Bool, plan: inout OperationPlan) throws
        -> [String]
    {
        let all = try installedAddons().filter { $0.id != addon.id }
        var warnings: [String] = []
        plan.statusChanges = []
        guard status == "A" else {
            let dependents = all.filter { $0.isActive && $0.dependencies.contains(addon.id) }.map(\.id)
            if !dependents.isEmpty {
                throw LifecycleError.refused(
                    "dependencies", "disable", addon.id, because: "active add-ons depend on it:", dependents,
                    fix: "disable")
            }
            plan.checks.append("no active add-on depends on \(addon.id)")
            plan.statusChanges = [StatusChange(addon: addon.id, status: "D")]
            return warnings
        }
        let conflicting = all.filter { $0.isActive && $0.conflicts.contains(addon.id) }.map(\.id)
        if !conflicting.isEmpty {
            throw LifecycleError.refused(
                "conflicts", "enable", addon.id, because: "it conflicts with active add-ons", conflicting,
                fix: "disable")
        }
        plan.checks.append("no active add-on lists \(addon.id) in its conflicts")
        let inactive = addon.dependencies.filter { dependency in all.contains { $0.id == dependency && !$0.isActive } }
        if !inactive.isEmpty {
            throw LifecycleError.refused(
                "dependencies", "enable", addon.id, because: "its dependencies are disabled:", inactive, fix: "enable")
        }
        plan.checks.append("installed dependencies of \(addon.id) are active")
        let ownConflicts = all.filter { $0.isActive && addon.conflicts.contains($0.id) }.map(\.id)
        if !ownConflicts.isEmpty {
            if onInstall {
                warnings.append(
                    "'\(addon.id)' was left disabled: it conflicts with active add-ons \(ownConflicts.joined(separator: ", "))"
                )
                return warnings
            }
            let stranded = all.filter { other in
                other.isActive && !ownConflicts.contains(other.id)
                    && other.dependencies.contains(where: ownConflicts.contains)
            }
            if !stranded.isEmpty {
                let needed = ownConflicts.filter { id in stranded.contains { $0.dependencies.contains(id) } }
                throw LifecycleError.refused(
                    "dependencies", "enable", addon.id,
                    because: "it would disable \(needed.joined(separator: ", ")), on which active add-ons depend:",
                    stranded.map(\.id), fix: "disable")
            }
            warnings.append("disabled \(ownConflicts.joined(separator: ", ")): they conflict with '\(addon.id)'")
            plan.statusChanges = ownConflicts.map { StatusChange(addon: $0, status: "D") }
        }
        plan.statusChanges.append(StatusChange(addon: addon.id, status: "A"))
        return warnings
    }

    func applyStatus(_ plan: OperationPlan, executor: PlanExecutor) throws {
        for change in plan.statusChanges {
            try database.execute(
                "UPDATE \(table("addons")) SET status = ? WHERE addon = ?", [.text(change.status), .text(change.addon)])
            try HookIndex.setStatus(change.status, addon: change.addon, database: database)
        }
        try hooks.checkpoint("status")
    }
}

/// A status written by an operation (the add-on itself, or a conflicting one disabled).
public struct StatusChange: Sendable, Hashable {
    public var addon: String
    public var status: String
}

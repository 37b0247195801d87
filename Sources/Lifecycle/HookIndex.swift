internal import Basics
public import SQLite

/// One add-on template that hooks into a page: `hooks/<group>/<name>.(pre|post|override).tpl`, or a
/// full-template override under `overrides/` (kind `template`, `hook` = the core template path).
public struct HookEntry: Sendable, Hashable {
    public var addon: String
    /// `backend`, or `themes/<theme>` for a storefront theme.
    public var area: String
    /// `group:name`, or the overridden template's path for kind `template`.
    public var hook: String
    /// `pre`, `post`, `override` or `template`.
    public var kind: String
    /// The template's name relative to the area's templates root (`addons/ID/hooks/…`).
    public var template: String
    /// Cross-add-on hook (`addons/ID/addons/OTHER/hooks/…`): used only while OTHER is active too.
    public var targetAddon: String?

    var json: JSONValue {
        .object([
            ("area", .string(area)), ("hook", .string(hook)), ("kind", .string(kind)), ("template", .string(template)),
            ("target_addon", targetAddon.map(JSONValue.string) ?? .null),
        ])
    }
}

/// The host table of template hooks (`addonhost_hooks`), kept by install, enable, disable and
/// uninstall so that rendering reads one indexed table instead of searching the disk.
public enum HookIndex {
    /// The hook entries among an add-on's files (paths relative to the store root). Names that do
    /// not match exactly (`view_tabs.post_.tpl`) are never picked up, as in CS-Cart.
    public static func entries(addon: String, storePaths: [String]) -> [HookEntry] {
        storePaths.compactMap { entry(addon: addon, storePath: $0) }.sorted {
            ($0.area, $0.template) < ($1.area, $1.template)
        }
    }

    static func entry(addon: String, storePath: String) -> HookEntry? {
        let area: String
        let template: Substring
        if let rest = storePath.dropPrefix("design/backend/templates/") {
            area = "backend"
            template = rest
        } else if let rest = storePath.dropPrefix("design/themes/") {
            let parts = rest.split(separator: "/", maxSplits: 2)
            guard parts.count == 3, parts[1] == "templates" else { return nil }
            area = "themes/\(parts[0])"
            template = parts[2]
        } else {
            return nil
        }
        var parts = template.split(separator: "/").map(String.init)
        guard parts.count >= 3, parts[0] == "addons", parts[1] == addon, parts.last!.hasSuffix(".tpl") else {
            return nil
        }
        parts.removeFirst(2)
        if parts.first == "overrides", parts.count >= 2 {
            return HookEntry(
                addon: addon, area: area, hook: parts.dropFirst().joined(separator: "/"), kind: "template",
                template: String(template), targetAddon: nil)
        }
        var target: String?
        if parts.count == 5, parts[0] == "addons" {
            target = parts[1]
            parts.removeFirst(2)
        }
        guard parts.count == 3, parts[0] == "hooks" else { return nil }
        let nameParts = parts[2].split(separator: ".", omittingEmptySubsequences: false)
        guard nameParts.count == 3, !nameParts[0].isEmpty, ["pre", "post", "override"].contains(nameParts[1]) else {
            return nil
        }
        return HookEntry(
            addon: addon, area: area, hook: "\(parts[1]):\(nameParts[0])", kind: String(nameParts[1]),
            template: String(template), targetAddon: target)
    }

    /// Replaces the add-on's rows with `entries`.
    static func write(_ entries: [HookEntry], addon: String, priority: Int, status: String, database: Database) throws {
        try remove(addon: addon, database: database)
        let insert = try database.prepare(
            "INSERT OR REPLACE INTO addonhost_hooks (addon, priority, status, area, hook, kind, template, target_addon) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        )
        for entry in entries {
            try insert.run([
                .text(addon), .integer(Int64(priority)), .text(status), .text(entry.area), .text(entry.hook),
                .text(entry.kind), .text(entry.template), DatabaseValue(entry.targetAddon),
            ])
        }
    }

    static func setStatus(_ status: String, addon: String, database: Database) throws {
        try database.execute("UPDATE addonhost_hooks SET status = ? WHERE addon = ?", [.text(status), .text(addon)])
    }

    static func remove(addon: String, database: Database) throws {
        try database.execute("DELETE FROM addonhost_hooks WHERE addon = ?", [.text(addon)])
    }

    /// The templates of active add-ons for one hook, in CS-Cart's order (ascending priority;
    /// cross-add-on templates only while their target is active), grouped by kind.
    public static func templates(
        hook: String, area: String, tablePrefix: String, database: Database
    ) throws -> (pre: [String], post: [String], override: [String]) {
        let rows = try database.rows(
            """
            SELECT h.kind, h.template FROM addonhost_hooks h
            WHERE h.area = ? AND h.hook = ? AND h.status = 'A' AND h.kind <> 'template'
              AND (h.target_addon IS NULL OR h.target_addon IN (SELECT addon FROM \(tablePrefix)addons WHERE status = 'A'))
            ORDER BY h.priority, h.addon, h.target_addon IS NULL, h.template
            """, [.text(area), .text(hook)])
        var result: (pre: [String], post: [String], override: [String]) = ([], [], [])
        for row in rows {
            let template = row["template"].text ?? ""
            switch row["kind"].text {
            case "pre": result.pre.append(template)
            case "post": result.post.append(template)
            default: result.override.append(template)
            }
        }
        return result
    }
}

extension String {
    fileprivate func dropPrefix(_ prefix: String) -> Substring? {
        hasPrefix(prefix) ? dropFirst(prefix.count) : nil
    }
}

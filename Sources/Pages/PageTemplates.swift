public import Basics
import Foundation
import Lifecycle
import SQLite
public import Templates

/// Where the admin page's templates come from: add-on templates (`addons/…`) from the store's
/// `design/backend/templates`, every other name from the host's own bundled admin templates.
public struct PageTemplateSource: TemplateSource {
    public let host: DirectoryTemplateSource
    public let store: DirectoryTemplateSource

    public init(hostRoot: String, storeRoot: String) {
        host = DirectoryTemplateSource(root: hostRoot)
        store = DirectoryTemplateSource(root: storeRoot)
    }

    public func load(_ name: String) -> SourceFile? {
        name.hasPrefix("addons/") ? store.load(name) : host.load(name)
    }

    /// The folder of the host's admin templates in the module's resources.
    public static var bundledRoot: String {
        Bundle.module.resourceURL!.appendingPathComponent("AdminTemplates").path
    }
}

/// The hooks of active add-ons as the lifecycle's hook index holds them, read once per page so
/// that rendering never searches the disk.
struct IndexedHooks: HookProvider {
    let byHook: [String: HookTemplates]

    func templates(forHook name: String) -> HookTemplates { byHook[name] ?? HookTemplates() }

    static func load(area: String, tablePrefix: String, database: Database) throws -> IndexedHooks {
        let names = try database.rows(
            "SELECT DISTINCT hook FROM addonhost_hooks WHERE area = ? AND kind <> 'template'", [.text(area)]
        ).compactMap { $0[0].text }
        var byHook: [String: HookTemplates] = [:]
        for name in names {
            let found = try HookIndex.templates(hook: name, area: area, tablePrefix: tablePrefix, database: database)
            byHook[name] = HookTemplates(pre: found.pre, post: found.post, overrides: found.override)
        }
        return IndexedHooks(byHook: byHook)
    }
}

/// Full-template replacements (`addons/<ID>/overrides/<path>`) of active add-ons: the first in
/// priority order wins (MV4133 `fn_addon_template_overrides`).
struct IndexedOverrides: TemplateOverrideProvider {
    let byTemplate: [String: String]

    func override(for name: String) -> String? { byTemplate[name] }

    static func load(area: String, database: Database) throws -> IndexedOverrides {
        var byTemplate: [String: String] = [:]
        for row in try database.rows(
            """
            SELECT hook, template FROM addonhost_hooks WHERE area = ? AND kind = 'template' AND status = 'A'
            ORDER BY priority, addon
            """, [.text(area)])
        {
            guard let core = row["hook"].text, let template = row["template"].text, byTemplate[core] == nil else {
                continue
            }
            byTemplate[core] = template
        }
        return IndexedOverrides(byTemplate: byTemplate)
    }
}

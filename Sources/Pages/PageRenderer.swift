public import AddonSDK
public import Basics
import Foundation
import Lifecycle
import Manifest
import SQLite
public import Settings
public import Store
public import Templates

/// A rendered admin page and what went wrong without stopping it.
public struct RenderedPage: Sendable {
    public let html: String
    /// Language variables the page asked for and the store lacks (shown as `_name`).
    public let missingTranslations: [String]
    /// One warning per missing language variable, and per add-on whose page data failed.
    public let warnings: [Diagnostic]
}

/// Renders the host's admin pages (order details, add-on settings) for a store's data with the
/// hooks, overrides, page data and texts of its active add-ons. One template engine serves every
/// page, so compiled templates are reused. Not `Sendable`: it uses the store's connection.
public final class PageRenderer {
    public let store: Store
    public let engine: TemplateEngine
    public let settings: SettingsService
    let registrations: [String: AddonRegistration]
    let environment: [String: String]

    /// `addons` are the native add-ons compiled into the host; their page data providers run for
    /// the add-ons with the same id while those are active.
    public init(
        store: Store, addons: [any NativeAddon], environment: [String: String],
        templatesRoot: String = PageTemplateSource.bundledRoot
    ) {
        self.store = store
        self.environment = environment
        registrations = AddonRegistration.byAddonID(addons)
        settings = SettingsService(store: store, addons: addons, environment: environment)
        engine = TemplateEngine(
            source: PageTemplateSource(hostRoot: templatesRoot, storeRoot: store.layout.backendTemplatesDirectory))
    }

    var database: Database { store.database }
    func table(_ name: String) -> String { store.tablePrefix + name }

    // MARK: Pages

    /// The order details page (`orders.details`). The storefront whose setting values apply is
    /// the order's own unless `storefront` is given.
    public func renderOrder(_ orderID: Int, language: String = "en", storefront: Int? = nil) throws -> RenderedPage {
        try readingOneSnapshot { try orderPage(orderID, language: language, storefront: storefront) }
    }

    /// An add-on's settings page (`addons.update`): its sections as fieldsets, each setting by
    /// type, values as `storefront` sees them (nil: the root values). Passwords are never
    /// shown, only whether they are set; info lines show their handler's HTML.
    public func renderSettings(_ addonID: String, language: String = "en", storefront: Int? = nil) throws
        -> RenderedPage
    {
        try readingOneSnapshot { try settingsPage(addonID, language: language, storefront: storefront) }
    }

    /// Runs a page's reads — the host's and its add-ons' — in one read transaction: the page shows
    /// one state of the store, and SQLite takes its read lock once instead of at every statement.
    private func readingOneSnapshot(_ page: () throws -> RenderedPage) throws -> RenderedPage {
        try database.transaction(.deferred, page)
    }

    private func orderPage(_ orderID: Int, language: String, storefront: Int?) throws -> RenderedPage {
        guard
            let row = try database.rows("SELECT * FROM \(table("orders")) WHERE order_id = ?", [DatabaseValue(orderID)])
                .first
        else { throw PagesDiagnostics.orderNotFound(orderID) }
        var order = OrderedMap(row)
        order["products"] = .list([])
        let storefrontID = storefront ?? Int(row["storefront_id"].integer ?? 0)
        var statuses = OrderedMap()
        for status in try database.rows(
            """
            SELECT s.status, d.description FROM \(table("statuses")) s
            JOIN \(table("status_descriptions")) d ON d.status_id = s.status_id AND d.lang_code = ?
            WHERE s.type = 'O' ORDER BY s.position
            """, [.text(language)])
        {
            statuses[status["status"].text ?? ""] = .string(status["description"].text ?? "")
        }
        return try render(
            page: "orders.details", content: "views/orders/details.tpl", title: "Order #\(orderID)",
            variables: ["order_info": .map(order), "order_status_descr": .map(statuses)],
            request: ["dispatch": "orders.details", "order_id": .int(orderID)], language: language,
            storefront: storefrontID)
    }

    private func settingsPage(_ addonID: String, language: String, storefront: Int?) throws -> RenderedPage {
        guard
            let row = try database.rows(
                """
                SELECT a.addon, a.status, a.priority, a.version,
                       COALESCE(d.name, (SELECT name FROM \(table("addon_descriptions")) x WHERE x.addon = a.addon LIMIT 1), a.addon) AS name
                FROM \(table("addons")) a
                LEFT JOIN \(table("addon_descriptions")) d ON d.addon = a.addon AND d.lang_code = ?
                WHERE a.addon = ?
                """, [.text(language), .text(addonID)]
            ).first
        else {
            let installed = try database.rows("SELECT addon FROM \(table("addons")) ORDER BY addon").compactMap {
                $0[0].text
            }
            throw PagesDiagnostics.addonNotInstalled(addonID, installed: installed)
        }
        let form = try settings.load(addonID, storefront: storefront, language: language)
        let sections: [Value] = try form.sections.map { section in
            [
                "section_id": .int(Int(section.id)), "name": .string(section.name), "label": .string(section.label),
                "settings": .list(try section.settings.map { try settingVariable($0, form: form) }),
            ]
        }
        return try render(
            page: "addons.update", content: "views/addons/settings.tpl",
            title: "\(row["name"].text ?? addonID) — settings",
            variables: ["addon": .map(OrderedMap(row)), "sections": .list(sections)],
            request: ["dispatch": "addons.update", "addon": .string(addonID)], language: language,
            storefront: storefront)
    }

    /// One setting as the settings template reads it; a password's value never leaves here.
    private func settingVariable(_ setting: Setting, form: AddonSettings) throws -> Value {
        var map = OrderedMap([
            ("object_id", Value.int(Int(setting.objectID))), ("name", Value.string(setting.name)),
            ("label", Value.string(setting.label)), ("tooltip", Value.string(setting.tooltip)),
            ("type", Value.string(setting.type.letter)),
            ("variants", Value.list(setting.variants.map { ["name": .string($0.name), "label": .string($0.label)] })),
        ])
        if setting.type.isSecret {
            map["is_set"] = .bool(!(setting.value ?? "").isEmpty)
        } else {
            map["value"] = setting.value.map(Value.string) ?? .null
        }
        if setting.type.isMultiple, let stored = setting.value {
            let pairs = SettingValueFormat.unserializeMultiple(stored, type: setting.type) ?? []
            map["selected"] = .map(OrderedMap(pairs.map { ($0.key, Value.bool($0.value == "Y" || $0.value.isEmpty)) }))
        }
        if setting.type == .info {
            map["info"] = .string(try settings.infoText(setting, in: form) ?? "")
        }
        return .map(map)
    }

    // MARK: Rendering

    /// Renders `index.tpl` around `content` with CS-Cart's common variables (`$addons`,
    /// `$settings`, `$language`, `$smarty.request`) and the page data of active add-ons.
    func render(
        page: String, content: String, title: String, variables pageVariables: [String: Value],
        request: [String: Value],
        language: String, storefront: Int?
    ) throws -> RenderedPage {
        try checkLanguage(language)
        let storefrontRow = try storefrontVariable(storefront)
        let translator = try Translator(language: language, tablePrefix: store.tablePrefix, database: database)
        var variables = pageVariables
        var warnings: [Diagnostic] = []
        let pageRequest = PageRequest(page: page, variables: pageVariables)
        let contexts = AddonContextFactory(store: store, environment: environment)
        // Active add-ons in load order, as CS-Cart runs the PHP hooks of the page's controller.
        let active = try database.rows(
            "SELECT addon FROM \(table("addons")) WHERE status = 'A' ORDER BY priority, addon"
        )
        .compactMap { $0[0].text }
        for addonID in active {
            let providers = registrations[addonID]?.pageProviders[page] ?? []
            if providers.isEmpty { continue }
            let context = try contexts.context(
                addonID, settings: try settings.values(addonID, storefront: storefront), language: language,
                storefront: storefront, translate: translator.translate)
            for provider in providers {
                do {
                    variables.merge(try provider(pageRequest, context)) { _, new in new }
                } catch {
                    warnings.append(PagesDiagnostics.pageDataFailed(addon: addonID, page: page, error: error))
                }
            }
        }
        variables["addons"] = try settings.addonsVariable(storefront: storefront)
        variables["settings"] = try coreSettings()
        variables["language"] = .string(language)
        variables["storefront"] = storefrontRow
        variables["content_tpl"] = .string(content)
        variables["page_title"] = .string(title)

        let context = RenderContext(
            translate: translator.text, reportMissingTranslation: translator.reportMissing, language: language,
            hooks: try IndexedHooks.load(area: "backend", tablePrefix: store.tablePrefix, database: database),
            overrides: try IndexedOverrides.load(area: "backend", database: database),
            constants: [
                "CART_LANGUAGE": .string(language), "DESCR_SL": .string(language), "AREA": "A", "ACCOUNT_TYPE": "admin",
            ],
            request: request.merging(storefront.map { ["storefront_id": .int($0)] } ?? [:]) { old, _ in old })
        let html = try engine.render("index.tpl", variables: variables, context: context)
        let missing = translator.missing
        return RenderedPage(
            html: html, missingTranslations: missing,
            warnings: warnings + missing.map { PagesDiagnostics.missingTranslation($0, language: language) })
    }

    private func checkLanguage(_ code: String) throws {
        let known = try database.rows("SELECT lang_code FROM \(table("languages")) ORDER BY lang_id").compactMap {
            $0[0].text
        }
        guard known.contains(where: { $0.lowercased() == code.lowercased() }) else {
            throw PagesDiagnostics.unknownLanguage(code, known: known)
        }
    }

    /// `$storefront`: the storefront's row (the default one when none is chosen).
    private func storefrontVariable(_ id: Int?) throws -> Value {
        let rows = try database.rows("SELECT * FROM \(table("storefronts")) ORDER BY storefront_id")
        let chosen =
            id.map { id in rows.first { $0["storefront_id"].integer == Int64(id) } }
            ?? rows.first { $0["is_default"].text == "Y" }
        guard let chosen else {
            throw PagesDiagnostics.unknownStorefront(
                id ?? 0, known: rows.compactMap { $0["storefront_id"].integer.map(Int.init) })
        }
        return .map(OrderedMap(chosen))
    }

    /// `$settings`: the core settings by section (`$settings.General.x`), as CS-Cart assigns them.
    private func coreSettings() throws -> Value {
        var sections = OrderedMap()
        for row in try database.rows(
            """
            SELECT s.name AS section, o.name, o.value FROM \(table("settings_objects")) o
            JOIN \(table("settings_sections")) s ON s.section_id = o.section_id AND s.type = 'CORE'
            ORDER BY s.position, o.position
            """)
        {
            let section = row["section"].text ?? ""
            guard case .map(var map) = sections[section] ?? .map(OrderedMap()) else { continue }
            map[row["name"].text ?? ""] = Value(row["value"])
            sections[section] = .map(map)
        }
        return .map(sections)
    }
}

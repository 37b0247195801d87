internal import Basics
public import AddonSDK
internal import Foundation
public import SQLite
public import Store

/// The store's language variables of one language, read once: what CS-Cart's `__()` looks up.
/// Names compare case-insensitively, as MySQL's collation (and the table's `NOCASE`) does.
public struct LanguageTable: Sendable {
    public let language: String
    /// By lower-cased name.
    private let values: [String: String]

    /// `defaults` are texts the host itself provides; the store's own value of a name wins.
    public init(language: String, database: Database, tablePrefix: String, defaults: [String: String] = [:]) throws {
        self.language = language
        var values = Dictionary(defaults.map { ($0.key.lowercased(), $0.value) }) { _, last in last }
        for row in try database.rows(
            "SELECT name, value FROM \(tablePrefix)language_values WHERE lang_code = ?", [.text(language)])
        {
            values[(row["name"].text ?? "").lowercased()] = row["value"].text ?? ""
        }
        self.values = values
    }

    /// The text of `name`, nil when the store has none.
    public func text(_ name: String) -> String? { values[name.lowercased()] }

    /// `__()`: the text with each placeholder key replaced by its value; `_name` when missing.
    public func translate(_ name: String, _ placeholders: [String: String]) -> String {
        guard var text = text(name) else { return "_" + name }
        for (key, value) in placeholders { text = text.replacingEvery(key, with: value) }
        return text
    }
}

/// Builds the `AddonContext` native add-on code runs with, the same way for every caller
/// (lifecycle functions, settings handlers, page data, add-on commands).
public struct AddonContextFactory {
    let database: Database
    let tablePrefix: String
    let storeRoot: String
    let environment: [String: String]

    public init(store: Store, environment: [String: String]) {
        self.init(
            database: store.database, tablePrefix: store.tablePrefix, storeRoot: store.root, environment: environment)
    }

    init(database: Database, tablePrefix: String, storeRoot: String, environment: [String: String]) {
        self.database = database
        self.tablePrefix = tablePrefix
        self.storeRoot = storeRoot
        self.environment = environment
    }

    /// The context for `addonID` with its `settings`, `__()` in `language` (the store's
    /// `language_values` unless `translate` is given, e.g. one that also reports misses).
    public func context(
        _ addonID: String, settings: SettingValues, language: String, storefront: Int?,
        translate: (@Sendable (String, [String: String]) -> String)? = nil
    ) throws -> AddonContext {
        let translate =
            try translate
            ?? LanguageTable(language: language, database: database, tablePrefix: tablePrefix).translate
        return AddonContext(
            addonID: addonID, database: database, tablePrefix: tablePrefix, storeRoot: storeRoot, settings: settings,
            language: language, storefrontID: storefront, environment: environment, translate: translate)
    }
}

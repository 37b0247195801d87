internal import Basics
public import Foundation
public import SQLite
public import Templates

/// What native add-on code may use of the host during one operation.
/// Not `Sendable`: it holds the operation's database connection.
public struct AddonContext {
    public let addonID: String
    /// The store's connection, inside the operation's transaction when there is one.
    public let database: Database
    /// Replaces `?:` in add-on SQL (`cscart_`).
    public let tablePrefix: String
    /// The store's root folder (a CS-Cart root layout).
    public let storeRoot: String
    /// The add-on's current setting values, with the storefront's overrides applied.
    public let settings: SettingValues
    /// The language pages and messages are shown in (`en`, `ru`).
    public let language: String
    /// The storefront the operation is for, if any.
    public let storefrontID: Int?
    public let environment: [String: String]
    /// Looks a language variable up in the store, as `__()` does (`_name` when missing).
    public let translate: @Sendable (_ name: String, _ placeholders: [String: String]) -> String
    /// The time now; tests may fix it.
    public let now: @Sendable () -> Date

    public init(
        addonID: String, database: Database, tablePrefix: String, storeRoot: String, settings: SettingValues,
        language: String, storefrontID: Int?, environment: [String: String],
        translate: @escaping @Sendable (String, [String: String]) -> String,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.addonID = addonID
        self.database = database
        self.tablePrefix = tablePrefix
        self.storeRoot = storeRoot
        self.settings = settings
        self.language = language
        self.storefrontID = storefrontID
        self.environment = environment
        self.translate = translate
        self.now = now
    }

    /// The SQL with `?:` replaced by the table prefix, as CS-Cart's `db_query` does.
    public func sql(_ text: String) -> String {
        text.replacingEvery("?:", with: tablePrefix)
    }
}

/// Setting values of one add-on as stored (`Y`/`N`, `#M#a=Y&b=Y`, text), by setting name.
public struct SettingValues: Sendable, Hashable {
    public let values: [String: String]
    /// Names of `password` settings: never printed.
    public let secretNames: Set<String>

    public init(values: [String: String], secretNames: Set<String> = []) {
        self.values = values
        self.secretNames = secretNames
    }

    public subscript(name: String) -> String? { values[name] }

    /// A checkbox is on when stored as `Y`.
    public func isOn(_ name: String) -> Bool { values[name] == "Y" }

    /// The value with an `env:NAME` reference resolved from the environment. References are
    /// resolved only here, when the value is used, never when it is shown or stored.
    public func resolved(_ name: String, environment: [String: String]) -> String? {
        guard let value = values[name] else { return nil }
        if value.hasPrefix("env:") { return environment[String(value.dropFirst(4))] }
        return value
    }
}

/// A settings form being saved: the values after the save, and what changed.
public struct SettingsForm: Sendable {
    /// Every setting's value as it would be after the save.
    public let values: SettingValues
    /// The values before the save.
    public let current: SettingValues
    /// Names of the settings the user assigned in this save.
    public let submitted: Set<String>
    /// Setting labels in the language of the operation, for messages that name fields.
    public let labels: [String: String]

    public init(values: SettingValues, current: SettingValues, submitted: Set<String>, labels: [String: String]) {
        self.values = values
        self.current = current
        self.submitted = submitted
        self.labels = labels
    }
}

/// A validator's objection to one field.
public struct FieldError: Sendable, Hashable {
    public let field: String
    public let message: String
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// One setting whose value a save changed.
public struct SettingChange: Sendable, Hashable {
    public let name: String
    public let oldValue: String?
    public let newValue: String?
    public init(name: String, oldValue: String?, newValue: String?) {
        self.name = name
        self.oldValue = oldValue
        self.newValue = newValue
    }
}

/// A page about to render, such as the order details page.
public struct PageRequest: Sendable {
    /// `orders.details`, `addons.settings`, …
    public let page: String
    /// The page's own variables (for the order page: `order_info`).
    public let variables: [String: Value]
    public init(page: String, variables: [String: Value]) {
        self.page = page
        self.variables = variables
    }
}

public import AddonSDK
public import Basics
public import Manifest

/// An installed add-on's settings form as the store holds it: tabs, then settings, with labels in
/// one language and values as seen from one storefront (or the root).
public struct AddonSettings: Sendable {
    public let addonID: String
    /// `A` active, `D` disabled.
    public let status: String
    public let priority: Int
    /// The storefront the values are read for; nil for the root ("all storefronts") values.
    public let storefrontID: Int?
    public let language: String
    public let sections: [Section]

    public var settings: [Setting] { sections.flatMap(\.settings) }

    /// A setting by name, compared as MySQL's case-insensitive collation does.
    public func setting(named name: String) -> Setting? {
        settings.first { $0.name == name } ?? settings.first { $0.name.lowercased() == name.lowercased() }
    }

    /// A setting by name, or an error listing the real ones.
    public func require(_ name: String) throws(Diagnostic) -> Setting {
        guard let setting = setting(named: name) else {
            let known = settings.filter { $0.type != .header }.map(\.name)
            throw SettingsDiagnostics.unknownSetting(name, addonID: addonID, known: known)
        }
        return setting
    }

    /// The values as add-on code sees them (headers excluded, passwords marked secret).
    public var values: SettingValues {
        SettingValues(stored: settings.map { StoredValue(name: $0.name, type: $0.type, value: $0.value) })
    }

    /// A tab of an add-on's settings (`<section>`).
    public struct Section: Sendable {
        public let id: Int64
        public let name: String
        public let label: String
        /// `TAB` or `SEPARATE_TAB`.
        public let type: String
        public let settings: [Setting]
    }
}

/// One setting (`settings_objects` row) with its label, variants and values.
public struct Setting: Sendable {
    public let objectID: Int64
    public let name: String
    public let type: SettingType
    public let label: String
    public let tooltip: String
    public let editionType: String
    /// `fn_name,arg1,…` (for `info` settings).
    public let handler: String
    public let variants: [Variant]
    /// `settings_objects.value`: the root value.
    public let rootValue: String?
    /// The storefront's own value, when the storefront read has one.
    public let storefrontValue: String?
    /// `addon.xml`'s `<default_value>`, when the installed manifest can be read.
    public let defaultValue: String?
    /// The environment variable the add-on's code prefers to the stored value, when it declares one.
    public var environmentVariable: String? = nil
    /// That variable's value, when it is set and not empty: then it is what the add-on uses.
    public var environmentValue: String? = nil

    /// What the storefront sees: its own value if it has one, else the root value (spec §3.5).
    public var value: String? { storefrontValue ?? rootValue }

    /// The value the add-on's code uses: the environment's when it overrides the stored one.
    public var effectiveValue: String? { environmentValue ?? value }

    /// Where `effectiveValue` comes from: `env` or `setting`.
    public var valueSource: String { environmentValue == nil ? "setting" : "env" }

    /// Whether the value may differ per storefront: `VENDOR`, `VENDORONLY`, `STOREFRONT` and their
    /// `ULT:`/`MVE:` forms (MV4133 `Settings::getEditionTypesThatOverrideRootValues`).
    public var isOverridable: Bool { EditionType(editionType).isOverridable }

    /// The value as a person may see it: passwords only as `(set)` / `(not set)`; multi-values as
    /// `a,b`; SQL NULL as nil.
    public func shown(_ stored: String?) -> String? {
        if type.isSecret { return (stored ?? "").isEmpty ? "(not set)" : "(set)" }
        guard let stored else { return nil }
        if type.isMultiple { return SettingValueFormat.chosen(stored, type: type).joined(separator: ",") }
        return stored
    }

    /// `shown` for a line of text: `(null)` for no value, `(empty)` for an empty one.
    public func displayed(_ stored: String?) -> String {
        guard let shown = shown(stored) else { return "(null)" }
        return shown.isEmpty ? "(empty)" : shown
    }

    /// A variant of a list setting: its id (what is stored) and label.
    public struct Variant: Sendable, Hashable {
        public let name: String
        public let label: String
    }
}

/// A setting's name, type and value as seen from one storefront: all that code and templates
/// read of it.
struct StoredValue {
    let name: String
    let type: SettingType
    let value: String?
}

extension SettingValues {
    /// Headers left out, passwords marked secret; of two settings with one name the last wins.
    init(stored: [StoredValue]) {
        let shown = stored.filter { $0.type != .header }
        self.init(
            values: Dictionary(shown.compactMap { setting in setting.value.map { (setting.name, $0) } }) { _, last in
                last
            },
            secretNames: Set(shown.filter(\.type.isSecret).map(\.name)))
    }
}

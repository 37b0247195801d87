public import Basics
import XML

/// An add-on's `addon.xml`, read into one typed, immutable model for every scheme (1.0–4.0).
public struct AddonManifest: Sendable {
    /// `<id>`: the add-on's identity (should equal the folder name).
    public let id: String
    /// The scheme that selected the reader (`scheme` attribute; missing ⇒ 1.0).
    public let scheme: SchemeVersion
    /// `<version>` (or `<addon_version>` in scheme 1.0).
    public let version: String?
    /// `<priority>` cast to an integer as PHP does (default 0).
    public let priority: Int
    /// `<status>`: the status after install (default disabled).
    public let status: InitialStatus
    /// `<default_language>` verbatim (case kept), if any.
    public let defaultLanguage: String?
    /// `<compatibility>` (and scheme 1.0's top-level `<dependencies>`/`<conflicts>`).
    public let compatibility: Compatibility
    /// `<settings>` (or `<opt_settings>` in scheme 1.0).
    public let settings: SettingsTree?
    /// The children of every `<queries>` block (`<opt_queries>` in 1.0), in document order.
    public let queries: [Query]
    /// `<functions>` items in document order.
    public let functions: [FunctionItem]
    /// `<name>` in the default language (scheme 2.0; fallback in 3.0+).
    public let name: String?
    /// `<description>` in the default language.
    public let description: String?
    /// `<translations>` of the add-on's name and description.
    public let translations: [Translation]
    /// The items of every inline `<language_variables>` block (`<opt_language_variables>` in 1.0).
    public let languageVariables: [LanguageVariable]
    /// `<has_icon>`: PHP casts any non-empty text to true (even `N`).
    public let hasIcon: Bool
    /// `<supplier>`, `<supplier_link>`.
    public let supplier: String?
    public let supplierLink: String?
    /// `<auto_install>` editions.
    public let autoInstall: [String]
    /// `<unmanaged>` present.
    public let isUnmanaged: Bool
    /// Root `edition_type` attribute, inherited by settings.
    public let editionType: EditionType?
    /// Scheme 4.0 `<autoload>` PSR-4 prefixes to folders, `<bootstrap>` and `<installer>` classes.
    public let autoload: [PSR4Root]
    public let bootstrap: String?
    public let installer: String?
    /// `<authors>` as metadata (not read by the core).
    public let authors: [Author]
    /// Top-level elements the core does not read, kept as metadata.
    public let unknownElements: [UnknownElement]
    /// The file the manifest was read from.
    public let source: SourceFile
    /// Where `<id>` is (for diagnostics by other modules).
    public let idLocation: SourceLocation
    /// Where `<default_language>` is, if present.
    public let defaultLanguageLocation: SourceLocation?
}

/// The `scheme` attribute values CS-Cart maps to a reader.
public enum SchemeVersion: String, Sendable, CaseIterable {
    case v1 = "1.0", v2 = "2.0", v3 = "3.0", v4 = "4.0"
}

/// `<status>`: what the add-on's status is right after install.
public enum InitialStatus: String, Sendable {
    case active, disabled
}

/// `<compatibility>`: what the core, PHP and other add-ons must be.
public struct Compatibility: Sendable {
    /// `<core_version><min>`, `<max>`.
    public let coreVersionMin: CoreVersion?
    public let coreVersionMax: CoreVersion?
    /// `<core_edition>` items, upper-cased.
    public let editions: [String]
    /// `<php_version><min>`, `<max>` (strict policy, kept as text).
    public let phpVersionMin: String?
    public let phpVersionMax: String?
    /// `<php_extensions>` requirements.
    public let phpExtensions: [PHPExtension]
    /// `<dependencies>` add-on ids (empty items dropped).
    public let dependencies: [String]
    /// `<conflicts>` add-on ids.
    public let conflicts: [String]

    /// Whether a core version is within min/max with CS-Cart's loose service-pack rule for max.
    public func admitsCore(_ version: CoreVersion) -> Bool {
        if let min = coreVersionMin, version < min { return false }
        if let max = coreVersionMax, version.comparedLoosely(toMax: max) > 0 { return false }
        return true
    }

    /// Whether the edition (`MULTIVENDOR`, `ULTIMATE`) is allowed (any when the list is empty).
    public func admitsEdition(_ edition: String) -> Bool {
        editions.isEmpty || editions.contains(edition.uppercased())
    }
}

/// One `<php_extensions>` child: `supported` Y/N and/or a version range.
public struct PHPExtension: Sendable {
    public let name: String
    /// `Y` ⇒ must be loaded, `N` ⇒ must not be; nil when not stated.
    public let mustBeLoaded: Bool?
    public let min: String?
    public let max: String?
}

/// The `<settings>` block: layout, inherited edition type and sections.
public struct SettingsTree: Sendable {
    /// `layout`: popup (default) or separate.
    public let layout: SettingsLayout
    /// The edition type of the `<settings>` node after inheritance (default ROOT).
    public let editionType: EditionType
    /// Sections in document order (scheme 1.0 items outside any section make a section `general`
    /// when there are no sections; beside sections they are not read, as in CS-Cart).
    public let sections: [SettingsSection]

    /// Every setting of every section, in order.
    public var allItems: [SettingItem] { sections.flatMap(\.items) }
    /// The setting with this id, if any.
    public func item(_ id: String) -> SettingItem? { allItems.first { $0.id == id } }
}

/// `settings@layout`.
public enum SettingsLayout: String, Sendable {
    case popup, separate
}

/// A `<section>`: a tab of the settings form.
public struct SettingsSection: Sendable {
    public let id: String
    /// `<name>` (2.0); in scheme 1.0 the section's id, its `name` attribute, or `General`.
    public let name: String?
    public let translations: [Translation]
    public let editionType: EditionType
    /// `outside_of_form` non-empty ⇒ rendered outside the settings form (`SEPARATE_TAB`).
    public let isOutsideOfForm: Bool
    public let items: [SettingItem]
    public let location: SourceLocation
}

/// A setting `<item>`.
public struct SettingItem: Sendable {
    public let id: String
    /// The section (tab) id.
    public let sectionID: String
    /// The `<type>` mapped as CS-Cart maps it; unknown ⇒ `.none` (typeless).
    public let type: SettingType
    /// The `<type>` text as written, when there was one.
    public let typeText: String?
    public let defaultValue: String?
    public let variants: [SettingVariant]
    /// `<handler>` as `fn_name,arg1,…`.
    public let handler: String?
    /// `parent_id`: the setting this one is shown under.
    public let parentID: String?
    /// `edition_type` after inheritance from section, settings and root (default ROOT).
    public let editionType: EditionType
    public let name: String?
    public let tooltip: String?
    public let translations: [Translation]
    public let location: SourceLocation

    /// Whether the value can differ per vendor or storefront.
    public var isOverridable: Bool { editionType.isOverridable }
}

/// A setting's `<variants><item id>`.
public struct SettingVariant: Sendable {
    public let id: String
    public let name: String?
    public let translations: [Translation]
    public let location: SourceLocation
}

/// The setting types CS-Cart maps from `<type>` (MV4133 `AXmlScheme::_getTypes`).
public enum SettingType: String, Sendable, CaseIterable {
    case input, textarea, password, checkbox, radiogroup, selectbox
    case multipleSelect = "multiple select"
    case multipleCheckboxes = "multiple checkboxes"
    case countriesList = "countries list"
    case statesList = "states list"
    case file, info, header
    case selectableBox = "selectable_box"
    case template
    case permanentTemplate = "permanent_template"
    case hidden, phone
    /// An unknown or missing `<type>`: CS-Cart stores an empty type.
    case none = ""

    /// The letter stored in `settings_objects.type` (empty for `.none`).
    public var letter: String {
        switch self {
        case .input: "I"
        case .textarea: "T"
        case .password: "P"
        case .checkbox: "C"
        case .radiogroup: "R"
        case .selectbox: "S"
        case .multipleSelect: "M"
        case .multipleCheckboxes: "N"
        case .countriesList: "X"
        case .statesList: "W"
        case .file: "F"
        case .info: "O"
        case .header: "H"
        case .selectableBox: "B"
        case .template: "E"
        case .permanentTemplate: "Z"
        case .hidden: "D"
        case .phone: "L"
        case .none: ""
        }
    }

    /// Whether the value is one of the variants.
    public var choosesVariant: Bool { self == .radiogroup || self == .selectbox }
    /// Whether the value is a set of variants (`#M#a=Y&b=Y`).
    public var choosesVariants: Bool { self == .multipleSelect || self == .multipleCheckboxes }
}

/// An `edition_type` value: a comma set of `ROOT`, `VENDOR`, `STOREFRONT`, `NONE`, optionally
/// prefixed `ULT:` / `MVE:`.
public struct EditionType: Sendable, Hashable, CustomStringConvertible {
    /// The items as written, trimmed.
    public let items: [String]

    /// Parses `ROOT,ULT:VENDOR`.
    public init(_ text: String) {
        items = text.split(separator: ",").map { String($0).trimmingXMLSpace() }.filter { !$0.isEmpty }
    }

    /// CS-Cart's default when nothing is inherited.
    public static let root = EditionType("ROOT")

    public var description: String { items.joined(separator: ",") }

    /// Values may differ per vendor/storefront (VENDOR, VENDORONLY, STOREFRONT, any prefix).
    public var isOverridable: Bool {
        items.contains { item in
            let bare = item.split(separator: ":").last.map(String.init) ?? item
            return ["VENDOR", "VENDORONLY", "STOREFRONT"].contains(bare)
        }
    }

    /// Whether the object is created on an edition (`MULTIVENDOR` ⇒ `MVE:`, `ULTIMATE` ⇒ `ULT:`).
    public func isCreated(onEdition edition: String) -> Bool {
        let prefix = edition.uppercased() == "ULTIMATE" ? "ULT:" : "MVE:"
        return items.contains { item in
            ["ROOT", "VENDOR", "STOREFRONT", "NONE"].contains(item)
                || ["ROOT", "VENDOR", "STOREFRONT"].map { prefix + $0 }.contains(item)
        }
    }
}

/// A `<queries><item>`.
public struct Query: Sendable {
    /// `for`: install (also when missing), uninstall, demo, or any other word.
    public let mode: String
    /// `editions` raw text; CS-Cart tests it as a substring.
    public let editions: String?
    /// `type="file"`: the text is a path relative to the add-on folder.
    public let isFile: Bool
    /// `lang` and `table` of language-dependent data.
    public let lang: String?
    public let table: String?
    /// The SQL (or the file path), trimmed.
    public let text: String
    /// Where its first byte is.
    public let location: SourceLocation
    /// Where each byte of `text` is in the manifest, past references and comments; nil when the
    /// manifest holds it in another encoding.
    public let textOffsets: OffsetMap?

    /// CS-Cart's `contains(@editions, PRODUCT_EDITION)`: a substring test on the raw attribute.
    public func runs(onEdition edition: String) -> Bool {
        guard let editions else { return true }
        return editions.contains(edition)
    }
}

/// A `<functions><item>`.
public struct FunctionItem: Sendable {
    /// `for`: before_install, install (also when missing), uninstall, demo.
    public let mode: String
    public let name: String
    public let location: SourceLocation
}

/// A `<translations><item for lang>` text.
public struct Translation: Sendable {
    /// `for`: name (default), description, tooltip.
    public let field: String
    public let lang: String
    public let text: String
}

/// An inline language variable `<item lang id>text</item>`.
public struct LanguageVariable: Sendable {
    public let lang: String
    public let id: String
    public let value: String
    public let location: SourceLocation
}

/// A scheme 4.0 `<psr4 prefix>folder</psr4>`.
public struct PSR4Root: Sendable {
    public let prefix: String
    public let folder: String
}

/// An `<authors><author>` entry.
public struct Author: Sendable {
    public let name: String?
    public let email: String?
    public let url: String?
}

/// An element the core does not read, kept with its text and place.
public struct UnknownElement: Sendable {
    /// The path from the root, e.g. `addon/position` or `addon/settings/…/item/value`.
    public let path: String
    public let text: String
    public let location: SourceLocation
}

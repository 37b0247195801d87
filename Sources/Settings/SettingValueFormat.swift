public import Manifest

/// What the settings form does with each setting type (spec §1.5.2, §3.1). The type itself and
/// its database letter are the manifest's `SettingType`.
extension SettingType {
    /// The type stored as `letter` in `settings_objects.type`; letters addon.xml cannot produce
    /// (`U`, `K`, `G`) and the empty type are `.none`, plain text.
    public init(letter: String) {
        self = Self.allCases.first { $0.letter == letter && $0 != .none } ?? .none
    }

    /// The `<type>` of addon.xml, as admins know it.
    public var displayName: String { self == .none ? "(none)" : rawValue }

    /// Headers, info lines and templates are parts of the form, not values an admin sets.
    public var isSettable: Bool {
        switch self {
        case .header, .info, .template, .permanentTemplate: false
        default: true
        }
    }

    /// Stored as `#M#a=Y&b=Y`, read back as a map (selectable boxes too, whose variants CS-Cart
    /// takes from add-on functions).
    public var isMultiple: Bool { choosesVariants || self == .selectableBox }

    /// Never printed in clear.
    public var isSecret: Bool { self == .password }
}

/// CS-Cart's stored forms of setting values (MV4133 `Settings::serializeValue/unserializeValue`).
public enum SettingValueFormat {
    /// What `__NULL__` stands for: SQL NULL.
    public static let nullLiteral = "__NULL__"
    static let multiplePrefix = "#M#"

    /// The words accepted for a checkbox, case-insensitively.
    static let checkboxWords: [String: String] = [
        "y": "Y", "yes": "Y", "on": "Y", "true": "Y", "1": "Y",
        "n": "N", "no": "N", "off": "N", "false": "N", "0": "N",
    ]

    /// `a,b` as stored: `#M#a=Y&b=Y` (nothing chosen: empty).
    static func serializeMultiple(_ names: [String]) -> String {
        names.isEmpty ? "" : multiplePrefix + names.map { "\($0)=Y" }.joined(separator: "&")
    }

    /// A stored multi-value read back as CS-Cart does: `#M#…` is a query string; type `N` is read
    /// as one even without the prefix (`select_box_2` → `{select_box_2: ""}`).
    public static func unserializeMultiple(_ stored: String, type: SettingType) -> [(key: String, value: String)]? {
        let body: Substring
        if stored.hasPrefix(multiplePrefix) {
            body = stored.dropFirst(multiplePrefix.count)
        } else if type == .multipleCheckboxes {
            body = Substring(stored)
        } else {
            return nil
        }
        return body.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            // Variant ids are plain identifiers: no percent-decoding needed.
            return (key: String(parts[0]), value: parts.count > 1 ? String(parts[1]) : "")
        }
    }

    /// The chosen names of a multi-value (the keys set to `Y`).
    static func chosen(_ stored: String?, type: SettingType) -> [String] {
        guard let stored, let pairs = unserializeMultiple(stored, type: type) else {
            return stored.map { $0.isEmpty ? [] : [$0] } ?? []
        }
        return pairs.filter { $0.value == "Y" }.map(\.key)
    }
}

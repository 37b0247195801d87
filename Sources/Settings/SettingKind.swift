/// A setting's type as CS-Cart stores it in `settings_objects.type` (spec §1.5.2), with the rules
/// for turning what an admin types into the stored text (spec §3.1).
public enum SettingKind: Sendable, Hashable {
    case input, textarea, password, checkbox, radiogroup, selectbox
    case multipleSelect, multipleCheckboxes, selectableBox
    case countries, states, file, info, header, template, permanentTemplate, hidden, phone
    /// A letter addon.xml cannot produce (or the empty type of an unknown `<type>`): plain text.
    case other(String)

    public init(letter: String) {
        switch letter {
        case "I": self = .input
        case "T": self = .textarea
        case "P": self = .password
        case "C": self = .checkbox
        case "R": self = .radiogroup
        case "S": self = .selectbox
        case "M": self = .multipleSelect
        case "N": self = .multipleCheckboxes
        case "B": self = .selectableBox
        case "X": self = .countries
        case "W": self = .states
        case "F": self = .file
        case "O": self = .info
        case "H": self = .header
        case "E": self = .template
        case "Z": self = .permanentTemplate
        case "D": self = .hidden
        case "L": self = .phone
        default: self = .other(letter)
        }
    }

    /// The `<type>` of addon.xml, as admins know it.
    public var name: String {
        switch self {
        case .input: "input"
        case .textarea: "textarea"
        case .password: "password"
        case .checkbox: "checkbox"
        case .radiogroup: "radiogroup"
        case .selectbox: "selectbox"
        case .multipleSelect: "multiple select"
        case .multipleCheckboxes: "multiple checkboxes"
        case .selectableBox: "selectable_box"
        case .countries: "countries list"
        case .states: "states list"
        case .file: "file"
        case .info: "info"
        case .header: "header"
        case .template: "template"
        case .permanentTemplate: "permanent_template"
        case .hidden: "hidden"
        case .phone: "phone"
        case .other(let letter): letter.isEmpty ? "(none)" : "(type \(letter))"
        }
    }

    /// Headers, info lines and templates are parts of the form, not values an admin sets.
    public var isSettable: Bool {
        switch self {
        case .header, .info, .template, .permanentTemplate: false
        default: true
        }
    }

    /// Stored as `#M#a=Y&b=Y`, read back as a map.
    public var isMultiple: Bool {
        switch self {
        case .multipleSelect, .multipleCheckboxes, .selectableBox: true
        default: false
        }
    }

    /// Must name one variant.
    public var isSingleChoice: Bool { self == .radiogroup || self == .selectbox }

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
    public static func unserializeMultiple(_ stored: String, kind: SettingKind) -> [(key: String, value: String)]? {
        let body: Substring
        if stored.hasPrefix(multiplePrefix) {
            body = stored.dropFirst(multiplePrefix.count)
        } else if kind == .multipleCheckboxes {
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
    static func chosen(_ stored: String?, kind: SettingKind) -> [String] {
        guard let stored, let pairs = unserializeMultiple(stored, kind: kind) else {
            return stored.map { $0.isEmpty ? [] : [$0] } ?? []
        }
        return pairs.filter { $0.value == "Y" }.map(\.key)
    }
}

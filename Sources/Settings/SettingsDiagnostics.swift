public import Basics

/// Every message of the settings module. Messages name a field as `"Label" (name)`; they never
/// contain a password's value.
public enum SettingsDiagnostics {
    static func field(_ setting: Setting) -> String { "\"\(setting.label)\" (\(setting.name))" }

    public static func unknownAddon(_ id: String, installed: [String]) -> Diagnostic {
        Diagnostic(
            "settings.unknown-addon", .error, "add-on '\(id)' is not installed",
            hint: installed.isEmpty ? "no add-on is installed" : "installed: \(installed.joined(separator: ", "))")
    }

    public static func unknownSetting(_ name: String, addonID: String, known: [String]) -> Diagnostic {
        Diagnostic(
            "settings.unknown-setting", .error, "add-on '\(addonID)' has no setting '\(name)'",
            hint: known.isEmpty ? "it has no settings" : "its settings are: \(known.joined(separator: ", "))")
    }

    public static func unknownStorefront(_ id: Int, known: [(Int, String)]) -> Diagnostic {
        Diagnostic(
            "settings.unknown-storefront", .error, "there is no storefront \(id)",
            hint: "the storefronts are: " + known.map { "\($0.0) (\($0.1))" }.joined(separator: ", "))
    }

    public static func malformedAssignment(position: Int) -> Diagnostic {
        // The word itself is not shown: it may be a password typed with the wrong separator.
        Diagnostic(
            "settings.malformed-assignment", .error, "assignment \(position) has no '=': it is not NAME=VALUE",
            hint: "write each assignment as NAME=VALUE, e.g. checkclient_active=Y")
    }

    static func assignedTwice(_ setting: Setting) -> Diagnostic {
        Diagnostic(
            "settings.assigned-twice", .error, "\(field(setting)) is assigned more than once",
            hint: "give each setting one value per save")
    }

    static func notSettable(_ setting: Setting) -> Diagnostic {
        Diagnostic(
            "settings.not-settable", .error,
            "\(field(setting)) is a \(setting.type.displayName) setting: it is part of the form, not a value, and cannot be set"
        )
    }

    static func notPerStorefront(_ setting: Setting) -> Diagnostic {
        Diagnostic(
            "settings.not-per-storefront", .error,
            "\(field(setting)) cannot vary by storefront (edition_type \(setting.editionType.isEmpty ? "ROOT" : setting.editionType))",
            hint:
                "set it without --storefront; only VENDOR, VENDORONLY and STOREFRONT settings have per-storefront values"
        )
    }

    static func invalidCheckbox(_ setting: Setting, _ value: String) -> Diagnostic {
        Diagnostic(
            "settings.invalid-value", .error, "\(field(setting)) is a checkbox; '\(value)' is not on or off",
            hint: "use Y or N (also yes/no, on/off, true/false, 1/0)")
    }

    static func notAVariant(_ setting: Setting, _ value: String) -> Diagnostic {
        Diagnostic(
            "settings.invalid-value", .error, "\(field(setting)): '\(value)' is not one of its variants",
            hint: "the variants are: " + variantList(setting))
    }

    static func emptyChoice(_ setting: Setting) -> Diagnostic {
        Diagnostic(
            "settings.invalid-value", .error,
            "\(field(setting)) is a \(setting.type.displayName); name one of its variants",
            hint: "the variants are: " + variantList(setting))
    }

    static func variantList(_ setting: Setting) -> String {
        setting.variants.map { $0.label == $0.name || $0.label.isEmpty ? $0.name : "\($0.name) (\($0.label))" }
            .joined(separator: ", ")
    }

    static func rejected(_ label: String, _ name: String, _ message: String) -> Diagnostic {
        Diagnostic("settings.rejected", .error, "\"\(label)\" (\(name)): \(message)")
    }

    static func changeHandlerFailed(_ setting: Setting, _ message: String) -> Diagnostic {
        Diagnostic(
            "settings.change-handler-failed", .error,
            "the change handler of \(field(setting)) failed: \(message); nothing was saved")
    }
}

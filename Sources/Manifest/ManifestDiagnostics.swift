import Basics
import XML

/// The messages of the Manifest module: one factory per diagnostic id.
enum ManifestDiagnostics {
    typealias Element = XMLTree.Element

    static func notAnAddon(_ file: SourceFile, _ root: Element) -> Diagnostic {
        file.diagnostic(
            "manifest.not-an-addon", .error, "the root element is <\(root.name)>, not <addon>", at: root.offset,
            hint: "an add-on manifest starts with <addon scheme=\"3.0\">")
    }

    static func unknownScheme(_ file: SourceFile, _ attribute: XMLTree.Attribute) -> Diagnostic {
        file.diagnostic(
            "manifest.unknown-scheme", .error, "scheme \"\(attribute.value)\" is not one CS-Cart knows",
            at: attribute.valueOffset, hint: "use 1.0 (or no attribute), 2.0, 3.0 or 4.0")
    }

    static func missingID(_ file: SourceFile, at offset: Int) -> Diagnostic {
        file.diagnostic(
            "manifest.missing-id", .error, "the manifest has no <id>", at: offset,
            hint: "add <id>folder_name</id>; CS-Cart identifies the add-on by it")
    }

    static func invalidID(_ file: SourceFile, _ id: String, at offset: Int) -> Diagnostic {
        file.diagnostic(
            "manifest.invalid-id", .error, "<id> \"\(id)\" is not a valid add-on id", at: offset,
            hint: "use 1 to 32 characters of a-z, 0-9 and _ (the addons.addon column is varchar(32))")
    }

    static func idMismatch(_ file: SourceFile, id: String, folder: String, at offset: Int) -> Diagnostic {
        file.diagnostic(
            "manifest.id-mismatch", .error, "<id> \"\(id)\" differs from the folder name \"\(folder)\"", at: offset,
            hint: "rename the folder app/addons/\(folder) to \(id) or set <id>\(folder)</id>; CS-Cart loads by folder "
                + "but writes database rows by <id>, so the add-on breaks")
    }

    static func settingWithoutID(_ file: SourceFile, _ item: Element) -> Diagnostic {
        file.diagnostic(
            "manifest.setting-without-id", .warning,
            "this setting has no id attribute; CS-Cart skips it, and so does the store",
            at: item.offset, hint: "add id=\"…\" to the <item>")
    }

    static func sectionWithoutID(_ file: SourceFile, _ section: Element) -> Diagnostic {
        file.diagnostic(
            "manifest.section-without-id", .error, "this settings section has no id attribute", at: section.offset,
            hint: "add id=\"…\" to the <section>")
    }

    static func duplicate(
        _ file: SourceFile, kind: String, id: String, at offset: Int, first: SourceLocation
    ) -> Diagnostic {
        file.diagnostic(
            kind == "section" ? "manifest.duplicate-section" : "manifest.duplicate-setting", .error,
            "\(kind) id \"\(id)\" is used twice", at: offset,
            hint: "give each \(kind) its own id; the second one replaces the first",
            notes: [.init(message: "first used here", location: first)])
    }

    static func unknownParent(_ file: SourceFile, parent: String, at offset: Int) -> Diagnostic {
        file.diagnostic(
            "manifest.unknown-parent", .error, "parent_id \"\(parent)\" names no setting of this add-on", at: offset,
            hint: "parent_id must be the id of another setting (usually a checkbox) of this add-on")
    }

    static func defaultNotAVariant(_ file: SourceFile, missing: [String], variants: [String], at offset: Int)
        -> Diagnostic
    {
        let quoted = missing.map { "\"\($0)\"" }
        let subject = quoted.count == 1 ? "default value \(quoted[0]) is" : "default values \(listed(quoted, 5)) are"
        return file.diagnostic(
            "manifest.default-not-a-variant", .warning, "\(subject) not one of the variants", at: offset,
            hint: "use one of: \(listed(variants, 10))")
    }

    /// The first `limit` items, and how many there are when that is not all: a hostile manifest
    /// may list 100,000.
    private static func listed(_ items: [String], _ limit: Int) -> String {
        items.count <= limit
            ? items.joined(separator: ", ") : items.prefix(limit).joined(separator: ", ") + ", … (\(items.count) in all)"
    }

    static func unknownSettingType(_ file: SourceFile, _ text: String, suggestion: String?, at offset: Int)
        -> Diagnostic
    {
        file.diagnostic(
            "manifest.unknown-setting-type", .warning,
            "setting type \"\(text)\" is not a CS-Cart type; the setting is stored typeless, a text field", at: offset,
            hint: suggestion.map { "did you mean \($0)?" }
                ?? "use one of: \(SettingType.allCases.filter { $0 != .none }.map(\.rawValue).joined(separator: ", "))")
    }

    static func typeAttribute(_ file: SourceFile, _ attribute: XMLTree.Attribute) -> Diagnostic {
        file.diagnostic(
            "manifest.type-attribute", .warning,
            "the type is given as an attribute, which CS-Cart does not read; the setting is stored typeless, a text field",
            at: attribute.offset,
            hint: "write <type>\(attribute.value)</type> inside the <item>")
    }

    static func missingSettingType(_ file: SourceFile, _ item: Element) -> Diagnostic {
        file.diagnostic(
            "manifest.missing-setting-type", .warning, "this setting has no <type>; it is stored typeless",
            at: item.offset, hint: "add <type>input</type> (or the type meant)")
    }

    static func unknownElement(_ file: SourceFile, _ element: Element, context: String, hint: String? = nil)
        -> Diagnostic
    {
        file.diagnostic(
            "manifest.unknown-element", .warning, "<\(element.name)> is not read by CS-Cart in \(context)",
            at: element.offset, hint: hint ?? "remove it, or check the spelling")
    }

    static func hasIconN(_ file: SourceFile, _ element: Element) -> Diagnostic {
        file.diagnostic(
            "manifest.has-icon-n", .warning, "<has_icon>N</has_icon> still means the add-on has an icon",
            at: element.textOffset, hint: "CS-Cart casts any non-empty text to true; remove the element instead")
    }

    static func unknownMode(_ file: SourceFile, _ attribute: XMLTree.Attribute, known: [String]) -> Diagnostic {
        file.diagnostic(
            "manifest.unknown-for", .warning, "for=\"\(attribute.value)\" is not a step CS-Cart runs",
            at: attribute.valueOffset, hint: "use one of: \(known.joined(separator: ", "))")
    }

    static func invalidStatus(_ file: SourceFile, _ element: Element) -> Diagnostic {
        file.diagnostic(
            "manifest.invalid-status", .warning, "status \"\(element.trimmedText)\" is neither active nor disabled",
            at: element.textOffset, hint: "CS-Cart maps only these two words; anything else is undefined")
    }

    static func invalidVersion(_ file: SourceFile, _ element: Element) -> Diagnostic {
        file.diagnostic(
            "manifest.invalid-core-version", .warning, "\"\(element.trimmedText)\" is not a CS-Cart version",
            at: element.textOffset, hint: "write it as 4.13.3 or 4.13.3.SP2")
    }

    static func languageCase(_ file: SourceFile, _ element: Element) -> Diagnostic {
        file.diagnostic(
            "manifest.default-language-case", .warning,
            "default_language \"\(element.trimmedText)\" is not lower case", at: element.textOffset,
            hint: "CS-Cart uses it verbatim in var/langs/<lang>/ paths; write \(element.trimmedText.lowercased())")
    }

    static func tableNotDropped(_ file: SourceFile, table: String, at offset: Int) -> Diagnostic {
        file.diagnostic(
            "manifest.table-not-dropped", .warning, "install creates table \(table) but no uninstall query drops it",
            at: offset, hint: "add <item for=\"uninstall\">DROP TABLE IF EXISTS \(table)</item>")
    }
}

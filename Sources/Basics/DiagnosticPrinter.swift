/// Prints diagnostics the one way addonhost prints them everywhere: as a compiler does.
///
///     app/addons/x/addon.xml:12:9: error: setting type "text" is not a CS-Cart type [manifest.unknown-setting-type]
///        12 |         <type>text</type>
///           |         ^
///           = hint: did you mean "input" or "textarea"?
///
/// Control characters in file names, messages and hints are shown as codes (`<U+001B>`), as the
/// excerpt shows them: they come from the files a package holds.
public enum DiagnosticPrinter {
    public static func render(_ diagnostic: Diagnostic) -> String {
        var out = ""
        if let location = diagnostic.location { out += "\(location.description.showingControlCharacters): " }
        out += "\(diagnostic.severity.rawValue): \(diagnostic.message.showingControlCharacters) [\(diagnostic.id)]"
        if let location = diagnostic.location, let excerpt = diagnostic.excerpt {
            let number = String(location.line)
            let gutter = String(repeating: " ", count: number.count)
            out += "\n \(number) | \(excerpt.text)"
            out += "\n \(gutter) | \(String(repeating: " ", count: excerpt.caretIndent))^"
        }
        for note in diagnostic.notes {
            out += "\n  note: "
            if let location = note.location { out += "\(location.description.showingControlCharacters): " }
            out += note.message.showingControlCharacters
        }
        if let hint = diagnostic.hint { out += "\n  hint: \(hint.showingControlCharacters)" }
        return out
    }

    /// All diagnostics, then a one-line summary such as `2 errors, 1 warning`.
    public static func render(_ diagnostics: Diagnostics) -> String {
        var lines = diagnostics.sorted.map(render)
        lines.append(summary(diagnostics))
        return lines.joined(separator: "\n")
    }

    public static func summary(_ diagnostics: Diagnostics) -> String {
        let errors = diagnostics.errors.count
        let warnings = diagnostics.warnings.count
        if errors == 0 && warnings == 0 { return "no problems found" }
        return "\(plural(errors, "error")), \(plural(warnings, "warning"))"
    }

    public static func json(_ diagnostic: Diagnostic) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("id", .string(diagnostic.id.rawValue)),
            ("severity", .string(diagnostic.severity.rawValue)),
            ("message", .string(diagnostic.message)),
        ]
        if let location = diagnostic.location {
            fields += [
                ("file", .string(location.file)), ("line", .int(location.line)),
                ("column", .int(location.column)),
            ]
        }
        if let hint = diagnostic.hint { fields.append(("hint", .string(hint))) }
        if !diagnostic.notes.isEmpty {
            fields.append(
                (
                    "notes",
                    .array(
                        diagnostic.notes.map { note in
                            var noteFields: [(String, JSONValue)] = [("message", .string(note.message))]
                            if let location = note.location { noteFields.append(("location", .string("\(location)"))) }
                            return .object(noteFields)
                        })
                ))
        }
        return .object(fields)
    }

    public static func plural(_ count: Int, _ noun: String) -> String {
        count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
    }
}

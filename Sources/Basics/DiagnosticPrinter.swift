/// Prints diagnostics the one way addonhost prints them everywhere: as a compiler does.
///
///     app/addons/x/addon.xml:12:9: error: setting type "text" is not a CS-Cart type [manifest.unknown-setting-type]
///        12 |         <type>text</type>
///           |         ^
///           = hint: did you mean "input" or "textarea"?
public enum DiagnosticPrinter {
    public static func render(_ diagnostic: Diagnostic) -> String {
        var out = ""
        if let location = diagnostic.location { out += "\(location): " }
        out += "\(diagnostic.severity.rawValue): \(diagnostic.message) [\(diagnostic.id)]"
        if let location = diagnostic.location, let line = diagnostic.sourceLine {
            let number = String(location.line)
            let gutter = String(repeating: " ", count: number.count)
            let snippet = Snippet(line: line, column: location.column)
            out += "\n \(number) | \(snippet.text)"
            out += "\n \(gutter) | \(String(repeating: " ", count: snippet.caretIndent))^"
        }
        for note in diagnostic.notes {
            out += "\n  note: "
            if let location = note.location { out += "\(location): " }
            out += note.message
        }
        if let hint = diagnostic.hint { out += "\n  hint: \(hint)" }
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

/// The part of a source line a diagnostic shows: the whole line or, for a line longer than `width`
/// columns (a minified file, a hostile million-character `.po` line), the `width` columns around
/// the caret between "..." marks, so that printing costs what a screen holds, not what the file
/// holds. Columns count Unicode scalars; tabs are shown as four spaces.
struct Snippet {
    static let width = 120
    let text: String
    let caretIndent: Int

    /// Reads the line's UTF-8 bytes twice, to count its columns and to copy what is shown, with
    /// no decoding: a broken file or a fuzzer makes diagnostics by the thousand.
    init(line: String, column: Int) {
        let isScalarStart = { (byte: UInt8) in byte & 0xC0 != 0x80 }
        let count = line.utf8.count(where: isScalarStart)
        let caret = min(max(column - 1, 0), count)
        var first = 0
        var last = count
        if count > Self.width {
            first = max(0, min(caret - Self.width / 2, count - Self.width))
            last = first + Self.width
        }
        var shown: [UInt8] = []
        shown.reserveCapacity(min(line.utf8.count, 4 * Self.width) + 6)
        if first > 0 { shown.append(contentsOf: "...".utf8) }
        var caretIndent = shown.count
        var scalar = -1
        for byte in line.utf8 {
            if isScalarStart(byte) {
                scalar += 1
                if scalar >= last { break }
                if scalar >= first, scalar < caret { caretIndent += byte == UInt8(ascii: "\t") ? 4 : 1 }
            }
            guard scalar >= first else { continue }
            if byte == UInt8(ascii: "\t") { shown.append(contentsOf: "    ".utf8) } else { shown.append(byte) }
        }
        if last < count { shown.append(contentsOf: "...".utf8) }
        text = String(decoding: shown, as: UTF8.self)
        self.caretIndent = caretIndent
    }
}

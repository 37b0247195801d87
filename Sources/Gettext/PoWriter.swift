import Basics

/// Writes a catalog back as PO text. Parts of entries that were not changed since parsing are
/// copied byte for byte from the source (comments, wrapping, blank lines, order), so an edit
/// changes only the lines it must; new or edited parts are formatted as gettext formats them
/// with `--no-wrap` (a multi-line string is split after each `\n`).
public enum PoWriter {
    /// The whole file as UTF-8 bytes.
    public static func write(_ catalog: PoCatalog) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(catalog.source.bytes.count + 256)
        let source = catalog.source.bytes
        let lineEnd = catalog.lineEnd
        var isFirst = true
        var entries = catalog.entries
        if let header = catalog.headerEntry { entries.insert(header, at: min(catalog.headerIndex, entries.count)) }
        for entry in entries {
            if let leading = entry.leadingSpan, leading.upperBound <= source.count {
                out.append(contentsOf: source[leading])
            } else if !isFirst {
                ensureBlankLine(&out, lineEnd)
            }
            isFirst = false
            if let comments = entry.commentSpan {
                out.append(contentsOf: source[comments])
            } else {
                out.append(contentsOf: formatComments(entry, lineEnd: lineEnd).utf8)
            }
            if let body = entry.bodySpan {
                out.append(contentsOf: source[body])
            } else {
                out.append(contentsOf: formatBody(entry, lineEnd: lineEnd).utf8)
            }
        }
        if let trailing = catalog.trailingSpan {
            out.append(contentsOf: source[trailing])
        }
        return out
    }

    /// The whole file as a String.
    public static func text(_ catalog: PoCatalog) -> String { String(decoding: write(catalog), as: UTF8.self) }

    /// One entry formatted from scratch (comments and message).
    public static func format(_ entry: PoEntry, lineEnd: String = "\n") -> String {
        formatComments(entry, lineEnd: lineEnd) + formatBody(entry, lineEnd: lineEnd)
    }

    private static func ensureBlankLine(_ out: inout [UInt8], _ lineEnd: String) {
        if let last = out.last, last != 0x0A { out.append(contentsOf: lineEnd.utf8) }
        let count = out.count
        let hasBlank =
            count >= 2 && out[count - 1] == 0x0A
            && (out[count - 2] == 0x0A || (count >= 3 && out[count - 2] == 0x0D && out[count - 3] == 0x0A))
        if !hasBlank && !out.isEmpty { out.append(contentsOf: lineEnd.utf8) }
    }

    private static func formatComments(_ entry: PoEntry, lineEnd: String) -> String {
        var out = ""
        for comment in entry.translatorComments { out += (comment.isEmpty ? "#" : "# " + comment) + lineEnd }
        for comment in entry.extractedComments { out += "#. " + comment + lineEnd }
        for reference in entry.references { out += "#: " + reference + lineEnd }
        if !entry.flags.isEmpty { out += "#, " + entry.flags.joined(separator: ", ") + lineEnd }
        return out
    }

    private static func formatBody(_ entry: PoEntry, lineEnd: String) -> String {
        var out = ""
        let prefix = entry.isObsolete ? "#~ " : ""
        if let previous = entry.previous {
            let previousPrefix = entry.isObsolete ? "#~| " : "#| "
            if let context = previous.msgctxt { field(&out, previousPrefix, "msgctxt", context, lineEnd) }
            field(&out, previousPrefix, "msgid", previous.msgid, lineEnd)
            if let plural = previous.msgidPlural { field(&out, previousPrefix, "msgid_plural", plural, lineEnd) }
        }
        if let context = entry.msgctxt { field(&out, prefix, "msgctxt", context, lineEnd) }
        field(&out, prefix, "msgid", entry.msgid, lineEnd)
        if let plural = entry.msgidPlural {
            field(&out, prefix, "msgid_plural", plural, lineEnd)
            for (index, form) in entry.msgstr.enumerated() { field(&out, prefix, "msgstr[\(index)]", form, lineEnd) }
        } else {
            field(&out, prefix, "msgstr", entry.msgstr.first ?? "", lineEnd)
        }
        return out
    }

    /// `keyword "text"`, or `keyword ""` and one line per `\n`-ended piece when the text has inner line breaks.
    private static func field(
        _ out: inout String, _ prefix: String, _ keyword: String, _ text: String, _ lineEnd: String
    ) {
        var pieces: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index] == "\n" {
                pieces.append(text[start..<next])
                start = next
            }
            index = next
        }
        if start < text.endIndex { pieces.append(text[start...]) }
        if pieces.count <= 1 {
            out += prefix + keyword + " \"" + escape(text) + "\"" + lineEnd
            return
        }
        out += prefix + keyword + " \"\"" + lineEnd
        for piece in pieces { out += prefix + "\"" + escape(piece) + "\"" + lineEnd }
    }

    /// C escapes for what cannot stand in a PO string as is.
    public static func escape(_ text: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0B}": out += "\\v"
            case "\u{0C}": out += "\\f"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

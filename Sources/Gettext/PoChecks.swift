import Basics

/// The checks GNU `msgfmt --check` makes after reading: duplicates, the header's Plural-Forms,
/// plural form counts, and leading/trailing line breaks. Like msgfmt, only entries that would go
/// into a .mo file (translated, not fuzzy, not obsolete) are checked beyond duplicates, and
/// per-message problems are reported at the `msgstr` keyword.
enum PoChecks {
    static func check(_ catalog: PoCatalog, into diagnostics: inout Diagnostics) {
        let file = catalog.source

        let headerEntry = catalog.headerEntry
        let headerOffset = headerEntry?.msgstrLocation?.offset ?? 0
        var rule: PluralRule?
        var pluralFormsBroken = false
        if headerEntry != nil {
            let header = catalog.header
            if let value = header["Plural-Forms"] {
                do {
                    let parsed = try PluralRule(header: value)
                    if let failure = parsed.validate() {
                        diagnostics.append(PoDiagnostics.invalidPluralForms(file, at: headerOffset, failure.message))
                        pluralFormsBroken = true
                    }
                    rule = parsed
                } catch {
                    diagnostics.append(PoDiagnostics.invalidPluralForms(file, at: headerOffset, error.message))
                    pluralFormsBroken = true
                }
            }
            let charset = header.charset
            if charset?.uppercased() != "UTF-8" && charset?.uppercased() != "UTF8" {
                diagnostics.append(PoDiagnostics.charset(file, at: headerOffset, charset))
            }
        } else {
            diagnostics.append(PoDiagnostics.headerMissing(file))
        }

        var pluralReported = false
        for entry in catalog.entries where !entry.isObsolete && !entry.isFuzzy && !entry.isUntranslated {
            let offset = entry.msgstrLocation?.offset ?? 0
            checkNewlines(entry, file, offset, &diagnostics)
            guard entry.msgidPlural != nil, !pluralReported, !pluralFormsBroken else { continue }
            if let rule {
                if entry.msgstr.count != rule.nplurals {
                    diagnostics.append(
                        PoDiagnostics.pluralCount(
                            file, at: headerOffset, nplurals: rule.nplurals, found: entry.msgstr.count,
                            entry: entry.msgstrLocation))
                    pluralReported = true
                }
            } else {
                diagnostics.append(
                    PoDiagnostics.missingPluralForms(file, at: offset, header: headerEntry?.msgstrLocation))
                pluralReported = true
            }
        }
    }

    /// gettext's reader rejects a second entry with the same msgctxt and msgid.
    static func checkDuplicates(_ catalog: PoCatalog, into diagnostics: inout Diagnostics) {
        let file = catalog.source
        struct Key: Hashable {
            let context: String?
            let msgid: String
        }
        var seen: [Key: SourceLocation?] = [:]
        seen.reserveCapacity(catalog.entries.count + 1)
        if let header = catalog.headerEntry { seen[Key(context: nil, msgid: "")] = header.msgstrLocation }
        for entry in catalog.entries where !entry.isObsolete {
            let key = Key(context: entry.msgctxt, msgid: entry.msgid)
            if let first = seen[key] {
                diagnostics.append(PoDiagnostics.duplicate(file, at: entry.location?.offset ?? 0, first: first))
            } else {
                seen[key] = entry.msgstrLocation
            }
        }
    }

    private static func checkNewlines(
        _ entry: PoEntry, _ file: SourceFile, _ offset: Int, _ diagnostics: inout Diagnostics
    ) {
        let id = entry.msgid.utf8
        guard !id.isEmpty else { return }
        for begin in [true, false] {
            func has(_ text: String) -> Bool {
                begin ? text.utf8.first == 0x0A : text.utf8.last == 0x0A
            }
            let expected = begin ? id.first == 0x0A : id.last == 0x0A
            if let plural = entry.msgidPlural, has(plural) != expected {
                diagnostics.append(PoDiagnostics.newline(file, at: offset, field: "msgid_plural", begin: begin))
            }
            for (index, form) in entry.msgstr.enumerated() where has(form) != expected {
                let field = entry.msgidPlural == nil ? "msgstr" : "msgstr[\(index)]"
                diagnostics.append(PoDiagnostics.newline(file, at: offset, field: field, begin: begin))
            }
        }
    }
}

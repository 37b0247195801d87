import Basics

/// The checks GNU `msgfmt --check` makes after reading: duplicates, the header's Plural-Forms,
/// plural form counts, and leading/trailing line breaks. Like msgfmt, only entries that would go
/// into a .mo file (translated, not fuzzy, not obsolete) are checked beyond duplicates, and
/// per-message problems are reported at the `msgstr` keyword.
enum PoChecks {
    static func check(_ catalog: PoCatalog, into diagnostics: inout Diagnostics) {
        let file = catalog.source

        let headerEntry = catalog.headerEntry
        let headerOffset = headerEntry?.origin?.msgstr ?? 0
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
        // Entries are read in place through the buffer: `for entry in catalog.entries` (or an Array
        // subscript) copies each entry, retaining and releasing every string and array it holds.
        catalog.entries.withUnsafeBufferPointer { entries in
            for index in entries.indices
            where !entries[index].isObsolete && !entries[index].isFuzzy && !entries[index].isUntranslated {
                let offset = entries[index].origin?.msgstr ?? 0
                checkNewlines(
                    msgid: entries[index].msgid, plural: entries[index].msgidPlural, msgstr: entries[index].msgstr,
                    file, offset, &diagnostics)
                guard entries[index].msgidPlural != nil, !pluralReported, !pluralFormsBroken else { continue }
                let forms = entries[index].msgstr.count
                if let rule {
                    if forms != rule.nplurals {
                        diagnostics.append(
                            PoDiagnostics.pluralCount(
                                file, at: headerOffset, nplurals: rule.nplurals, found: forms,
                                entry: entries[index].msgstrLocation))
                        pluralReported = true
                    }
                } else {
                    diagnostics.append(
                        PoDiagnostics.missingPluralForms(file, at: offset, header: headerEntry?.msgstrLocation))
                    pluralReported = true
                }
            }
        }
    }

    /// gettext's reader rejects a second entry with the same msgctxt and msgid, compared as bytes
    /// (`strcmp`), not as Unicode-equivalent Strings.
    static func checkDuplicates(_ catalog: PoCatalog, into diagnostics: inout Diagnostics) {
        let file = catalog.source
        let header = catalog.headerEntry
        let hasHeader = header != nil
        var seen = EntryKeyTable(capacity: catalog.entries.count)
        catalog.entries.withUnsafeBufferPointer { entries in
            for index in entries.indices where !entries[index].isObsolete {
                var first: Int?
                if hasHeader, entries[index].msgctxt == nil, entries[index].msgid.isEmpty {
                    first = -1  // the header's key: no context, empty msgid
                } else {
                    first = seen.insert(index, of: entries)
                }
                guard let first else { continue }
                let firstLocation = first < 0 ? header?.msgstrLocation : entries[first].msgstrLocation
                diagnostics.append(
                    PoDiagnostics.duplicate(file, at: entries[index].origin?.msgid ?? 0, first: firstLocation))
            }
        }
    }

    /// `msgid` and every translation begin, and end, with a line break alike.
    /// (Takes the fields, not the entry: passing an entry copies it whole.)
    private static func checkNewlines(
        msgid: String, plural: String?, msgstr: [String], _ file: SourceFile, _ offset: Int,
        _ diagnostics: inout Diagnostics
    ) {
        let id = msgid.utf8
        guard let idFirst = id.first, let idLast = id.last else { return }
        func check(begin: Bool, expected: Bool) {
            func has(_ text: String) -> Bool {
                begin ? text.utf8.first == 0x0A : text.utf8.last == 0x0A
            }
            if let plural, has(plural) != expected {
                diagnostics.append(PoDiagnostics.newline(file, at: offset, field: "msgid_plural", begin: begin))
            }
            for (index, form) in msgstr.enumerated() where has(form) != expected {
                let field = plural == nil ? "msgstr" : "msgstr[\(index)]"
                diagnostics.append(PoDiagnostics.newline(file, at: offset, field: field, begin: begin))
            }
        }
        check(begin: true, expected: idFirst == 0x0A)
        check(begin: false, expected: idLast == 0x0A)
    }
}

/// A set of entry indices keyed by the UTF-8 bytes of msgctxt and msgid (open addressing,
/// linear probing). A `Dictionary` keyed by the Strings spends its time in Unicode-aware
/// hashing and in copying the keys.
private struct EntryKeyTable {
    /// Per slot: the key's hash and the entry index + 1 (0: empty), side by side so that a probe
    /// touches one cache line.
    private var slots: [(hash: Int, entry: Int)]
    private let mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: (0, 0), count: size)
        mask = size - 1
    }

    /// Adds the entry; when an earlier one has the same key, returns its index instead.
    mutating func insert(_ index: Int, of entries: UnsafeBufferPointer<PoEntry>) -> Int? {
        let hash = Self.hash(context: entries[index].msgctxt, id: entries[index].msgid)
        var slot = hash & mask
        while slots[slot].entry != 0 {
            let other = slots[slot].entry - 1
            if slots[slot].hash == hash, Self.sameKey(entries[index], entries[other]) { return other }
            slot = (slot + 1) & mask
        }
        slots[slot] = (hash, index + 1)
        return nil
    }

    private static func hash(context: String?, id: String) -> Int {
        var hasher = Hasher()
        if var context {
            hasher.combine(context.utf8.count)
            context.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        } else {
            hasher.combine(-1)
        }
        var id = id
        id.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        return hasher.finalize()
    }

    private static func sameKey(_ a: PoEntry, _ b: PoEntry) -> Bool {
        guard a.msgid.utf8.elementsEqual(b.msgid.utf8) else { return false }
        switch (a.msgctxt, b.msgctxt) {
        case (nil, nil): return true
        case let (x?, y?): return x.utf8.elementsEqual(y.utf8)
        default: return false
        }
    }
}

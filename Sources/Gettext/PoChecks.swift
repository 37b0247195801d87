import Basics

/// The checks GNU `msgfmt --check` makes after reading: duplicates, the header's Plural-Forms,
/// plural form counts, leading/trailing line breaks, and the directives of entries flagged
/// `c-format` or `php-format`. Like msgfmt, only entries that would go into a .mo file
/// (translated, not fuzzy, not obsolete) are checked beyond duplicates, and per-message problems
/// are reported at the `msgstr` keyword.
enum PoChecks {
    static func check(_ catalog: PoCatalog, into diagnostics: inout Diagnostics) {
        let file = catalog.source
        if let headerEntry = catalog.headerEntry {
            let charset = catalog.header.charset
            if charset?.uppercased() != "UTF-8" && charset?.uppercased() != "UTF8" {
                diagnostics.append(PoDiagnostics.charset(file, at: headerEntry.origin?.msgstr ?? 0, charset))
            }
        } else {
            diagnostics.append(PoDiagnostics.headerMissing(file))
        }
        let usage = checkPlurals(catalog, into: &diagnostics)
        // The format checks' argument lists, kept from message to message.
        var arguments: (original: [FormatString.Argument], translation: [FormatString.Argument]) = ([], [])

        // Entries are read in place through the buffer: `for entry in catalog.entries` (or an Array
        // subscript) copies each entry, retaining and releasing every string and array it holds.
        catalog.entries.withUnsafeBufferPointer { entries in
            for index in entries.indices
            where !entries[index].isObsolete && !entries[index].isFuzzy && !entries[index].isUntranslated {
                let offset = entries[index].origin?.msgstr ?? 0
                checkNewlines(
                    msgid: entries[index].msgid, plural: entries[index].msgidPlural, msgstr: entries[index].msgstr,
                    file, offset, &diagnostics)
                if !entries[index].flags.isEmpty {
                    checkFormats(
                        msgid: entries[index].msgid, plural: entries[index].msgidPlural,
                        msgstr: entries[index].msgstr, flags: entries[index].flags, usage: usage, file, offset,
                        &arguments, &diagnostics)
                }
            }
        }
    }

    /// msgfmt's plural checks (`msgl-check.c` `check_plural`): `nplurals=` and `plural=` are looked
    /// for anywhere in the header and read only when both are there; a missing one is an error
    /// only in a catalog with plural entries, each of which must then have nplurals forms.
    /// Returns which forms serve many numbers, for the format checks, when nothing was wrong.
    private static func checkPlurals(_ catalog: PoCatalog, into diagnostics: inout Diagnostics) -> PluralUsage? {
        let file = catalog.source
        // The first plural entry msgfmt would write, and the ones with the fewest and most forms.
        var first: Int?
        var fewest: Int?
        var most: Int?
        catalog.entries.withUnsafeBufferPointer { entries in
            for index in entries.indices
            where entries[index].msgidPlural != nil && !entries[index].isObsolete && !entries[index].isFuzzy
                && !entries[index].isUntranslated
            {
                let forms = entries[index].msgstr.count
                if first == nil { first = index }
                if forms < fewest.map({ entries[$0].msgstr.count }) ?? Int.max { fewest = index }
                if forms > most.map({ entries[$0].msgstr.count }) ?? 0 { most = index }
            }
        }
        let firstOffset = first.map { catalog.entries[$0].origin?.msgstr ?? 0 } ?? 0
        guard let headerEntry = catalog.headerEntry else {
            if first != nil { diagnostics.append(PoDiagnostics.missingPluralForms(file, at: firstOffset, header: nil)) }
            return nil
        }
        let headerOffset = headerEntry.origin?.msgstr ?? 0
        let text = headerEntry.msgstr.first ?? ""
        guard text.after("nplurals=") != nil, text.after("plural=") != nil else {
            if first != nil {
                diagnostics.append(
                    PoDiagnostics.missingPluralForms(file, at: firstOffset, header: headerEntry.msgstrLocation))
            }
            return nil
        }
        let rule: PluralRule
        let frequent: [Bool]
        do {
            rule = try PluralRule(header: text)
            frequent = try rule.frequentForms().get()
        } catch {
            diagnostics.append(PoDiagnostics.invalidPluralForms(file, at: headerOffset, error.message))
            return nil
        }
        // As msgfmt: too few forms anywhere first, else too many.
        let fewer = fewest.flatMap { catalog.entries[$0].msgstr.count < rule.nplurals ? $0 : nil }
        if let index = fewer ?? most.flatMap({ catalog.entries[$0].msgstr.count > rule.nplurals ? $0 : nil }) {
            diagnostics.append(
                PoDiagnostics.pluralCount(
                    file, at: headerOffset, nplurals: rule.nplurals, found: catalog.entries[index].msgstr.count,
                    entry: catalog.entries[index].msgstrLocation))
            return nil
        }
        return PluralUsage(rule: rule, frequent: frequent)
    }

    /// The directives of each translation against the original's, for the `c-format` and
    /// `php-format` flags (`format.c` `check_msgid_msgstr_format`). Plural forms are compared with
    /// `msgid_plural`; a form that serves few numbers (`%d` of "one item") may leave arguments out.
    private static func checkFormats(
        msgid: String, plural: String?, msgstr: [String], flags: [String], usage: PluralUsage?, _ file: SourceFile,
        _ offset: Int, _ arguments: inout (original: [FormatString.Argument], translation: [FormatString.Argument]),
        _ diagnostics: inout Diagnostics
    ) {
        let checked = FormatString.Language.checked(by: flags)
        for language in [FormatString.Language.c, .php] where language == .c ? checked.c : checked.php {
            let original = plural ?? msgid
            // msgfmt checks nothing against an original that is no valid format string.
            do {
                try FormatString.read(original, language, translated: false, into: &arguments.original)
            } catch {
                continue
            }
            let originalField = plural == nil ? "msgid" : "msgid_plural"
            let range = plural == nil || msgstr.count < 2 ? nil : numberRange(flags)
            for (form, text) in msgstr.enumerated() {
                var field: String { plural == nil ? "msgstr" : "msgstr[\(form)]" }
                do {
                    try FormatString.read(text, language, translated: true, into: &arguments.translation)
                } catch {
                    let reason = error.reason
                    diagnostics.append(
                        PoDiagnostics.formatInvalid(
                            file, at: offset, language, field: field, originalField: originalField, reason: reason))
                    continue
                }
                let strict = plural == nil || msgstr.count < 2 || usage?.servesMany(form: form, range: range) == true
                guard
                    let mismatch = FormatString.mismatch(
                        original: arguments.original, translation: arguments.translation, strict: strict)
                else { continue }
                diagnostics.append(
                    PoDiagnostics.formatMismatch(
                        file, at: offset, language, mismatch, field: field, text: text, originalField: originalField,
                        original: original))
            }
        }
    }

    /// A `#, range: 1..5` flag (the numbers a plural entry is used for), as gettext reads it.
    private static func numberRange(_ flags: [String]) -> ClosedRange<Int>? {
        guard let index = flags.firstIndex(of: "range:"), index + 1 < flags.count else { return nil }
        // Digits, "..", digits; anything may follow (gettext reads no further). Numbers stop at INT_MAX.
        func number(_ digits: Substring.UTF8View) -> Int? {
            guard !digits.isEmpty else { return nil }
            return digits.reduce(0) { Swift.min($0 * 10 + Int($1 - UInt8(ascii: "0")), Int(Int32.max)) }
        }
        let token = flags[index + 1].utf8
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let low = token.prefix(while: isDigit)
        let rest = token.dropFirst(low.count)
        guard rest.starts(with: "..".utf8), let lower = number(low),
            let upper = number(rest.dropFirst(2).prefix(while: isDigit)), lower <= upper
        else { return nil }
        return lower...upper
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

/// The header's plural rule and which of its forms serve many numbers (gettext's distribution).
private struct PluralUsage {
    let rule: PluralRule
    let frequent: [Bool]

    /// Whether a translation in this form must take all of the original's arguments: the form
    /// serves many numbers, and a `range:` does not narrow it to at most one.
    func servesMany(form: Int, range: ClosedRange<Int>?) -> Bool {
        guard form < frequent.count, frequent[form] else { return false }
        guard let range else { return true }
        // gettext counts the numbers of the range that pick the form, at most 1,001 of them.
        var count = 0
        for n in range.lowerBound...min(range.upperBound, range.lowerBound + 1000)
        where (try? rule.form(for: UInt(n))) == UInt(form) {
            count += 1
        }
        return count > 1
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

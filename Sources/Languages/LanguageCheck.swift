internal import Basics
internal import Foundation
internal import Gettext
internal import Manifest

/// One language's `.po` file, read once for every check.
struct LanguageFile {
    let language: String
    /// As diagnostics show it (`var/langs/ru/addons/x.po` under the package or store).
    let display: String
    let catalog: PoCatalog
    let pack: CSCartLanguagePack
    /// The parser's and the CS-Cart dialect's own findings (`po.*`).
    let readDiagnostics: Diagnostics

    static func read(language: String, path: String, display: String) throws(Diagnostic) -> LanguageFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic("lang.unreadable", .error, "cannot read \(display)", hint: "check the file's permissions")
        }
        let (catalog, parsed) = PoParser.parse(SourceFile(path: display, bytes: Array(data)))
        let (pack, dialect) = CSCartLanguagePack.read(catalog, folderLanguage: language)
        return LanguageFile(
            language: language, display: display, catalog: catalog, pack: pack,
            readDiagnostics: Diagnostics(Array(parsed) + Array(dialect)))
    }

    /// The entries CS-Cart imports, by context (the last duplicate wins, as in `CSCartLanguagePack`).
    var entriesByContext: [String: PoEntry] {
        var result: [String: PoEntry] = [:]
        for entry in catalog.entries where !entry.isObsolete {
            if let context = entry.msgctxt { result[context] = entry }
        }
        return result
    }

    /// The rule plurals are counted against: CS-Cart's for the language, which pages pick forms
    /// by whatever the header says; the header's Plural-Forms only for a language CS-Cart has
    /// no rule for.
    var pluralRule: PluralRule? { CSCartLanguagePack.pluralRule(forLanguage: language) ?? pack.pluralRule }

    /// A diagnostic made at a location of this file gets the line's excerpt for the caret display.
    func located(_ diagnostic: Diagnostic) -> Diagnostic {
        var diagnostic = diagnostic
        if let location = diagnostic.location, location.file == display {
            diagnostic.excerpt = catalog.source.excerpt(line: location.line, column: location.column)
        }
        return diagnostic
    }
}

/// The translator's checks of an add-on's language files (`lang check`): each language against
/// the default one, each translation against its original, and the files against addon.xml.
enum LanguageCheck {
    static func run(files: [LanguageFile], defaultLanguage: String, manifest: AddonManifest?) -> Diagnostics {
        var diagnostics = Diagnostics()
        let reference = files.first { $0.language == defaultLanguage }
        for file in files {
            var found = Diagnostics(file.readDiagnostics.all)
            checkEntries(file, isDefault: file.language == defaultLanguage, into: &found)
            if let reference, file.language != defaultLanguage { compare(file, with: reference, into: &found) }
            if let manifest { found.append(contentsOf: settingTexts(file, manifest: manifest)) }
            diagnostics.append(contentsOf: found.map(file.located))
        }
        return diagnostics
    }

    /// The cross-file checks of `addon validate` (issue 2): settings, sections and variants
    /// against each language's `SettingsOptions`/`SettingsSections`/`SettingsVariants` texts.
    static func settingTexts(_ file: LanguageFile, manifest: AddonManifest) -> [Diagnostic] {
        guard manifest.scheme >= .v3 else { return [] }
        let id = manifest.id
        var diagnostics: [Diagnostic] = []
        let present = file.entriesByContext
        var sections: Set<String> = []
        var settings: [String: Set<String>] = [:]
        for section in manifest.settings?.sections ?? [] {
            sections.insert(section.id)
            let context = "SettingsSections::\(id)::\(section.id)"
            if present[context] == nil {
                diagnostics.append(
                    LanguageDiagnostics.settingText(
                        section.location, context: context, what: "section \"\(section.id)\"", file: file.display))
            }
            for item in section.items {
                settings[item.id] = Set(item.variants.map(\.id))
                let option = "SettingsOptions::\(id)::\(item.id)"
                if present[option] == nil {
                    diagnostics.append(
                        LanguageDiagnostics.settingText(
                            item.location, context: option, what: "setting \"\(item.id)\"", file: file.display))
                }
                for variant in item.variants where present["SettingsVariants::\(id)::\(item.id)::\(variant.id)"] == nil
                {
                    diagnostics.append(
                        LanguageDiagnostics.settingText(
                            variant.location, context: "SettingsVariants::\(id)::\(item.id)::\(variant.id)",
                            what: "variant \"\(variant.id)\" of \"\(item.id)\"", file: file.display))
                }
            }
        }
        for entry in file.catalog.entries where !entry.isObsolete {
            guard let context = entry.msgctxt else { continue }
            let what: String?
            switch CSCartLanguagePack.kind(of: context) {
            case .settingsSection(let addon, let section) where addon == id:
                what = sections.contains(section) ? nil : "section"
            case .settingsOption(let addon, let setting) where addon == id,
                .settingsTooltip(let addon, let setting) where addon == id:
                what = settings[setting] == nil ? "setting" : nil
            case .settingsVariant(let addon, let setting, let variant) where addon == id:
                what = settings[setting]?.contains(variant) == true ? nil : "variant"
            default: what = nil
            }
            if let what {
                diagnostics.append(
                    file.located(
                        LanguageDiagnostics.unknownSettingContext(entry.location, context: context, what: what)))
            }
        }
        return diagnostics
    }

    /// Untranslated, fuzzy, obsolete, placeholders, HTML tags, plural forms, Plural-Forms header.
    private static func checkEntries(_ file: LanguageFile, isDefault: Bool, into diagnostics: inout Diagnostics) {
        let rule = file.pluralRule
        var usesPlurals = false
        for entry in file.catalog.entries {
            let context = entry.msgctxt ?? entry.msgid
            let at = entry.msgstrLocation ?? entry.location
            if entry.isObsolete {
                diagnostics.append(LanguageDiagnostics.obsolete(entry.location, context: context))
                continue
            }
            if entry.isFuzzy { diagnostics.append(LanguageDiagnostics.fuzzy(entry.location, context: context)) }
            if entry.msgstr.allSatisfy(\.isEmpty) {
                if !isDefault { diagnostics.append(LanguageDiagnostics.untranslated(at, context: context)) }
                continue
            }
            let translation = entry.msgstr.joined(separator: "|")
            let original = entry.msgid + (entry.msgidPlural.map { "|" + $0 } ?? "")
            let (lacking, adding) = TextShape.placeholderDifference(original: original, translation: translation)
            if !lacking.isEmpty || !adding.isEmpty {
                diagnostics.append(
                    LanguageDiagnostics.placeholders(at, context: context, missing: lacking, added: adding))
            }
            // Tags form by form, each against its original: the singular for the first form, the
            // plural for the others (a language may have more forms than English).
            let cscartPlural = entry.msgidPlural == nil && entry.msgid.contains("|")
            let originals =
                entry.msgidPlural.map { [entry.msgid, $0] } ?? (cscartPlural ? splitForms(entry.msgid) : [entry.msgid])
            let translations = cscartPlural ? splitForms(entry.msgstr[0]) : entry.msgstr
            for (index, translated) in translations.enumerated() {
                let originalTags = TextShape.tags(originals[min(index, originals.count - 1)])
                let translatedTags = TextShape.tags(translated)
                if originalTags.sorted() != translatedTags.sorted() {
                    diagnostics.append(
                        LanguageDiagnostics.htmlTags(
                            at, context: context, form: translations.count > 1 ? index : nil, original: originalTags,
                            translated: translatedTags))
                    break
                }
            }
            // CS-Cart's plurals: forms joined by `|` in one msgstr, picked by the language's rule.
            let forms = entry.msgidPlural != nil || cscartPlural ? translations.count : 0
            guard forms > 0 else { continue }
            usesPlurals = true
            if let rule, forms != rule.nplurals {
                diagnostics.append(
                    LanguageDiagnostics.pluralForms(
                        at, context: context, found: forms, expected: rule.nplurals, language: file.language,
                        rule: rule.description))
            }
        }
        if usesPlurals, file.pack.pluralRule == nil, let rule {
            let header = file.catalog.headerEntry?.msgstrLocation ?? file.catalog.source.location(at: 0)
            diagnostics.append(
                LanguageDiagnostics.missingPluralForms(header, language: file.language, rule: rule.description))
        }
    }

    /// CS-Cart's plural forms in one text, `[n] item|[n] items`.
    private static func splitForms(_ text: String) -> [String] {
        text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
    }

    /// Missing, extra and msgid differences of a language against the default language.
    private static func compare(_ file: LanguageFile, with reference: LanguageFile, into diagnostics: inout Diagnostics)
    {
        let mine = file.entriesByContext
        let theirs = reference.entriesByContext
        for entry in reference.catalog.entries where !entry.isObsolete {
            guard let context = entry.msgctxt, mine[context] == nil else { continue }
            diagnostics.append(
                reference.located(LanguageDiagnostics.missing(entry.location, context: context, file: file.display)))
        }
        for entry in file.catalog.entries where !entry.isObsolete {
            guard let context = entry.msgctxt else { continue }
            if let original = theirs[context] {
                if original.msgid != entry.msgid {
                    diagnostics.append(
                        LanguageDiagnostics.msgidMismatch(entry.location, context: context, original: original.msgid))
                }
            } else {
                diagnostics.append(
                    LanguageDiagnostics.extra(entry.location, context: context, defaultFile: reference.display))
            }
        }
    }
}

/// What must survive translation: placeholders and HTML tags.
enum TextShape {
    /// `[name]`, `%s`, `%d`, `%1$s`, `{name}` in order of appearance.
    static func placeholders(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        var result: [String] = []
        var index = 0
        func word(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x5F
                || byte == 0x2E || byte == 0x2D
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                let close = byte == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")
                var end = index + 1
                while end < bytes.count, word(bytes[end]) { end += 1 }
                if end < bytes.count, bytes[end] == close, end > index + 1 {
                    result.append(String(decoding: bytes[index...end], as: UTF8.self))
                    index = end + 1
                    continue
                }
            } else if byte == UInt8(ascii: "%"), index + 1 < bytes.count {
                var end = index + 1
                while end < bytes.count, (bytes[end] >= 0x30 && bytes[end] <= 0x39) || bytes[end] == UInt8(ascii: "$") {
                    end += 1
                }
                if end < bytes.count, [UInt8(ascii: "s"), UInt8(ascii: "d")].contains(bytes[end]) {
                    result.append(String(decoding: bytes[index...end], as: UTF8.self))
                    index = end + 1
                    continue
                }
                if end < bytes.count, bytes[end] == UInt8(ascii: "%") {
                    index = end + 1
                    continue
                }
            }
            index += 1
        }
        return result
    }

    /// Placeholders of the original the translation lacks, and ones it adds (as sets: a plural
    /// form may leave out `[n]`, so counts are not compared).
    static func placeholderDifference(original: String, translation: String) -> (lacking: [String], adding: [String]) {
        let wanted = Set(placeholders(original))
        let given = Set(placeholders(translation))
        return (wanted.subtracting(given).sorted(), given.subtracting(wanted).sorted())
    }

    /// HTML tag names in order, closing ones as `/name` (`<br/>` → `br`).
    static func tags(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        var result: [String] = []
        var index = 0
        while index < bytes.count {
            defer { index += 1 }
            guard bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count else { continue }
            var start = index + 1
            var closing = false
            if bytes[start] == UInt8(ascii: "/") {
                closing = true
                start += 1
            }
            var end = start
            while end < bytes.count,
                (bytes[end] >= 0x61 && bytes[end] <= 0x7A) || (bytes[end] >= 0x41 && bytes[end] <= 0x5A)
                    || (end > start && bytes[end] >= 0x30 && bytes[end] <= 0x39)
            {
                end += 1
            }
            guard end > start else { continue }
            result.append((closing ? "/" : "") + String(decoding: bytes[start..<end], as: UTF8.self).lowercased())
        }
        return result
    }
}

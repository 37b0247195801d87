public import Basics

/// A PO file read as CS-Cart reads an add-on language pack (spec §4): entries keyed by `msgctxt`,
/// split on `::` into a kind; the last duplicate wins; an empty msgstr falls back to the msgid.
public struct CSCartLanguagePack: Sendable {
    /// What a `msgctxt` names, and where CS-Cart stores its text.
    public enum Kind: Sendable, Hashable {
        /// `Languages::<var>` → `language_values`.
        case languageVariable(name: String)
        /// `Addons::name::<addon>` → `addon_descriptions.name`.
        case addonName(addon: String)
        /// `Addons::description::<addon>` → `addon_descriptions.description`.
        case addonDescription(addon: String)
        /// `SettingsSections::<addon>::<section>`.
        case settingsSection(addon: String, section: String)
        /// `SettingsOptions::<addon>::<setting>`.
        case settingsOption(addon: String, setting: String)
        /// `SettingsTooltips::<addon>::<setting>`.
        case settingsTooltip(addon: String, setting: String)
        /// `SettingsVariants::<addon>::<setting>::<variant>`.
        case settingsVariant(addon: String, setting: String, variant: String)
        /// `ProfileFields::<field>`.
        case profileField(name: String)
        /// `LanguageName` (core packs).
        case languageName
        /// Any other context, kept as written.
        case other(String)
    }

    /// One translated text, as CS-Cart would store it.
    public struct Value: Sendable, Hashable {
        /// The full `msgctxt`.
        public var context: String
        public var kind: Kind
        /// The msgid: in every language the English original.
        public var original: String
        /// msgstr (plural forms joined with `|`, CS-Cart's convention), or the msgid when empty.
        public var text: String
        /// The file had an empty msgstr, so `text` is the original.
        public var isUntranslated: Bool
        public var isFuzzy: Bool
        public var location: SourceLocation?
    }

    /// The values, one per context, in the order of their (last) definition.
    public var values: [Value]
    /// `Language` of the header split on `_`: `ru_RU` → `ru`, `RU`.
    public var languageCode: String?
    public var countryCode: String?
    /// `Language-Team` (CS-Cart's pack name).
    public var name: String?
    /// The header's plural rule, if it has a valid one.
    public var pluralRule: PluralRule?

    /// The value for a context, if the pack has it.
    public func value(context: String) -> Value? { values.first { $0.context == context } }

    /// The parser's and `read`'s findings as CS-Cart's install meets them: it reads a file that
    /// only msgfmt's consistency checks refuse (a duplicate: the last one wins), so those are
    /// warnings; what is left an error stops the install.
    public static func atInstall(_ diagnostics: Diagnostics) -> Diagnostics {
        Diagnostics(
            diagnostics.map { diagnostic in
                var diagnostic = diagnostic
                if diagnostic.severity == .error && checksCSCartIgnores.contains(diagnostic.id.rawValue) {
                    diagnostic.severity = .warning
                }
                return diagnostic
            })
    }

    private static let checksCSCartIgnores: Set<String> = [
        "po.duplicate", "po.newline-mismatch", "po.invalid-plural-forms", "po.missing-plural-forms", "po.plural-count",
        "po.language-mismatch",
    ]

    /// Reads a parsed catalog. `folderLanguage` is the `<lang>` of `var/langs/<lang>/addons/`.
    public static func read(_ catalog: PoCatalog, folderLanguage: String?) -> (CSCartLanguagePack, Diagnostics) {
        var diagnostics = Diagnostics()
        let file = catalog.source
        let header = catalog.header
        let headerOffset = catalog.headerEntry?.origin?.msgstr ?? 0
        var pack = CSCartLanguagePack(values: [])
        pack.name = header["Language-Team"]
        pack.pluralRule = header["Plural-Forms"].flatMap { try? PluralRule(header: $0) }
        if let language = header["Language"], !language.isEmpty {
            // As PHP's explode: `_` alone gives two empty parts, not none.
            let parts = language.split(separator: "_", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            pack.languageCode = parts[0].lowercased()
            pack.countryCode = parts.count > 1 ? parts[1] : nil
            if let folderLanguage, pack.languageCode != folderLanguage.lowercased() {
                diagnostics.append(CSCartDiagnostics.languageMismatch(file, at: headerOffset, language, folderLanguage))
            }
            // CS-Cart's pack meta is valid only with lang_code, name and country_code (spec §4.2).
            if let folderLanguage {
                if pack.countryCode?.isEmpty ?? true {
                    diagnostics.append(
                        CSCartDiagnostics.countryMissing(file, at: headerOffset, language, folderLanguage))
                }
                if pack.name?.isEmpty ?? true {
                    diagnostics.append(CSCartDiagnostics.languageTeamMissing(file, at: headerOffset))
                }
            }
        } else if folderLanguage != nil {
            diagnostics.append(CSCartDiagnostics.languageMissing(file, at: headerOffset))
        }

        var indexByContext: [String: Int] = [:]
        var slots: [Value?] = []
        for entry in catalog.entries where !entry.isObsolete {
            let offset = entry.origin?.msgid ?? 0
            guard let context = entry.msgctxt else {
                diagnostics.append(CSCartDiagnostics.noContext(file, at: offset))
                continue
            }
            let kind = Self.kind(of: context)
            if case .other = kind {
                diagnostics.append(CSCartDiagnostics.unknownContext(file, at: offset, context))
            }
            let joined = entry.msgstr.joined(separator: "|")
            let untranslated = entry.msgstr.allSatisfy(\.isEmpty)
            let value = Value(
                context: context, kind: kind, original: entry.msgid, text: untranslated ? entry.msgid : joined,
                isUntranslated: untranslated, isFuzzy: entry.isFuzzy, location: entry.location)
            if let index = indexByContext[context] {
                diagnostics.append(
                    CSCartDiagnostics.duplicateContext(file, at: offset, context, first: slots[index]?.location))
                slots[index] = nil
            }
            indexByContext[context] = slots.count
            slots.append(value)
        }
        pack.values = slots.compactMap { $0 }
        return (pack, diagnostics)
    }

    /// Splits a context on `::` into its kind.
    public static func kind(of context: String) -> Kind {
        let parts = context.splitOnDoubleColon()
        let type = parts[0]
        switch parts.count {
        case 1 where type == "LanguageName":
            return .languageName
        case 2 where type == "Languages":
            return .languageVariable(name: parts[1])
        case 2 where type == "ProfileFields":
            return .profileField(name: parts[1])
        case 3 where type == "Addons" && parts[1] == "name":
            return .addonName(addon: parts[2])
        case 3 where type == "Addons" && parts[1] == "description":
            return .addonDescription(addon: parts[2])
        case 3 where type == "SettingsSections":
            return .settingsSection(addon: parts[1], section: parts[2])
        case 3 where type == "SettingsOptions":
            return .settingsOption(addon: parts[1], setting: parts[2])
        case 3 where type == "SettingsTooltips":
            return .settingsTooltip(addon: parts[1], setting: parts[2])
        case 4 where type == "SettingsVariants":
            return .settingsVariant(addon: parts[1], setting: parts[2], variant: parts[3])
        default:
            return .other(context)
        }
    }

    /// The rule CS-Cart's languages use for `[n]` plurals (`en` 2 forms, `ru` 3), for `lang check`.
    public static func pluralRule(forLanguage code: String) -> PluralRule? {
        let two = "(n != 1)"
        let slavic = "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"
        let rules: [String: (Int, String)] = [
            "en": (2, two), "de": (2, two), "nl": (2, two), "sv": (2, two), "it": (2, two), "es": (2, two),
            "fr": (2, "(n > 1)"), "ru": (3, slavic), "uk": (3, slavic),
            "ro": (3, "(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2)"),
        ]
        guard let (count, expression) = rules[code.lowercased()] else { return nil }
        return try? PluralRule(nplurals: count, expression: expression)
    }

    /// The `<lang>` of a path `…/langs/<lang>/…`, if the path has that shape.
    public static func folderLanguage(ofPath path: String) -> String? {
        let parts = path.split(separator: "/")
        guard let index = parts.lastIndex(of: "langs"), index + 1 < parts.count - 1 else { return nil }
        let code = parts[index + 1]
        guard (2...3).contains(code.count), code.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        return String(code)
    }
}

extension String {
    /// `Addons::name::x` → `["Addons", "name", "x"]`, left to right (`a:::b` → `["a", ":b"]`).
    fileprivate func splitOnDoubleColon() -> [String] {
        utf8.split(separator: [UInt8(ascii: ":"), UInt8(ascii: ":")], omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
    }
}

/// The messages of the CS-Cart dialect checks.
enum CSCartDiagnostics {
    static func languageMismatch(_ file: SourceFile, at offset: Int, _ header: String, _ folder: String) -> Diagnostic {
        file.diagnostic(
            "po.language-mismatch", .error,
            "header says Language: \(header) but the file is in the \"\(folder)\" folder",
            at: offset,
            hint: "CS-Cart skips the pack's header (po_meta_error_validating_lang_code); set `Language: \(folder)`")
    }

    static func languageMissing(_ file: SourceFile, at offset: Int) -> Diagnostic {
        file.diagnostic(
            "po.language-missing", .warning, "header has no Language field", at: offset,
            hint: "CS-Cart needs `Language: xx_YY` and `Language-Team` to install the pack's header")
    }

    static func countryMissing(_ file: SourceFile, at offset: Int, _ language: String, _ folder: String) -> Diagnostic {
        return file.diagnostic(
            "po.country-missing", .warning, "header says Language: \(language), without a country", at: offset,
            hint: "CS-Cart takes the pack's country code from `Language: xx_YY`, and its pack meta is not valid "
                + "without one (it needs lang_code, name and country_code); write `Language: \(folder.lowercased())_YY`, "
                + "YY the country's two-letter code (en_US, ru_RU, uk_UA)")
    }

    static func languageTeamMissing(_ file: SourceFile, at offset: Int) -> Diagnostic {
        file.diagnostic(
            "po.language-team-missing", .warning, "header has no Language-Team field, or an empty one", at: offset,
            hint: "CS-Cart takes the pack's name from `Language-Team`, and its pack meta is not valid without one "
                + "(it needs lang_code, name and country_code); add `\"Language-Team: English\\n\"` (the language's name)"
        )
    }

    static func noContext(_ file: SourceFile, at offset: Int) -> Diagnostic {
        file.diagnostic(
            "po.no-context", .warning, "entry has no msgctxt; CS-Cart ignores it", at: offset,
            hint: "CS-Cart keys every text by msgctxt, e.g. `msgctxt \"Languages::my_addon.title\"`")
    }

    static func unknownContext(_ file: SourceFile, at offset: Int, _ context: String) -> Diagnostic {
        file.diagnostic(
            "po.unknown-context", .warning, "msgctxt \"\(context)\" is none of CS-Cart's kinds", at: offset,
            hint:
                "use Languages::var, Addons::name::id, SettingsOptions::id::setting, SettingsVariants::id::setting::variant, …"
        )
    }

    static func duplicateContext(_ file: SourceFile, at offset: Int, _ context: String, first: SourceLocation?)
        -> Diagnostic
    {
        file.diagnostic(
            "po.duplicate-context", .warning, "msgctxt \"\(context)\" is defined again; CS-Cart keeps this last one",
            at: offset, hint: "remove the earlier entry",
            notes: first.map { [Diagnostic.Note(message: "the earlier definition is here", location: $0)] } ?? [])
    }
}

import Basics

/// The messages of `lang check`, one factory per finding. Ids are stable (`lang.*`).
enum LanguageDiagnostics {
    static func missing(_ at: SourceLocation?, context: String, file: String) -> Diagnostic {
        Diagnostic(
            "lang.missing", .warning, "\"\(context)\" has no entry in \(file)", at: at,
            hint: "add it to \(file); until then CS-Cart shows the default language's text")
    }

    static func untranslated(_ at: SourceLocation?, context: String) -> Diagnostic {
        Diagnostic(
            "lang.untranslated", .warning, "\"\(context)\" is not translated (empty msgstr)", at: at,
            hint: "CS-Cart stores the English msgid for an empty msgstr; translate it")
    }

    static func fuzzy(_ at: SourceLocation?, context: String) -> Diagnostic {
        Diagnostic(
            "lang.fuzzy", .warning, "\"\(context)\" is marked fuzzy", at: at,
            hint: "CS-Cart imports fuzzy entries as they are; review the translation and remove `#, fuzzy`")
    }

    static func obsolete(_ at: SourceLocation?, context: String) -> Diagnostic {
        Diagnostic(
            "lang.obsolete", .warning, "obsolete entry \"\(context)\" (#~) is never imported", at: at,
            hint: "delete it, or remove the `#~` prefixes if the text is still needed")
    }

    static func extra(_ at: SourceLocation?, context: String, defaultFile: String) -> Diagnostic {
        Diagnostic(
            "lang.extra", .warning, "\"\(context)\" is not in the default language's \(defaultFile)", at: at,
            hint: "add it to \(defaultFile) (its msgid becomes the original) or delete it here")
    }

    static func msgidMismatch(_ at: SourceLocation?, context: String, original: String) -> Diagnostic {
        Diagnostic(
            "lang.msgid-mismatch", .warning, "\"\(context)\" has a different msgid than the default language's", at: at,
            hint: "every language keeps the default language's msgid: \"\(original)\"")
    }

    static func placeholders(_ at: SourceLocation?, context: String, missing: [String], added: [String]) -> Diagnostic {
        var parts: [String] = []
        if !missing.isEmpty { parts.append("lacks \(missing.joined(separator: " "))") }
        if !added.isEmpty { parts.append("adds \(added.joined(separator: " "))") }
        return Diagnostic(
            "lang.placeholders", .error,
            "translation of \"\(context)\" \(parts.joined(separator: " and ")) against the original",
            at: at, hint: "__() replaces placeholders literally; keep exactly the original's [name], %s, %d and {…}")
    }

    static func htmlTags(
        _ at: SourceLocation?, context: String, form: Int?, original: [String], translated: [String]
    ) -> Diagnostic {
        let what = form.map { "plural form \($0) of the translation" } ?? "translation"
        return Diagnostic(
            "lang.html-tags", .warning,
            "\(what) of \"\(context)\" has HTML tags \(show(translated)) but the original has \(show(original))",
            at: at,
            hint: "keep the original's tags (links, line breaks) in the translation, in every plural form")
    }

    static func pluralForms(
        _ at: SourceLocation?, context: String, found: Int, expected: Int, language: String, rule: String
    )
        -> Diagnostic
    {
        Diagnostic(
            "lang.plural-forms", .error,
            "\"\(context)\" has \(found) plural form\(found == 1 ? "" : "s"); \(language) has \(expected) (\(rule))",
            at: at,
            hint: "give exactly \(expected) forms separated by `|` (or msgstr[0…\(expected - 1)])")
    }

    static func missingPluralForms(_ at: SourceLocation?, language: String, rule: String) -> Diagnostic {
        Diagnostic(
            "lang.missing-plural-forms", .warning, "the file uses plurals but its header has no Plural-Forms", at: at,
            hint: "add `\"Plural-Forms: \(rule)\\n\"` (CS-Cart's rule for \(language))")
    }

    static func settingText(_ at: SourceLocation?, context: String, what: String, file: String) -> Diagnostic {
        Diagnostic(
            "lang.missing-setting-text", .warning, "\(what) has no text in \(file) (\"\(context)\")", at: at,
            hint: "add `msgctxt \"\(context)\"` to \(file); without it the admin shows the XML name or the id")
    }

    static func unknownSettingContext(_ at: SourceLocation?, context: String, what: String) -> Diagnostic {
        Diagnostic(
            "lang.unknown-setting-context", .warning, "\"\(context)\" names no \(what) of addon.xml", at: at,
            hint: "fix the id in the context or delete the entry; CS-Cart never shows it")
    }

    static func noFiles(_ id: String) -> Diagnostic {
        Diagnostic(
            "lang.no-files", .warning, "\(id) has no .po files (var/langs/<lang>/addons/\(id).po)", at: nil,
            hint: "scheme 3.0 add-ons read names and labels from .po files")
    }

    private static func show(_ tags: [String]) -> String { tags.isEmpty ? "none" : tags.joined(separator: " ") }
}

import Basics

/// The messages of the Gettext module, one factory per problem. Ids are stable (`po.*`); where GNU
/// msgfmt reports the same problem its wording is quoted in the hint so people can search for it.
enum PoDiagnostics {
    static func syntax(_ file: SourceFile, at offset: Int, found: String) -> Diagnostic {
        file.diagnostic(
            "po.syntax", .error, "unexpected \(found)", at: offset,
            hint: "an entry is `msgctxt` (optional), `msgid`, then `msgstr`, each followed by a quoted string")
    }

    static func unterminatedString(_ file: SourceFile, at offset: Int, atEOF: Bool) -> Diagnostic {
        file.diagnostic(
            "po.unterminated-string", .error, atEOF ? "end of file within a string" : "end of line within a string",
            at: offset,
            hint: "close the string with `\"`; write a line break as `\\n` and continue on a new `\"…\"` line")
    }

    static func invalidEscape(_ file: SourceFile, at offset: Int, sequence: String) -> Diagnostic {
        file.diagnostic(
            "po.invalid-escape", .error, "invalid escape sequence `\(sequence)`", at: offset,
            hint:
                "gettext accepts \\n \\t \\r \\b \\f \\v \\a \\\\ \\\" and octal or \\x hex; write a backslash as `\\\\`"
        )
    }

    static func contextSeparator(_ file: SourceFile, at offset: Int) -> Diagnostic {
        file.diagnostic(
            "po.context-separator", .error, "string contains the context separator <EOT> (\\x04)", at: offset,
            hint: "remove the \\004 character; a .mo file cannot represent it")
    }

    static func unknownKeyword(_ file: SourceFile, at offset: Int, _ word: String) -> Diagnostic {
        file.diagnostic(
            "po.unknown-keyword", .error, "keyword \"\(word)\" unknown", at: offset,
            hint:
                "text outside quotes is read as a keyword; is a string missing its opening `\"` or escaping of a `\"` inside?"
        )
    }

    static func missingMsgstr(_ file: SourceFile, at offset: Int, plural: Bool) -> Diagnostic {
        file.diagnostic(
            "po.missing-msgstr", .error, plural ? "missing `msgstr[]` section" : "missing `msgstr` section", at: offset,
            hint: plural ? "add `msgstr[0] \"…\"` and the other plural forms" : "add `msgstr \"…\"` after the msgid")
    }

    static func missingMsgidPlural(_ file: SourceFile, at offset: Int) -> Diagnostic {
        file.diagnostic(
            "po.missing-msgid-plural", .error, "missing `msgid_plural` section", at: offset,
            hint: "`msgstr[n]` forms need a `msgid_plural \"…\"` line; use plain `msgstr` for a singular entry")
    }

    static func pluralIndex(_ file: SourceFile, at offset: Int, first: Bool) -> Diagnostic {
        file.diagnostic(
            "po.plural-index", .error, first ? "first plural form has nonzero index" : "plural form has wrong index",
            at: offset, hint: "number the forms msgstr[0], msgstr[1], … in order")
    }

    static func inconsistentObsolete(_ file: SourceFile, at offset: Int) -> Diagnostic {
        file.diagnostic(
            "po.inconsistent-obsolete", .error, "inconsistent use of #~", at: offset,
            hint: "prefix every line of an obsolete entry with `#~`, or none")
    }

    static func domain(_ file: SourceFile, at offset: Int) -> Diagnostic {
        file.diagnostic(
            "po.domain-directive", .error, "`domain` directive is not supported in a single catalog", at: offset,
            hint: "msgfmt -o ignores it (\"'domain' directive ignored\"); split the file per domain")
    }

    static func byteOrderMark(_ file: SourceFile) -> Diagnostic {
        file.diagnostic(
            "po.byte-order-mark", .error, "file starts with a UTF-8 byte order mark", at: 0,
            hint: "save the file as UTF-8 without BOM; GNU msgfmt rejects it")
    }

    static func invalidUTF8(_ file: SourceFile, at offset: Int) -> Diagnostic {
        file.diagnostic(
            "po.invalid-utf8", .error, "invalid UTF-8 byte sequence", at: offset,
            hint:
                "the store and CS-Cart read .po files as UTF-8: convert the file with `msgconv --to-code=UTF-8` "
                + "when its header names its real charset, else with `iconv -f CHARSET -t UTF-8` (CP1251, say), "
                + "and declare `charset=UTF-8`")
    }

    static func nulByte(_ file: SourceFile, at offset: Int) -> Diagnostic {
        file.diagnostic(
            "po.nul-byte", .error, "string contains a NUL byte", at: offset,
            hint: "remove it: gettext ends the text there (a .mo keeps only what comes before), so the text would "
                + "differ between tools")
    }

    static func duplicate(_ file: SourceFile, at offset: Int, first: SourceLocation?) -> Diagnostic {
        file.diagnostic(
            "po.duplicate", .error, "duplicate message definition", at: offset,
            hint: "remove one of the two entries with the same msgctxt and msgid",
            notes: first.map { [Diagnostic.Note(message: "the first definition is here", location: $0)] } ?? [])
    }

    static func newline(_ file: SourceFile, at offset: Int, field: String, begin: Bool) -> Diagnostic {
        let place = begin ? "begin" : "end"
        return file.diagnostic(
            "po.newline-mismatch", .error, "`msgid` and `\(field)` do not both \(place) with \\n", at: offset,
            hint: "make the translation \(place) with a line break exactly when the original does")
    }

    static func invalidPluralForms(_ file: SourceFile, at offset: Int, _ problem: String) -> Diagnostic {
        file.diagnostic(
            "po.invalid-plural-forms", .error, "invalid Plural-Forms: \(problem)", at: offset,
            hint: "write it as `Plural-Forms: nplurals=2; plural=(n != 1);`")
    }

    static func formatInvalid(
        _ file: SourceFile, at offset: Int, _ language: FormatString.Language, field: String, originalField: String,
        reason: String
    ) -> Diagnostic {
        file.diagnostic(
            "po.format", .error,
            "`\(field)` is not a valid \(language.rawValue) format string, unlike `\(originalField)`: \(reason)",
            at: offset, hint: formatHint(language))
    }

    static func formatMismatch(
        _ file: SourceFile, at offset: Int, _ language: FormatString.Language, _ mismatch: FormatString.Mismatch,
        field: String, text: String, originalField: String, original: String
    ) -> Diagnostic {
        func shown(_ argument: FormatString.Argument, in text: String) -> String {
            "`" + String(decoding: Array(text.utf8)[argument.directive], as: UTF8.self) + "`"
        }
        let message =
            switch mismatch {
            case .extra(let argument):
                "`\(field)` takes argument \(argument.number) (\(shown(argument, in: text))), which `\(originalField)` does not"
            case .missing(let argument):
                "`\(field)` lacks argument \(argument.number) of `\(originalField)` (\(shown(argument, in: original)))"
            case .differs(let wanted, let given):
                "argument \(wanted.number) is \(shown(wanted, in: original)) in `\(originalField)` but \(shown(given, in: text)) in `\(field)`"
            }
        return file.diagnostic(
            "po.format", .error, "\(language.rawValue) format: \(message)", at: offset, hint: formatHint(language))
    }

    private static func formatHint(_ language: FormatString.Language) -> String {
        let flag = language == .c ? "c-format" : "php-format"
        return
            "the entry is flagged \(flag): keep the original's directives, in any order (`%2$s %1$d`), and write a "
            + "literal percent sign as `%%` (msgfmt: \"format specifications in 'msgid' and 'msgstr' ... are not the same\")"
    }

    static func missingPluralForms(_ file: SourceFile, at offset: Int, header: SourceLocation?) -> Diagnostic {
        file.diagnostic(
            "po.missing-plural-forms", .error, "catalog has plural translations but the header has no Plural-Forms",
            at: offset, hint: "add `\"Plural-Forms: nplurals=…; plural=…;\\n\"` to the header",
            notes: header.map { [Diagnostic.Note(message: "the header is here", location: $0)] } ?? [])
    }

    static func pluralCount(_ file: SourceFile, at offset: Int, nplurals: Int, found: Int, entry: SourceLocation?)
        -> Diagnostic
    {
        file.diagnostic(
            "po.plural-count", .error, "nplurals = \(nplurals) but an entry has \(found) plural forms", at: offset,
            hint: "give every plural entry exactly nplurals msgstr[n] forms",
            notes: entry.map { [Diagnostic.Note(message: "this entry has \(found) forms", location: $0)] } ?? [])
    }

    static func headerMissing(_ file: SourceFile) -> Diagnostic {
        file.diagnostic(
            "po.header-missing", .warning, "PO file header missing", at: 0,
            hint: "start the file with `msgid \"\"` / `msgstr \"Content-Type: text/plain; charset=UTF-8\\n\"`")
    }

    static func charset(_ file: SourceFile, at offset: Int, _ charset: String?) -> Diagnostic {
        file.diagnostic(
            "po.charset", .warning,
            charset.map { "charset \"\($0)\" is not UTF-8; strings are read as UTF-8" } ?? "header declares no charset",
            at: offset, hint: "declare `Content-Type: text/plain; charset=UTF-8` and save the file as UTF-8")
    }
}

import Basics
import Gettext
import Testing

struct PoParserTests {
    @Test func readsEveryPartOfAnEntry() {
        let (catalog, diagnostics) = parse(
            """
            msgid ""
            msgstr "Content-Type: text/plain; charset=UTF-8\\n"

            # note
            #. extracted
            #: a.tpl:1
            #, fuzzy, php-format
            #| msgctxt "old"
            #| msgid "was"
            msgctxt "Languages::x"
            msgid "a" "b"
            msgid_plural "ab"
            msgstr[0] "x\\ty"
            msgstr[1] "\\x41\\101\\"\\\\"

            #~ msgid "gone"
            #~ msgstr "ушло"

            """)
        #expect(!diagnostics.hasErrors)
        #expect(catalog.header.charset == "UTF-8")
        let entry = catalog.entries[0]
        #expect(entry.msgctxt == "Languages::x")
        #expect(entry.msgid == "ab")
        #expect(entry.msgidPlural == "ab")
        #expect(entry.msgstr == ["x\ty", "AA\"\\"])
        #expect(entry.flags == ["fuzzy", "php-format"])
        #expect(entry.translatorComments == ["note"])
        #expect(entry.extractedComments == ["extracted"])
        #expect(entry.references == ["a.tpl:1"])
        #expect(entry.previous == PoPrevious(msgctxt: "old", msgid: "was"))
        #expect(entry.location?.line == 11)
        #expect(entry.msgstrLocation?.line == 13)
        #expect(catalog.entries[1].isObsolete && catalog.entries[1].msgstr == ["ушло"])
    }

    @Test func reportsABadEscapeAtItsColumn() {
        let (_, diagnostics) = parse("msgid \"a\"\nmsgstr \"b\\qc\"\n")
        let error = diagnostics.errors.first
        #expect(error?.id == "po.invalid-escape")
        #expect(error?.location?.line == 2)
        #expect(error?.location?.column == 10)
    }

    @Test func withoutCheckingOnlyWhatMsgfmtAlwaysRefusesIsReported() {
        let header = """
            msgid ""
            msgstr "Content-Type: text/plain; charset=UTF-8\\n"
            "Plural-Forms: nplurals=2; plural=n/0;\\n"

            msgid "a"
            msgstr "b\\n"

            """
        let checked = SourceFile(path: "ru.po", text: header)
        #expect(Set(PoParser.parse(checked).1.all.map(\.id)) == ["po.invalid-plural-forms", "po.newline-mismatch"])
        #expect(PoParser.parse(checked, checking: false).1.isEmpty)
        let duplicate = SourceFile(path: "ru.po", text: header + "\nmsgid \"a\"\nmsgstr \"c\"\n")
        #expect(PoParser.parse(duplicate, checking: false).1.all.map(\.id) == ["po.duplicate"])
    }

    @Test func keepsReadingAfterAnError() {
        let (catalog, diagnostics) = parse("msgid \"a\"\n\nmsgid \"b\"\nmsgstr \"c\"\n")
        #expect(diagnostics.errors.map(\.id) == ["po.missing-msgstr"])
        #expect(catalog.entries.map(\.msgid) == ["b"])
    }

    /// Entries may share a line; each keeps its own span of it (the parser stops its walks along
    /// the line at the neighbouring entries, rather than going to the line's ends).
    @Test func entriesOnOneLineKeepTheirOwnText() {
        let line = (0..<300).map { "msgid \"a\($0)\" msgstr \"b\($0)\" " }.joined()
        let text =
            "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n" + line
            + "\n# next\nmsgid \"z\"\nmsgstr \"y\"\n"
        let (catalog, diagnostics) = parse(text)
        #expect(diagnostics.isEmpty)
        #expect(catalog.entries.map(\.msgid) == (0..<300).map { "a\($0)" } + ["z"])
        #expect(
            catalog.entries[299].location.map { "\($0.line):\($0.column)" }
                == "4:\(line.utf8.count - "msgid \"a299\" msgstr \"b299\" ".utf8.count + 1)")
        #expect(PoWriter.text(catalog) == text)
        var edited = catalog
        edited.entries[1].msgstr = ["B1"]
        #expect(PoWriter.text(edited).contains("msgid \"a0\" msgstr \"b0\" "))
        #expect(
            parse(PoWriter.text(edited)).0.entries.map(\.msgstr)
                == catalog.entries.map(\.msgstr).enumerated().map { $0.offset == 1 ? ["B1"] : $0.element })
    }

    /// Recovery after a message without msgstr: each of the 50,000 on the line is read (one error
    /// for the line), and finding where each starts no longer walks back to the line's start.
    @Test func manyMessagesWithoutMsgstrOnOneLineAreOneError() {
        let (catalog, diagnostics) = parse(
            "msgid \"\"\nmsgstr \"\"\n\n" + String(repeating: "msgid \"a\" ", count: 50_000) + "\n")
        #expect(diagnostics.errors.map(\.id) == ["po.missing-msgstr"])
        #expect(diagnostics.errors.first?.location.map { "\($0.line):\($0.column)" } == "4:1")
        #expect(catalog.entries.isEmpty)
    }

    @Test func aNulEscapeEndsTheStringAsInGettext() {
        let (catalog, _) = parse("msgid \"a\"\nmsgstr \"b\\0c\"\n")
        #expect(catalog.entries[0].msgstr == ["b"])
    }

    @Test func backslashNewlineJoinsLines() {
        let (catalog, diagnostics) = parse("msgid \"a\"\nmsgstr \"b\\\nc\"\n")
        #expect(!diagnostics.hasErrors)
        #expect(catalog.entries[0].msgstr == ["bc"])
    }

    /// The store and CS-Cart read .po files as UTF-8: bytes that are not (a CP1251 file, say)
    /// are an error wherever the header is and whatever charset it names, one per line.
    @Test(arguments: ["charset=CHARSET", "charset=windows-1251", "charset=UTF-8", nil])
    func bytesThatAreNotUTF8AreAnError(_ charset: String?) {
        let header = charset.map { "msgid \"\"\nmsgstr \"Content-Type: text/plain; \($0)\\n\"\n\n" } ?? ""
        let bytes = Array((header + "msgid \"a\"\nmsgstr \"").utf8) + [0xCF, 0xF0, 0xE8, 0xE2] + Array("\"\n".utf8)
        let (_, diagnostics) = PoParser.parse(SourceFile(path: "ru.po", bytes: bytes))
        let error = diagnostics.errors.first
        #expect(diagnostics.errors.map(\.id) == ["po.invalid-utf8"])
        #expect(error.flatMap(\.location).map { "\($0.line):\($0.column)" } == "\(charset == nil ? 2 : 5):9")
        #expect(error?.hint?.contains("msgconv --to-code=UTF-8") == true)
    }

    /// A charset other than UTF-8 is still named in a warning when the text itself is UTF-8.
    @Test func aDeclaredCharsetOtherThanUTF8IsAWarning() {
        let (_, diagnostics) = parse(
            "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=windows-1251\\n\"\n\nmsgid \"a\"\nmsgstr \"б\"\n")
        #expect(diagnostics.all.map(\.id) == ["po.charset"])
    }

    /// gettext cuts a string at a NUL byte; a raw one in a .po is never meant, and storing the text
    /// whole would make it differ from what msgfmt makes of the same file: an error.
    @Test func aRawNulByteIsAnError() {
        let bytes = Array("msgid \"a\"\nmsgstr \"b".utf8) + [0] + Array("c\"\n".utf8)
        let (_, diagnostics) = PoParser.parse(SourceFile(path: "x.po", bytes: bytes))
        #expect(diagnostics.errors.map(\.id) == ["po.nul-byte"])
        #expect(diagnostics.errors.first?.location.map { "\($0.line):\($0.column)" } == "2:10")
    }

    /// gettext takes the first `msgid ""` without context as the header wherever it is; the
    /// writer puts it back where it was.
    @Test func theHeaderIsTakenWhereverItIs() {
        let header = """
            msgid ""
            msgstr "Content-Type: text/plain; charset=UTF-8\\n"
            "Plural-Forms: nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;\\n"
            """
        let first = "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"x\"\nmsgstr[1] \"y\"\nmsgstr[2] \"z\"\n"
        let text = first + "\n" + header + "\n\nmsgid \"b\"\nmsgstr \"c\"\n"
        let (catalog, diagnostics) = parse(text)
        #expect(diagnostics.isEmpty, "\(diagnostics.all)")
        #expect(catalog.header["Plural-Forms"]?.hasPrefix("nplurals=3") == true)
        #expect(catalog.headerEntry?.location?.line == 7)
        #expect(catalog.entries.map(\.msgid) == ["a", "b"])
        #expect(PoWriter.text(catalog) == text)
        var edited = catalog
        edited.entries[1].msgstr = ["d"]
        #expect(PoWriter.text(edited) == first + "\n" + header + "\n\nmsgid \"b\"\nmsgstr \"d\"\n")
        // A second such entry is a duplicate of the header, as in msgfmt.
        #expect(parse(text + "\nmsgid \"\"\nmsgstr \"\"\n").1.errors.map(\.id) == ["po.duplicate"])
    }

    /// msgl-check.c reads Plural-Forms only when it has both `nplurals=` and `plural=`, and misses
    /// either only in a catalog with plural entries.
    @Test(arguments: ["Plural-Forms: \\n", "Plural-Forms: nplurals=1;\\n", "Plural-Forms: plural=n != 1;\\n"])
    func anIncompletePluralFormsIsFineWithoutPluralEntries(_ field: String) {
        let header = "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\"\(field)\"\n\n"
        #expect(parse(header + "msgid \"a\"\nmsgstr \"b\"\n").1.isEmpty)
        let plural = parse(header + "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"b\"\nmsgstr[1] \"c\"\n").1
        #expect(plural.errors.map(\.id) == ["po.missing-plural-forms"])
        #expect(plural.errors.first?.location?.line == 7)
    }

    /// gettext's lexer drops a backslash-newline wherever it is (po-lex.c lex_getc): in a keyword,
    /// in a comment, after an escaped backslash. Locations stay those of the file.
    @Test func backslashNewlineIsDroppedEverywhere() {
        let text = """
            msgid ""
            msgstr "Content-Type: text/plain; charset=UTF-8\\n"

            # note \\
            continued
            msg\\
            id "a\\n"
            msgstr "x\\\\
            n"

            msgid "b"
            msgstr "c\\q"

            """
        let (catalog, diagnostics) = parse(text)
        #expect(catalog.entries.first?.msgid == "a\n")
        #expect(catalog.entries.first?.msgstr == ["x\n"])
        #expect(catalog.entries.first?.translatorComments == ["note continued"])
        #expect(catalog.entries.first.flatMap(\.location).map { "\($0.line):\($0.column)" } == "6:1")
        #expect(catalog.entries.first.flatMap(\.msgstrLocation).map { "\($0.line):\($0.column)" } == "8:1")
        #expect(diagnostics.errors.map(\.id) == ["po.invalid-escape"])
        #expect(diagnostics.errors.first?.location.map { "\($0.line):\($0.column)" } == "12:10")
        #expect(PoWriter.text(catalog) == text)
        // A comment continued onto the msgid line swallows it: msgfmt's syntax error at the msgstr.
        let swallowed = parse("# path C:\\\nmsgid \"a\"\nmsgstr \"b\"\n").1
        #expect(swallowed.errors.map(\.id) == ["po.syntax"])
        #expect(swallowed.errors.first?.location.map { "\($0.line):\($0.column)" } == "3:1")
    }

    @Test func warnsWhenTheHeaderIsMissing() {
        let (_, diagnostics) = parse("msgid \"a\"\nmsgstr \"b\"\n")
        #expect(diagnostics.warnings.map(\.id) == ["po.header-missing"])
    }
}

struct PluralRuleTests {
    @Test func russianRulePicksThreeForms() throws {
        let rule = try PluralRule(
            header:
                "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
        )
        #expect(rule.nplurals == 3)
        #expect(try [1, 2, 5, 11, 21, 22, 25, 111, 112].map { try rule.form(for: $0) } == [0, 1, 2, 2, 0, 1, 2, 2, 2])
        #expect(rule.validate() == nil)
    }

    @Test func everyOperatorEvaluates() throws {
        let rule = try PluralRule(
            nplurals: 9,
            expression: "!(n > 3) + (n >= 3) * 2 - (n <= 1) + (n < 9) / 1 + n % 2 + (n == 4 || n != 4 && 0)")
        // n=4: !(1)=0 + 1*2 - 0 + 1 + 0 + 1 = 4
        #expect(try rule.form(for: 4) == 4)
        // n=0: 1 + 0 - 1 + 1 + 0 + 0
        #expect(try rule.form(for: 0) == 1)
    }

    @Test func rejectsWhatGettextRejects() throws {
        #expect(throws: PluralRule.Failure.self) { try PluralRule(header: "nplurals=2; plural=n !!= 1;") }
        #expect(throws: PluralRule.Failure.self) { try PluralRule(header: "plural=n;") }
        let division = try PluralRule(header: "nplurals=2; plural=1/(n-3);")
        #expect(division.validate() != nil)
        let tooLarge = try PluralRule(header: "nplurals=2; plural=n;")
        #expect(tooLarge.validate()?.message.contains("as large as 2") == true)
    }
}

@Suite struct PluralRuleLimitTests {
    @Test(arguments: [
        String(repeating: "(", count: 101) + "n" + String(repeating: ")", count: 101),
        String(repeating: "!", count: 200) + "n",
        Array(repeating: "n==1", count: 300).joined(separator: " || "),
    ])
    func hostileExpressionsAreRefusedNotOverflowed(_ expression: String) {
        #expect(throws: PluralRule.Failure.self) { try PluralRule(nplurals: 2, expression: expression) }
    }

    @Test func russianRuleStillParses() throws {
        let rule = try PluralRule(
            nplurals: 3,
            expression: "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)")
        #expect(try rule.form(for: 1) == 0)
        #expect(try rule.form(for: 3) == 1)
        #expect(try rule.form(for: 11) == 2)
    }
}

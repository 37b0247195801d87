import Basics
import Testing

@Suite struct SourceFileTests {
    @Test func offsetsBecomeLinesAndColumnsCountingScalars() {
        let file = SourceFile(path: "a.po", text: "msgid \"x\"\nmsgstr \"Привет\" oops\n")
        // "oops" starts after 'msgstr "Привет" ' = 16 scalars on line 2.
        let offset = Array("msgid \"x\"\nmsgstr \"Привет\" ".utf8).count
        let location = file.location(at: offset)
        #expect(location.line == 2)
        #expect(location.column == 17)
        #expect(file.offset(line: 2, column: 17) == offset)
        #expect(file.lineText(2) == "msgstr \"Привет\" oops")
    }

    @Test func crlfLineEndsAreNotPartOfTheLine() {
        let file = SourceFile(path: "a", text: "one\r\ntwo\r\n")
        #expect(file.lineText(1) == "one")
        #expect(file.location(at: 5).line == 2)
    }

    @Test func diagnosticsPrintAsACompilerDoes() {
        let file = SourceFile(path: "addon.xml", text: "<addon>\n    <type>text</type>\n</addon>\n")
        let diagnostic = file.diagnostic(
            "manifest.unknown-setting-type", .error, "unknown setting type \"text\"", line: 2, column: 11,
            hint: "did you mean \"input\"?")
        #expect(
            DiagnosticPrinter.render(diagnostic) == """
                addon.xml:2:11: error: unknown setting type "text" [manifest.unknown-setting-type]
                 2 |     <type>text</type>
                   |           ^
                  hint: did you mean "input"?
                """)
        #expect(DiagnosticPrinter.summary(Diagnostics([diagnostic])) == "1 error, 0 warnings")
    }

    @Test func theCaretCountsColumnsNotBytesAndTabsAsFourSpaces() {
        let file = SourceFile(path: "ru.po", text: "\tПривет x\n")
        let printed = DiagnosticPrinter.render(file.diagnostic("po.syntax", .error, "unexpected text", line: 1, column: 9))
        #expect(printed.split(separator: "\n").dropFirst().map(String.init) == [" 1 |     Привет x", "   |            ^"])
    }

    @Test func aLongLineIsShownAsTheColumnsAroundTheCaret() {
        let line = String(repeating: "a", count: 500) + "\tBAD" + String(repeating: "b", count: 100_000)
        let file = SourceFile(path: "huge.po", text: "msgid \"\"\n" + line + "\n")
        let diagnostic = file.diagnostic("po.syntax", .error, "unexpected text", line: 2, column: 502)
        let printed = DiagnosticPrinter.render(diagnostic).split(separator: "\n").map(String.init)
        #expect(printed[1] == " 2 | ..." + String(repeating: "a", count: 59) + "    BAD" + String(repeating: "b", count: 57) + "...")
        let caret = printed[2].firstIndex(of: "^").map { printed[2].distance(from: printed[1].startIndex, to: $0) }
        #expect(caret == printed[1].distance(from: printed[1].startIndex, to: printed[1].firstIndex(of: "B")!))
    }
}

@Suite struct JSONTests {
    @Test func writesAndReadsBack() throws {
        let value: JSONValue = .object([
            ("name", .string("Привет \"x\"\n")), ("n", .int(-3)), ("f", .double(1.5)), ("ok", .bool(true)),
            ("none", .null), ("list", .array([.int(1), .string("\u{01}")])),
        ])
        #expect(try JSONValue.parse(value.compact) == value)
        #expect(try JSONValue.parse(value.pretty) == value)
        #expect(value.compact == #"{"name":"Привет \"x\"\n","n":-3,"f":1.5,"ok":true,"none":null,"list":[1,"\u0001"]}"#)
    }

    @Test func reportsWhereTheSyntaxBreaks() {
        #expect(throws: Diagnostic.self) { try JSONValue.parse("{\"a\": [1, 2,, 3]}") }
        do {
            _ = try JSONValue.parse("{\n  \"a\": tru\n}", path: "vars.json")
        } catch {
            #expect(error.location?.line == 2)
            #expect(error.location?.file == "vars.json")
        }
    }

    @Test func surrogatePairsDecode() throws {
        #expect(try JSONValue.parse(#""\ud83d\ude00""#) == .string("😀"))
    }
}

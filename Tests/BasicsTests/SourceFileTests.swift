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
        #expect(file.excerpt(line: 2, column: 17) == SourceExcerpt(text: "msgstr \"Привет\" oops", caretIndent: 16))
    }

    /// A location near the last one on its line is counted from it; asked in any order, every
    /// location, offset and excerpt is what a fresh file (nothing remembered) gives.
    @Test func locationsInAnyOrderAreTheSame() {
        let text = "ab\tП😀x\r\n\nПривет, мир 😀 \u{0}é\n" + String(repeating: "яz", count: 50)
        let offsets = Array(0...text.utf8.count)
        let fresh = offsets.map { SourceFile(path: "a", text: text).location(at: $0) }
        let file = SourceFile(path: "a", text: text)
        var generator = SystemRandomNumberGenerator()
        for order in [offsets, offsets.reversed(), offsets.shuffled(using: &generator), offsets.map { $0 / 2 }] {
            for offset in order { #expect(file.location(at: offset) == fresh[offset], "offset \(offset)") }
        }
        #expect(file.location(at: -5) == fresh[0])
        #expect(file.location(at: text.utf8.count + 9) == fresh[text.utf8.count])

        // And back, from a line and column to the offset and the excerpt, mixed with the above.
        let places = (1...4).flatMap { line in (0...110).map { (line, $0) } }
        let expected = places.map { line, column in
            (
                SourceFile(path: "a", text: text).offset(line: line, column: column),
                SourceFile(path: "a", text: text).excerpt(line: line, column: column)
            )
        }
        for order in [Array(places.indices), places.indices.reversed(), places.indices.shuffled(using: &generator)] {
            for index in order {
                let (line, column) = places[index]
                #expect(file.offset(line: line, column: column) == expected[index].0, "\(line):\(column)")
                #expect(file.excerpt(line: line, column: column) == expected[index].1, "\(line):\(column)")
                _ = file.location(at: (index * 7919) % text.utf8.count)
            }
        }
    }

    @Test func crlfLineEndsAreNotPartOfTheLine() {
        let file = SourceFile(path: "a", text: "one\r\ntwo\r\n")
        #expect(file.excerpt(line: 1, column: 9)?.text == "one")
        #expect(file.diagnostic("x", .error, "x", at: 3).excerpt == SourceExcerpt(text: "one", caretIndent: 3))
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

    /// A hostile package's file names and contents reach diagnostics: an escape sequence would
    /// restyle the terminal, a newline or carriage return would forge a line of its own.
    @Test func controlCharactersArePrintedAsTheirCodes() {
        let file = SourceFile(path: "hooks/x\u{1B}[31m.tpl", text: "{$a\u{1B}]0;title\u{07}\r} x\n")
        let diagnostic = file.diagnostic(
            "templates.syntax", .error, "unexpected \"\u{1B}]0;\"\nfake.tpl:1:1: error: forged", line: 1, column: 17,
            hint: "remove \u{9B}2J")
        #expect(
            DiagnosticPrinter.render(diagnostic) == """
                hooks/x<U+001B>[31m.tpl:1:17: error: unexpected "<U+001B>]0;"<U+000A>fake.tpl:1:1: error: forged [templates.syntax]
                 1 | {$a<U+001B>]0;title<U+0007><U+000D>} x
                   |                                      ^
                  hint: remove <U+009B>2J
                """)
        #expect("tab\tstays".showingControlCharacters == "tab\tstays")
    }

    @Test func theCaretCountsColumnsNotBytesAndTabsAsFourSpaces() {
        let file = SourceFile(path: "ru.po", text: "\tПривет x\n")
        let printed = DiagnosticPrinter.render(
            file.diagnostic("po.syntax", .error, "unexpected text", line: 1, column: 9))
        #expect(
            printed.split(separator: "\n").dropFirst().map(String.init) == [" 1 |     Привет x", "   |            ^"])
    }

    @Test func aLongLineIsShownAsTheColumnsAroundTheCaret() {
        let line = String(repeating: "a", count: 500) + "\tBAD" + String(repeating: "b", count: 100_000)
        let file = SourceFile(path: "huge.po", text: "msgid \"\"\n" + line + "\n")
        let diagnostic = file.diagnostic("po.syntax", .error, "unexpected text", line: 2, column: 502)
        let printed = DiagnosticPrinter.render(diagnostic).split(separator: "\n").map(String.init)
        #expect(
            printed[1] == " 2 | ..." + String(repeating: "a", count: 59) + "    BAD" + String(repeating: "b", count: 57)
                + "...")
        let caret = printed[2].firstIndex(of: "^").map { printed[2].distance(from: printed[1].startIndex, to: $0) }
        #expect(caret == printed[1].distance(from: printed[1].startIndex, to: printed[1].firstIndex(of: "B")!))
    }

    /// The excerpt reads only the columns it shows; it must show what cutting the whole line
    /// would: checked at every column of lines around the width, with tabs, Cyrillic, emoji and
    /// control characters (C0, DEL, C1), and a line end of "\r\n", reached from a line and column
    /// and from a byte offset.
    @Test func theExcerptIsTheWindowOfTheWholeLineAtEveryColumn() {
        let pieces = ["a", "\t", "П", "😀", "b", "\u{1B}", "\u{9B}", "\u{7F}"]
        for length in [0, 1, 59, 60, 61, 119, 120, 121, 122, 181, 300] {
            let scalars = (0..<length).map { pieces[($0 * 7 + $0 / 3) % pieces.count] }
            let line = scalars.joined()
            for lineEnd in ["\n", "\r\n"] {
                let file = SourceFile(path: "a.po", text: "first\n" + line + lineEnd + "last")
                var offset = "first\n".utf8.count
                // Past the text, up to the "\n" itself: the caret stays after the last column.
                for column in 1...(length + lineEnd.utf8.count) {
                    let expected = wholeLineWindow(line, column: column)
                    #expect(file.excerpt(line: 2, column: column) == expected, "length \(length), column \(column)")
                    #expect(file.diagnostic("x", .error, "x", at: offset).excerpt == expected, "offset \(offset)")
                    offset += column <= length ? scalars[column - 1].utf8.count : 1
                }
            }
        }
    }

    /// The window cut from the whole line, as the printer did before it read only the window.
    private func wholeLineWindow(_ line: String, column: Int) -> SourceExcerpt {
        let scalars = Array(line.unicodeScalars)
        let width = SourceExcerpt.width
        let caret = min(max(column - 1, 0), scalars.count)
        var first = 0
        var last = scalars.count
        if scalars.count > width {
            first = max(0, min(caret - width / 2, scalars.count - width))
            last = first + width
        }
        func shown(_ part: ArraySlice<Unicode.Scalar>) -> String {
            part.map { $0 == "\t" ? "    " : $0.isShownAsCode ? $0.code : String($0) }.joined()
        }
        let prefix = first > 0 ? "..." : ""
        return SourceExcerpt(
            text: prefix + shown(scalars[first..<last]) + (last < scalars.count ? "..." : ""),
            caretIndent: prefix.count + shown(scalars[first..<max(first, caret)]).count)
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

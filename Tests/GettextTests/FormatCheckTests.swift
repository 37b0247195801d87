import Basics
import Foundation
import Gettext
import TestSupport
import Testing

/// `#, c-format` and `#, php-format` entries: msgfmt --check compares the translation's directives
/// with the original's. Each case is an entry of one file; msgfmt decides which are wrong, by line.
@Suite(.enabled(if: Oracle.available, "needs GNU gettext (msgfmt, msgunfmt); `make deps` installs it"))
struct FormatCheckTests {
    struct Case {
        var flags: String
        var msgid: String
        var plural: String? = nil
        var msgstr: [String]
    }

    static let english = "nplurals=2; plural=(n != 1);"
    static let russian =
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"

    /// Singular entries: swapped, missing and extra directives, positions, `%%`, flags, widths,
    /// precisions, sizes, and strings that are no valid format (gettext 0.21's reading of each).
    static let singular: [Case] = [
        // C
        Case(flags: "c-format", msgid: "%d of %s", msgstr: ["%s of %d"]),
        Case(flags: "c-format", msgid: "%d of %s", msgstr: ["%d"]),
        Case(flags: "c-format", msgid: "%d of %s", msgstr: ["%d %s %s"]),
        Case(flags: "c-format", msgid: "%1$s %2$d", msgstr: ["%2$d %1$s"]),
        Case(flags: "c-format", msgid: "%s %d", msgstr: ["%2$d %1$s"]),
        Case(flags: "c-format", msgid: "%s %d", msgstr: ["%2$s %1$d"]),
        Case(flags: "c-format", msgid: "100%% %s", msgstr: ["%s 100%%"]),
        Case(flags: "c-format", msgid: "100%% %s", msgstr: ["%s 100%"]),
        Case(flags: "c-format", msgid: "%5.2f %-10s %+d %#x", msgstr: ["%-8.3f %10s % d %X"]),
        Case(flags: "c-format", msgid: "%ld", msgstr: ["%d"]),
        Case(flags: "c-format", msgid: "%u", msgstr: ["%d"]),
        Case(flags: "c-format", msgid: "%i", msgstr: ["%d"]),
        Case(flags: "c-format", msgid: "%lf", msgstr: ["%f"]),
        Case(flags: "c-format", msgid: "%Lf", msgstr: ["%f"]),
        Case(flags: "c-format", msgid: "%Lf", msgstr: ["%llf"]),
        Case(flags: "c-format", msgid: "%*d", msgstr: ["%d %d"]),
        Case(flags: "c-format", msgid: "%.*s", msgstr: ["%d %d"]),
        Case(flags: "c-format", msgid: "%1$*2$d", msgstr: ["%d %d"]),
        Case(flags: "c-format", msgid: "%s", msgstr: ["%"]),
        Case(flags: "c-format", msgid: "%s", msgstr: ["%5"]),
        Case(flags: "c-format", msgid: "%s", msgstr: ["%2$s"]),
        Case(flags: "c-format", msgid: "%d %s", msgstr: ["%1$d %s"]),
        Case(flags: "c-format", msgid: "%s", msgstr: ["%0$s"]),
        Case(flags: "c-format", msgid: "%s", msgstr: ["%1$s %1$d"]),
        Case(flags: "c-format", msgid: "%s", msgstr: ["%1$s %1$s"]),
        Case(flags: "c-format", msgid: "%b files", msgstr: ["файлы"]),
        Case(flags: "c-format", msgid: "%w8d", msgstr: ["x"]),
        Case(flags: "c-format", msgid: "%m %s", msgstr: ["%s"]),
        Case(flags: "c-format", msgid: "%1$m %s", msgstr: ["%s %m"]),
        Case(flags: "c-format", msgid: "%2% %s", msgstr: ["%s"]),
        Case(flags: "c-format", msgid: "%d", msgstr: ["%Id"]),
        Case(flags: "c-format", msgid: "%Id", msgstr: ["x"]),
        Case(flags: "c-format", msgid: "%<PRId64>", msgstr: ["%lld"]),
        Case(flags: "c-format", msgid: "%<PRIu32>", msgstr: ["%<PRIx32>"]),
        Case(flags: "c-format", msgid: "%<PRIdMAX>", msgstr: ["%jd"]),
        Case(flags: "c-format", msgid: "%<PRId32>", msgstr: ["%d"]),
        Case(flags: "c-format", msgid: "%<PRId8>", msgstr: ["%hhd"]),
        Case(flags: "c-format", msgid: "%<PRIdLEAST16>", msgstr: ["%<PRIdFAST16>"]),
        Case(flags: "c-format", msgid: "%<PRIdPTR>", msgstr: ["%<PRId>"]),
        Case(flags: "c-format", msgid: "%jhd", msgstr: ["%hd"]),
        Case(flags: "c-format", msgid: "%hld", msgstr: ["%ld"]),
        Case(flags: "c-format", msgid: "%hhhd", msgstr: ["%hhd"]),
        Case(flags: "c-format", msgid: "%lLd", msgstr: ["%qd"]),
        Case(flags: "c-format", msgid: "%zd", msgstr: ["%td"]),
        Case(flags: "c-format", msgid: "%hs %lc", msgstr: ["%s %C"]),
        Case(flags: "c-format", msgid: "%lls", msgstr: ["%S"]),
        Case(flags: "c-format", msgid: "%p", msgstr: ["%n"]),
        Case(flags: "c-format", msgid: "%hn", msgstr: ["%n"]),
        Case(flags: "c-format", msgid: "%e", msgstr: ["%G %%"]),
        Case(flags: "c-format", msgid: "%c", msgstr: ["%d"]),
        Case(flags: "possible-c-format", msgid: "%d of %s", msgstr: ["%s of %d"]),
        Case(flags: "no-c-format", msgid: "%d of %s", msgstr: ["%s of %d"]),
        Case(flags: "c-format, no-c-format", msgid: "%d of %s", msgstr: ["%s of %d"]),
        Case(flags: "no-c-format, c-format", msgid: "%d of %s", msgstr: ["%s of %d"]),
        Case(flags: "fuzzy, c-format", msgid: "%d of %s", msgstr: ["%s of %d"]),
        Case(flags: "c-format", msgid: "%d of %s", msgstr: [""]),
        // PHP
        Case(flags: "php-format", msgid: "%d of %s", msgstr: ["%s of %d"]),
        Case(flags: "php-format", msgid: "%d of %s", msgstr: ["%d"]),
        Case(flags: "php-format", msgid: "%d of %s", msgstr: ["%d %s %s"]),
        Case(flags: "php-format", msgid: "100% sure", msgstr: ["на 100%"]),
        Case(flags: "php-format", msgid: "100% sure", msgstr: ["%s"]),
        Case(flags: "php-format", msgid: "Discount %d%%", msgstr: ["Скидка %d%%"]),
        Case(flags: "php-format", msgid: "Discount %d%%", msgstr: ["Скидка %d%"]),
        Case(flags: "php-format", msgid: "%'x5d", msgstr: ["%d"]),
        Case(flags: "php-format", msgid: "%'*10s|%-010.3f", msgstr: ["%s|%e"]),
        Case(flags: "php-format", msgid: "%F", msgstr: ["x"]),
        Case(flags: "php-format", msgid: "%f", msgstr: ["%F"]),
        Case(flags: "php-format", msgid: "%d", msgstr: ["%+d"]),
        Case(flags: "php-format", msgid: "%s", msgstr: ["%1$s %1$s"]),
        Case(flags: "php-format", msgid: "%1$s %2$s", msgstr: ["%2$s"]),
        Case(flags: "php-format", msgid: "%2$s %1$s", msgstr: ["%s %s"]),
        Case(flags: "php-format", msgid: "%1$s %3$s", msgstr: ["%3$s %1$s"]),
        Case(flags: "php-format", msgid: "%1$s", msgstr: ["%2$s"]),
        Case(flags: "php-format", msgid: "%s %1$d", msgstr: ["x"]),
        Case(flags: "php-format", msgid: "%s", msgstr: ["%s %1$d"]),
        Case(flags: "php-format", msgid: "%0$s", msgstr: ["x"]),
        Case(flags: "php-format", msgid: "%s", msgstr: ["%0$s"]),
        Case(flags: "php-format", msgid: "%u %ld %x", msgstr: ["%d %d %b"]),
        Case(flags: "php-format", msgid: "%c", msgstr: ["%s"]),
        Case(flags: "php-format", msgid: "%e", msgstr: ["%d"]),
        Case(flags: "php-format", msgid: "%5.s", msgstr: ["x"]),
        Case(flags: "php-format", msgid: "%s", msgstr: ["%5.s"]),
        Case(flags: "php-format", msgid: "[n] items for %s", msgstr: ["%s: [n] товаров"]),
        Case(flags: "php-format", msgid: "%s", msgstr: ["%'"]),
        Case(flags: "php-format, c-format", msgid: "%1$s %2$s", msgstr: ["%2$s %1$s"]),
    ]

    /// Plural entries: the forms are compared with msgid_plural; a form that serves one number
    /// only (n = 1 in English) may leave arguments out.
    static let englishPlural: [Case] = [
        Case(flags: "c-format", msgid: "%d item", plural: "%d items", msgstr: ["one item", "%d items"]),
        Case(flags: "c-format", msgid: "%d item", plural: "%d items", msgstr: ["%d item", "many items"]),
        Case(flags: "c-format", msgid: "%d item", plural: "%d items", msgstr: ["%s item", "%d items"]),
        Case(flags: "c-format", msgid: "%d item", plural: "%d items", msgstr: ["%d %s", "%d items"]),
        Case(flags: "php-format", msgid: "one item", plural: "%d items", msgstr: ["%d item", "%d items"]),
        Case(flags: "php-format", msgid: "%s: one", plural: "%s: %d", msgstr: ["один", "%s: %d"]),
        Case(
            flags: "php-format", msgid: "%1$s has one item", plural: "%1$s has %2$d items",
            msgstr: ["%1$s has one item", "%1$s has %2$d items"]),
        Case(
            flags: "php-format", msgid: "%1$s has one item", plural: "%1$s has %2$d items",
            msgstr: ["%1$s has %2$d items", "%1$s has items"]),
    ]

    /// Russian: every form serves many numbers, so each must take every argument, unless a
    /// `range:` flag narrows a form to one number.
    static let russianPlural: [Case] = [
        Case(
            flags: "php-format", msgid: "%d order", plural: "%d orders",
            msgstr: ["%d заказ", "%d заказа", "%d заказов"]),
        Case(
            flags: "php-format", msgid: "%d order", plural: "%d orders",
            msgstr: ["один заказ", "%d заказа", "%d заказов"]),
        Case(
            flags: "php-format, range: 0..10", msgid: "%d order", plural: "%d orders",
            msgstr: ["один заказ", "%d заказа", "%d заказов"]),
        Case(
            flags: "php-format, range: 0..30", msgid: "%d order", plural: "%d orders",
            msgstr: ["один заказ", "%d заказа", "%d заказов"]),
        Case(
            flags: "php-format, range: 100..120", msgid: "%d order", plural: "%d orders",
            msgstr: ["один заказ", "%d заказа", "%d заказов"]),
        Case(
            flags: "php-format, range:0..10", msgid: "%d order", plural: "%d orders",
            msgstr: ["один заказ", "%d заказа", "%d заказов"]),
        Case(
            flags: "php-format, range: 10..0", msgid: "%d order", plural: "%d orders",
            msgstr: ["один заказ", "%d заказа", "%d заказов"]),
        Case(
            flags: "php-format, range: 0..5x", msgid: "%d order", plural: "%d orders",
            msgstr: ["один заказ", "%d заказа", "%d заказов"]),
        Case(
            flags: "c-format, range: 1..1", msgid: "%d order", plural: "%d orders",
            msgstr: ["%d заказ", "заказа", "%d заказов"]),
    ]

    /// The file of the cases (one entry each, told apart by msgctxt) and the msgstr line of each.
    static func file(_ cases: [Case], rule: String) -> (text: String, lines: [Int]) {
        var text = "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
        text += "\"Plural-Forms: \(rule)\\n\"\n"
        var line = 4
        var lines: [Int] = []
        for (index, entry) in cases.enumerated() {
            text += "\n#, \(entry.flags)\nmsgctxt \"case \(index)\"\nmsgid \"\(entry.msgid)\"\n"
            line += 4
            if let plural = entry.plural {
                text += "msgid_plural \"\(plural)\"\n"
                line += 1
                for (form, value) in entry.msgstr.enumerated() { text += "msgstr[\(form)] \"\(value)\"\n" }
            } else {
                text += "msgstr \"\(entry.msgstr[0])\"\n"
            }
            lines.append(line + 1)
            line += entry.msgstr.count
        }
        return (text, lines)
    }

    func agree(_ cases: [Case], rule: String, name: String) throws -> (ours: Set<Int>, lines: [Int]) {
        let (text, lines) = Self.file(cases, rule: rule)
        let directory = TemporaryDirectory()
        let path = try directory.write(name, text)
        let (_, diagnostics) = try parse(path: path)
        let oracle = try Oracle.check(path)
        let ours = Oracle.errorLines(diagnostics)
        for (index, line) in lines.enumerated() where ours.contains(line) != oracle.errorLines.contains(line) {
            Issue.record(
                "\(name) case \(index) \(cases[index]): msgfmt says \(oracle.errorLines.contains(line) ? "wrong" : "fine"), we say \(diagnostics.errors.filter { $0.location?.line == line }.map(\.message))"
            )
        }
        #expect(ours == oracle.errorLines)
        #expect(diagnostics.errors.allSatisfy { $0.id == "po.format" }, "\(diagnostics.errors.map(\.id))")
        return (ours, lines)
    }

    @Test func singularEntriesAgreeWithMsgfmt() throws {
        let (ours, _) = try agree(Self.singular, rule: Self.english, name: "singular.po")
        // Not a vacuous agreement: most cases are wrong.
        #expect(ours.count >= 40)
    }

    @Test func pluralFormsAgreeWithMsgfmt() throws {
        let english = try agree(Self.englishPlural, rule: Self.english, name: "english.po")
        #expect(english.ours.count == 4)
        let russian = try agree(Self.russianPlural, rule: Self.russian, name: "russian.po")
        #expect(russian.ours == [russian.lines[1], russian.lines[3], russian.lines[5], russian.lines[6]])
    }

    /// One form for all numbers (nplurals=1): it serves many, so it must keep the argument.
    @Test func aSingleFormIsCheckedStrictly() throws {
        let cases = [Case(flags: "php-format", msgid: "%d item", plural: "%d items", msgstr: ["товар"])]
        let (ours, lines) = try agree(cases, rule: "nplurals=1; plural=0;", name: "one-form.po")
        #expect(ours == [lines[0]])
    }

    @Test func theMessageNamesTheArgumentAndTheDirectives() {
        let (_, diagnostics) = parse(
            """
            msgid ""
            msgstr "Content-Type: text/plain; charset=UTF-8\\n"

            #, php-format
            msgid "%d of %s"
            msgstr "%s из %d"

            #, c-format
            msgid "%d or %s"
            msgstr "%d"

            """)
        #expect(diagnostics.errors.map(\.id) == ["po.format", "po.format"])
        #expect(
            diagnostics.errors.first?.message == "PHP format: argument 1 is `%d` in `msgid` but `%s` in `msgstr`")
        #expect(diagnostics.errors.first?.location.map { "\($0.line):\($0.column)" } == "6:1")
        #expect(diagnostics.errors.last?.message == "C format: `msgstr` lacks argument 2 of `msgid` (`%s`)")
    }
}

import Basics
import Foundation
import Gettext
import TestSupport
import Testing

struct PoWriterTests {
    static let files = corpusPoFiles() + fixtureFiles("valid")

    @Test(arguments: files)
    func untouchedCatalogIsWrittenByteForByte(_ path: String) throws {
        let (catalog, _) = try parse(path: path)
        #expect(PoWriter.write(catalog) == catalog.source.bytes)
    }

    @Test func formattedCatalogReadsBackTheSame() throws {
        for path in Self.files {
            let (catalog, diagnostics) = try parse(path: path)
            guard !diagnostics.hasErrors else { continue }
            var fresh = PoCatalog(
                headerEntry: catalog.headerEntry.map(Self.copy), entries: catalog.entries.map(Self.copy))
            fresh.entries = fresh.entries.map { $0 }
            let (again, againDiagnostics) = parse(PoWriter.text(fresh))
            #expect(!againDiagnostics.hasErrors, "\(path)")
            #expect(again.entries == catalog.entries, "\(path)")
            #expect(again.headerEntry == catalog.headerEntry, "\(path)")
        }
    }

    /// The same content without any source text, so the writer must format everything.
    static func copy(_ entry: PoEntry) -> PoEntry {
        PoEntry(
            msgctxt: entry.msgctxt, msgid: entry.msgid, msgidPlural: entry.msgidPlural, msgstr: entry.msgstr,
            flags: entry.flags, translatorComments: entry.translatorComments,
            extractedComments: entry.extractedComments, references: entry.references, previous: entry.previous,
            isObsolete: entry.isObsolete)
    }

    static let original = """
        msgid ""
        msgstr ""
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Language: ru\\n"

        # keep this comment
        msgctxt "Languages::a"
        msgid "First"
        msgstr "Первый"

        #, fuzzy
        msgctxt "Languages::b"
        msgid ""
        "Second, "
        "wrapped"
        msgstr "Второй"

        msgctxt "Languages::c"
        msgid "Third"
        msgstr ""

        """

    func lines(_ text: String) -> [String] { text.components(separatedBy: "\n") }

    @Test func settingOneMsgstrChangesOnlyItsLines() throws {
        var (catalog, _) = parse(Self.original)
        let index = try #require(catalog.index(msgctxt: "Languages::c", msgid: "Third"))
        catalog.entries[index].msgstr = ["Третий"]
        let written = PoWriter.text(catalog)
        let diff = zip(lines(Self.original), lines(written)).filter { $0 != $1 }
        #expect(lines(written).count == lines(Self.original).count)
        #expect(diff.map(\.1) == ["msgstr \"Третий\""])
    }

    @Test func addingAnEntryAppendsItAfterABlankLine() {
        var (catalog, _) = parse(Self.original)
        catalog.entries.append(PoEntry(msgctxt: "Languages::d", msgid: "Line\nbreak", msgstr: ["Строка"]))
        let written = PoWriter.text(catalog)
        #expect(written.hasPrefix(Self.original))
        #expect(
            written.dropFirst(Self.original.count)
                == "\nmsgctxt \"Languages::d\"\nmsgid \"\"\n\"Line\\n\"\n\"break\"\nmsgstr \"Строка\"\n")
        #expect(parse(written).0.entries.last?.msgid == "Line\nbreak")
    }

    @Test func removingAnEntryRemovesOnlyItsLines() {
        var (catalog, _) = parse(Self.original)
        catalog.entries.remove(at: 1)
        let written = PoWriter.text(catalog)
        #expect(!written.contains("Second"))
        #expect(written.contains("# keep this comment\nmsgctxt \"Languages::a\""))
        #expect(lines(Self.original).count - lines(written).count == 7)
        #expect(parse(written).0.entries.map(\.msgid) == ["First", "Third"])
    }

    @Test func editingFlagsKeepsTheWrappedMessage() {
        var (catalog, _) = parse(Self.original)
        catalog.entries[1].flags = []
        let written = PoWriter.text(catalog)
        #expect(written.contains("\n\nmsgctxt \"Languages::b\"\nmsgid \"\"\n\"Second, \"\n\"wrapped\"\n"))
        #expect(!written.contains("fuzzy"))
    }

    @Test func editsKeepCRLFLineEnds() {
        var (catalog, _) = parse(Self.original.replacingOccurrences(of: "\n", with: "\r\n"))
        catalog.entries[2].msgstr = ["Третий"]
        let written = PoWriter.text(catalog)
        #expect(written.contains("msgstr \"Третий\"\r\n"))
        #expect(!written.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }
}

import Basics
import Foundation
import Testing

@Suite struct TextAndPathTests {
    @Test(arguments: [
        "/tmp/x/", "/tmp/./x//y/../z", "/..", "/../a", "rel/a/../b", ".", "..", "a/./", "/", "//a//b/", "~x",
        "/a/b/.", "/a/b/..", "Магазин/store", "", "a/\u{301}/../b",
    ])
    func absolutePathsAreFoundationsStandardizedOnes(_ path: String) {
        #expect(Paths.absolute(path) == URL(fileURLWithPath: path).standardizedFileURL.path)
    }

    @Test func replacingEveryReplacesEachOccurrenceOnce() {
        #expect("a_b__c".replacingEvery("_", with: "\\_") == "a\\_b\\_\\_c")
        #expect("x&#38;&#38;y&#3".replacingEvery("&#38;", with: "&") == "x&&y&#3")
        #expect("it's".replacingEvery("'", with: "''") == "it''s")
        #expect("Привет, мир".replacingEvery("мир", with: "world") == "Привет, world")
        #expect("none".replacingEvery("", with: "x") == "none")
        #expect("aaa".replacingEvery("aa", with: "b") == "ba")
        #expect("'\u{301}".replacingEvery("'", with: "''") == "''\u{301}", "bytes, not characters")
        #expect("xa".replacingEvery("ab", with: "-") == "xa")
    }

    /// The pieces a caller writes out: plain runs and replacements in order; nothing at all when
    /// the target does not occur.
    @Test func writingReplacementsGivesThePiecesInOrder() {
        var pieces: [String] = []
        let write = { (piece: UnsafeBufferPointer<UInt8>) in pieces.append(String(decoding: piece, as: UTF8.self)) }
        #expect("On [date]: [date]!".writingReplacements(of: "[date]", with: "1 May", to: write))
        #expect(pieces == ["On ", "1 May", ": ", "1 May", "!"])
        pieces = []
        #expect(!"no placeholder".writingReplacements(of: "[date]", with: "x", to: write))
        #expect(pieces.isEmpty)
    }
}

import Basics
import Foundation
import TestSupport
import Testing
import XML

/// Where xmllint reports each error: line and the caret's byte offset within the line.
private func xmllintPositions(_ path: String) throws -> [Position] {
    let result = try runProcess("xmllint", ["--noout", "--nonet", path])
    let lines = result.standardError.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var positions: [Position] = []
    var index = 0
    while index < lines.count {
        let parts = lines[index].split(separator: ":", maxSplits: 2)
        if parts.count == 3, parts[2].contains(" error : ") || parts[2].contains(" warning : "),
            let line = Int(parts[1]),
            index + 2 < lines.count
        {
            positions.append(Position(line: line, byteColumn: lines[index + 2].utf8.count - 1))
            index += 3
        } else {
            index += 1
        }
    }
    return positions
}

private struct Position: Equatable, CustomStringConvertible {
    let line: Int
    let byteColumn: Int
    var description: String { "\(line):\(byteColumn)" }
}

private func fixture(_ name: String) -> String {
    TestPaths.fixtures("ManifestTests").appendingPathComponent(name).path
}

private func load(_ path: String) -> SourceFile {
    SourceFile(path: path, bytes: Array(FileManager.default.contents(atPath: path)!))
}

@Suite("XML reader")
struct XMLTests {
    static let malformed = [
        "mismatched-tag", "bare-ampersand", "duplicate-attribute", "unquoted-attribute", "truncated",
        "undefined-entity-utf8", "two-roots", "empty",
    ]

    @Test("malformed XML is reported where xmllint reports it", arguments: malformed)
    func matchesXmllint(_ name: String) throws {
        let path = fixture("malformed/\(name).xml")
        let expected = try xmllintPositions(path)
        #expect(!expected.isEmpty)
        let source = load(path)
        var reported: Diagnostics?
        do {
            _ = try XMLTree.parse(source)
        } catch {
            reported = error
        }
        let diagnostics = try #require(reported)
        let positions = diagnostics.all.map { diagnostic -> Position in
            let location = diagnostic.location!
            let lineStart = source.offset(line: location.line, column: 1)
            return Position(line: location.line, byteColumn: location.offset! - lineStart)
        }
        #expect(positions == expected)
        #expect(diagnostics.all.allSatisfy { $0.id == "xml.not-well-formed" })
    }

    @Test("the tree keeps names, attributes, text and byte offsets")
    func treeAndOffsets() throws {
        let text =
            "<?xml version=\"1.0\"?>\n<addon scheme=\"3.0\">\n  <id>дом</id>\n  <item id='a&amp;b' for=\"x\"><![CDATA[ <sql> ]]></item>\n  <e/>\n</addon>\n"
        let source = SourceFile(path: "t.xml", text: text)
        let tree = try XMLTree.parse(source)
        #expect(tree.root.name == "addon")
        #expect(tree.root[attribute: "scheme"] == "3.0")
        let id = try #require(tree.root.child("id"))
        #expect(id.text == "дом")
        #expect(source.location(at: id.offset).description == "t.xml:3:3")
        #expect(source.location(at: id.textOffset).description == "t.xml:3:7")
        let item = try #require(tree.root.child("item"))
        #expect(item[attribute: "id"] == "a&b")
        let attribute = try #require(item.attribute("for"))
        #expect(source.location(at: attribute.offset).description == "t.xml:4:22")
        #expect(source.location(at: attribute.valueOffset).description == "t.xml:4:27")
        #expect(item.text == " <sql> ")
        #expect(source.location(at: item.textOffset).description == "t.xml:4:40")
        #expect(source.location(at: tree.root.child("e")!.offset).description == "t.xml:5:3")
    }

    /// The text of an element is not the file's bytes: references are decoded, comments and CDATA
    /// markers left out, CR LF made LF, children cut it in pieces. Each byte is traced back.
    @Test("each byte of an element's text is traced to where it is written")
    func textOffsets() throws {
        let text =
            "<a>x &amp; y<!-- c -->z &#1078;&#x41;\r\n<?pi x?><b> inner</b>w<![CDATA[ <q>&amp; \r\n]]>v<c/>u</a>\n"
        let source = SourceFile(path: "t.xml", text: text)
        let root = try XMLTree.parse(source).root
        #expect(root.text == "x & yz жA\nw <q>&amp; \nvu")
        let offsets = try #require(root.textOffsets)
        let bytes = Array(root.text.utf8)
        for (index, byte) in bytes.enumerated() {
            let written = source.bytes[offsets.fileOffset(of: index)]
            if byte == 0x0A {
                #expect(written == 0x0D, "byte \(index)")
            } else if byte >= 0x80 || index == 2 || byte == UInt8(ascii: "A") {
                #expect(written == UInt8(ascii: "&"), "byte \(index)")
            } else {
                #expect(written == byte, "byte \(index)")
            }
        }
        // The end of the text is where the end tag starts.
        #expect(source.location(at: offsets.fileOffset(of: bytes.count)).description == "t.xml:3:10")
        let inner = try #require(root.child("b"))
        #expect(source.location(at: inner.textOffset).description == "t.xml:2:13")
        #expect(inner.trimmedTextOffsets.map { source.bytes[$0.fileOffset(of: 0)] } == UInt8(ascii: "i"))

        // The text starts at its first character, after a comment too.
        let id = try #require(try XMLTree.parse(SourceFile(path: "t.xml", text: "<id>\n <!-- c --> demo</id>")).root)
        #expect(id.textOffset == 17)
        #expect(id.trimmedTextOffsets?.fileOffset(of: 3) == 20)
        // A file in another encoding holds the text in other bytes: no offsets.
        let latin1 = SourceFile(
            path: "t.xml",
            bytes: Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf".utf8) + [0xE9] + Array("</a>".utf8))
        let cafe = try XMLTree.parse(latin1).root
        #expect(cafe.text == "café")
        #expect(cafe.textOffsets == nil)
        // Its text is then located at its first written byte, past blanks and a CDATA opener.
        let blanks = SourceFile(
            path: "t.xml",
            bytes: Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\n  <![CDATA[ caf".utf8) + [0xE9]
                + Array("]]></a>".utf8))
        let located = try XMLTree.parse(blanks).root
        #expect(located.textOffsets == nil)
        #expect(located.textOffset == blanks.bytes.lastIndex(of: UInt8(ascii: "c")))
    }

    @Test("billion laughs is refused at the DOCTYPE, without expanding anything")
    func billionLaughs() throws {
        var text = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            text +=
                " <!ENTITY lol\(level) \""
                + String(repeating: "&lol\(level - 1 == 0 ? "" : String(level - 1));", count: 10) + "\">\n"
        }
        text += "]>\n<addon><id>&lol9;</id></addon>\n"
        let diagnostics = try expectFailure(SourceFile(path: "lol.xml", text: text))
        #expect(diagnostics.all.map(\.id) == ["xml.doctype-forbidden"])
        #expect(diagnostics.all[0].location?.line == 2)
        #expect(!diagnostics.all[0].description.contains("lollol"))
    }

    @Test("an external entity is never read: no file content in the output")
    func externalEntity() throws {
        let folder = TemporaryDirectory()
        let secret = try folder.write("secret.txt", "TOP-SECRET-VALUE")
        let text =
            "<?xml version=\"1.0\"?>\n<!DOCTYPE addon [<!ENTITY xxe SYSTEM \"file://\(secret)\">]>\n<addon><id>&xxe;</id></addon>\n"
        let diagnostics = try expectFailure(SourceFile(path: "xxe.xml", text: text))
        #expect(diagnostics.all.map(\.id) == ["xml.doctype-forbidden"])
        #expect(!DiagnosticPrinter.render(diagnostics).contains("TOP-SECRET"))
        // An entity reference without a DTD is just an undefined entity.
        let bare = try expectFailure(SourceFile(path: "x.xml", text: "<addon><id>&xxe;</id></addon>"))
        #expect(bare.all.first?.id == "xml.not-well-formed")
        #expect(bare.all.first?.message.contains("xxe") == true)
    }

    @Test("an external DTD is refused too")
    func externalDTD() throws {
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE addon SYSTEM \"http://example.invalid/a.dtd\">\n<addon/>\n"
        let diagnostics = try expectFailure(SourceFile(path: "dtd.xml", text: text))
        #expect(diagnostics.all.map(\.id) == ["xml.doctype-forbidden"])
    }

    @Test("files above the size cap are refused before parsing")
    func sizeCap() throws {
        let text = "<addon>" + String(repeating: "<a/>", count: 100) + "</addon>"
        let diagnostics = try expectFailure(
            SourceFile(path: "big.xml", text: text), limits: XMLLimits(maximumBytes: 100))
        #expect(diagnostics.all.map(\.id) == ["xml.too-large"])
        #expect(throws: Never.self) { try XMLTree.parse(SourceFile(path: "big.xml", text: text)) }
    }

    private func expectFailure(_ source: SourceFile, limits: XMLLimits = XMLLimits()) throws -> Diagnostics {
        do {
            _ = try XMLTree.parse(source, limits: limits)
        } catch {
            return error
        }
        Issue.record("expected a failure")
        return Diagnostics()
    }
}

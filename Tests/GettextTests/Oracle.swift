import Basics
import Foundation
import Gettext
import TestSupport

/// The meaning of a message as a .mo file stores it: what GNU msgfmt wrote and msgunfmt reads.
struct MoMessage: Hashable, CustomStringConvertible {
    var msgctxt: String?
    var msgid: String
    var msgidPlural: String?
    var msgstr: [String]

    var description: String { "\(msgctxt.map { "[\($0)] " } ?? "")\(msgid) | \(msgidPlural ?? "-") => \(msgstr)" }

    /// The .mo key, by which msgfmt sorts.
    var key: [UInt8] { Array(((msgctxt.map { $0 + "\u{4}" }) ?? "").utf8) + Array(msgid.utf8) }

    init(msgctxt: String?, msgid: String, msgidPlural: String?, msgstr: [String]) {
        self.msgctxt = msgctxt
        self.msgid = msgid
        self.msgidPlural = msgidPlural
        self.msgstr = msgstr
    }

    init(_ entry: PoEntry) {
        self.init(msgctxt: entry.msgctxt, msgid: entry.msgid, msgidPlural: entry.msgidPlural, msgstr: entry.msgstr)
    }

    static func sorted(_ messages: [MoMessage]) -> [MoMessage] {
        messages.sorted { $0.key.lexicographicallyPrecedes($1.key) }
    }
}

/// What GNU gettext makes of a file, from the real tools.
enum Oracle {
    static var available: Bool { commandExists("msgfmt") && commandExists("msgunfmt") }

    /// `msgfmt --check`: whether it accepts the file and the lines of its errors (not warnings,
    /// not the `...` continuation lines).
    static func check(_ path: String) throws -> (accepted: Bool, errorLines: Set<Int>) {
        let result = try runProcess("msgfmt", ["--check", "-o", "/dev/null", path])
        var lines = Set<Int>()
        for line in result.standardError.split(separator: "\n") where line.hasPrefix(path + ":") {
            let rest = line.dropFirst(path.count + 1)
            let fields = rest.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard let number = Int(fields[0]) else { continue }
            let message = fields.count == 3 && Int(fields[1]) != nil ? fields[2] : rest.drop { $0 != ":" }.dropFirst()
            let text = message.drop { $0 == " " }
            if text.hasPrefix("warning:") || text.hasPrefix("...") { continue }
            lines.insert(number)
        }
        return (result.status == 0, lines)
    }

    /// The messages of the .mo file msgfmt writes (fuzzy and untranslated entries left out, as msgfmt does).
    static func compile(_ path: String, in directory: TemporaryDirectory) throws -> (mo: [MoMessage], msgunfmt: String)
    {
        let mo = directory.url.appendingPathComponent(UUID().uuidString + ".mo").path
        let result = try runProcess("msgfmt", ["-o", mo, path])
        guard result.status == 0 else { throw OracleError(message: "msgfmt failed: \(result.standardError)") }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: mo)))
        let unfmt = try runProcess("msgunfmt", ["--no-wrap", mo])
        return (try readMo(bytes), unfmt.standardOutput)
    }

    struct OracleError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Reads a little-endian GNU .mo file (magic 0x950412de).
    static func readMo(_ b: [UInt8]) throws -> [MoMessage] {
        func word(_ offset: Int) -> Int {
            Int(b[offset]) | Int(b[offset + 1]) << 8 | Int(b[offset + 2]) << 16 | Int(b[offset + 3]) << 24
        }
        guard b.count >= 28, word(0) == 0x9504_12de else { throw OracleError(message: "not a little-endian .mo") }
        let count = word(8)
        let originals = word(12)
        let translations = word(16)
        func string(_ table: Int, _ index: Int) -> [UInt8] {
            let length = word(table + index * 8)
            let offset = word(table + index * 8 + 4)
            return Array(b[offset..<offset + length])
        }
        return (0..<count).map { index in
            var key = string(originals, index)
            var context: String?
            if let eot = key.firstIndex(of: 4) {
                context = String(decoding: key[..<eot], as: UTF8.self)
                key = Array(key[(eot + 1)...])
            }
            let idParts = key.split(separator: 0, omittingEmptySubsequences: false)
            let forms = string(translations, index).split(separator: 0, omittingEmptySubsequences: false)
            return MoMessage(
                msgctxt: context, msgid: String(decoding: idParts[0], as: UTF8.self),
                msgidPlural: idParts.count > 1 ? String(decoding: idParts[1], as: UTF8.self) : nil,
                msgstr: forms.map { String(decoding: $0, as: UTF8.self) })
        }
    }

    /// The messages a catalog puts into a .mo, by msgfmt's rule: no obsolete entries, no fuzzy ones
    /// (the header excepted), none whose first msgstr is empty.
    static func expected(_ catalog: PoCatalog) -> [MoMessage] {
        var entries = catalog.entries.filter { !$0.isObsolete && !$0.isFuzzy && !$0.isUntranslated }
        if let header = catalog.headerEntry, !header.isUntranslated { entries.append(header) }
        return MoMessage.sorted(entries.map(MoMessage.init))
    }

    /// Our error lines, in msgfmt's convention: gettext reports "end-of-line within string" on the
    /// line after the string (its line counter has passed the newline); we point at the string.
    static func errorLines(_ diagnostics: Diagnostics) -> Set<Int> {
        Set(
            diagnostics.errors.compactMap { diagnostic in
                guard let line = diagnostic.location?.line else { return nil }
                let endOfLine = diagnostic.id == "po.unterminated-string" && diagnostic.message.contains("end of line")
                return endOfLine ? line + 1 : line
            })
    }
}

func parse(path: String) throws -> (PoCatalog, Diagnostics) {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    return PoParser.parse(SourceFile(path: path, bytes: bytes))
}

func parse(_ text: String, path: String = "test.po") -> (PoCatalog, Diagnostics) {
    PoParser.parse(SourceFile(path: path, text: text))
}

/// Every .po file of the shared corpus.
func corpusPoFiles() -> [String] {
    let root = TestPaths.corpus.path
    let enumerator = FileManager.default.enumerator(atPath: root)
    var files: [String] = []
    while let relative = enumerator?.nextObject() as? String {
        if relative.hasSuffix(".po") { files.append(root + "/" + relative) }
    }
    return files.sorted()
}

func fixtureFiles(_ folder: String) -> [String] {
    let root = TestPaths.fixtures("GettextTests").appendingPathComponent(folder).path
    let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
    return names.filter { $0.hasSuffix(".po") }.sorted().map { root + "/" + $0 }
}

import Basics
import Foundation
import TestSupport
import Testing

/// The real binary: `addonhost po dump` and `addonhost po check`.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: TestPaths.binary.path), "build addonhost first"))
struct PoCommandTests {
    let binary = TestPaths.binary.path

    @Test func dumpPrintsOneJSONLinePerEntry() throws {
        let directory = TemporaryDirectory()
        let path = try directory.write(
            "a.po",
            "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n#, fuzzy\nmsgctxt \"k\"\nmsgid \"a\"\nmsgstr \"б\"\n\n#~ msgid \"o\"\n#~ msgstr \"p\"\n"
        )
        let result = try runProcess(binary, ["po", "dump", path])
        #expect(result.status == 0)
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(
            lines[1]
                == #"{"msgctxt":"k","msgid":"a","msgid_plural":null,"msgstr":["б"],"flags":["fuzzy"],"obsolete":false}"#
        )
        #expect(lines[2].hasSuffix(#""obsolete":true}"#))
    }

    @Test func checkFailsWithLocatedErrors() throws {
        let path = TestPaths.fixtures("GettextTests").appendingPathComponent("broken/bad-escape.po").path
        let result = try runProcess(binary, ["po", "check", path])
        #expect(result.status == 1)
        #expect(
            result.standardError.contains(
                "bad-escape.po:8:10: error: invalid escape sequence `\\q` [po.invalid-escape]"))

        let json = try runProcess(binary, ["po", "check", path, "--json"])
        #expect(json.status == 1)
        let value = try JSONValue.parse(json.standardOutput)
        #expect(value["ok"] == .bool(false))
        guard case .array(let diagnostics)? = value["diagnostics"] else {
            Issue.record("no diagnostics array")
            return
        }
        #expect(diagnostics.first?["line"] == .int(8))
    }

    @Test func checkAppliesCSCartRulesInALangsFolder() throws {
        let directory = TemporaryDirectory()
        let path = try directory.write(
            "var/langs/en/addons/x.po",
            "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\nLanguage: ru_RU\\n\"\n")
        let result = try runProcess(binary, ["po", "check", path, "--json"])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("po.language-mismatch"))

        let good = try directory.write(
            "var/langs/ru/addons/x.po",
            "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\nLanguage-Team: Russian\\nLanguage: ru_RU\\n\"\n"
        )
        let ok = try runProcess(binary, ["po", "check", good])
        #expect(ok.status == 0)
        #expect(ok.standardOutput.contains("no problems found"))
    }
}

import Foundation
import TestSupport
import Testing

// Hostile input fed through the real binary, one test per row of the README's table of hostile
// inputs. A refusal must be a clear located error with exit status 1 (never a signal) and must
// leave the store unchanged.

/// The exit status of a process killed by a signal is 128 + the signal in `ProcessResult`, or
/// the signal number itself with Foundation's `terminationStatus`; either way not 0 or 1.
private func expectRefusal(_ result: ProcessResult, _ needle: String, sourceLocation: SourceLocation = #_sourceLocation)
{
    #expect(
        result.status == 1, "exit \(result.status): \(result.standardError.prefix(2000))",
        sourceLocation: sourceLocation)
    // `addon validate` prints its report on standard output; failing commands on standard error.
    let text = result.standardOutput + result.standardError
    #expect(text.contains(needle), "\(text.prefix(2000))", sourceLocation: sourceLocation)
}

/// A package folder whose addon.xml is `manifest` (bytes, so that they can be invalid UTF-8).
func manifestPackage(_ manifest: [UInt8], in folder: TemporaryDirectory) throws -> String {
    let path = folder.path + "/package/app/addons/hostile/addon.xml"
    try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(manifest).write(to: URL(fileURLWithPath: path))
    return folder.path + "/package"
}

/// A scheme 3.0 addon.xml of the add-on `hostile` with `body` inside `<addon>`, on its second line.
func manifest(body: String) -> [UInt8] {
    Array(
        """
        <?xml version="1.0"?>
        <addon scheme="3.0"><id>hostile</id><version>1.0</version><default_language>en</default_language>\(body)</addon>

        """.utf8)
}

struct ManifestCase: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: @Sendable () -> [UInt8]
    /// What the error says (its id, or libxml2's words).
    let expected: String
    var testDescription: String { name }

    static let all: [ManifestCase] = [
        ManifestCase(
            name: "XXE (external entity reading /etc/passwd)",
            bytes: {
                Array(
                    """
                    <?xml version="1.0"?>
                    <!DOCTYPE addon [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                    <addon scheme="3.0"><id>hostile</id><version>1.0</version><name>&xxe;</name></addon>
                    """.utf8)
            }, expected: "[xml.doctype-forbidden]"),
        ManifestCase(
            name: "billion laughs (nested internal entities)",
            bytes: {
                var entities = "<!ENTITY lol0 \"lol\">"
                for level in 1...9 {
                    entities += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
                }
                return Array(
                    """
                    <?xml version="1.0"?>
                    <!DOCTYPE addon [\(entities)]>
                    <addon scheme="3.0"><id>hostile</id><version>1.0</version><name>&lol9;</name></addon>
                    """.utf8)
            }, expected: "[xml.doctype-forbidden]"),
        ManifestCase(
            name: "manifest over the 4 MB cap",
            bytes: {
                manifest(body: "<name>" + String(repeating: "x", count: 5 << 20) + "</name>")
            }, expected: "the limit is 4194304 [xml.too-large]"),
        ManifestCase(
            name: "XML nested 100,000 elements deep",
            bytes: {
                manifest(body: String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000))
            }, expected: "Excessive depth in document"),
        ManifestCase(
            name: "invalid UTF-8 in the manifest",
            bytes: {
                manifest(body: "<name>bad ") + [0xFF, 0xFE] + Array(" here</name>".utf8)
            }, expected: "addon.xml:2:"),
        ManifestCase(
            name: "NUL byte in the manifest",
            bytes: {
                manifest(body: "<name>nul ") + [0] + Array(" here</name>".utf8)
            }, expected: "Char 0x0 out of allowed range"),
    ]

    /// What CS-Cart installs as it is, reported as warnings, each located as fast as an error.
    static let warned: [ManifestCase] = [
        ManifestCase(
            name: "a default of 100,000 values among 100,000 variants, one not a variant",
            bytes: {
                // Each value was looked for in the list of variants: minutes. The hint lists ten.
                let variants = (0..<100_000).map { "<item id=\"v\($0)\"/>" }.joined()
                let values = (0..<100_000).map { "v\($0)=Y&amp;" }.joined() + "zz=Y"
                return manifest(
                    body: "<settings><sections><section id=\"g\"><items><item id=\"m\"><type>multiple checkboxes</type>"
                        + "<default_value>#M#\(values)</default_value><variants>\(variants)</variants></item>"
                        + "</items></section></sections></settings>")
            },
            expected: "default value \"zz\" is not one of the variants [manifest.default-not-a-variant]"),
        ManifestCase(
            name: "20,000 settings of an unknown type on one line",
            bytes: { manifest(body: Self.unknownTypes.body) },
            expected:
                "addon.xml:2:\(Self.unknownTypes.lastColumn): warning: setting type \"bogus\" is not a CS-Cart type"
        ),
    ]

    /// Each setting is located, and each location was a walk from the line's start: 20,000 on a
    /// line of 900 KB took minutes. The last one's column checks the counting.
    private static let unknownTypes: (body: String, lastColumn: Int) = {
        let items = (0..<20_000).map { "<item id=\"s\($0)\"><type>bogus</type></item>" }.joined()
        let body = "<settings><sections><section id=\"g\"><items>\(items)</items></section></sections></settings>"
        let line = String(decoding: manifest(body: body), as: UTF8.self).split(separator: "\n")[1]
        return (body, line.range(of: "<item id=\"s19999\"><type>")!.upperBound.utf16Offset(in: line) + 1)
    }()
}

@Suite struct HostileManifestTests {
    @Test(arguments: ManifestCase.all)
    func refusedByValidateAndInstallWithNothingChanged(_ input: ManifestCase) throws {
        let store = try CLIStore(orders: 10)
        let folder = TemporaryDirectory("hostile-manifest")
        let package = try manifestPackage(input.bytes(), in: folder)
        let before = try store.dump()

        let validate = try store.addonhost(["addon", "validate", package])
        expectRefusal(validate, input.expected)
        #expect(!validate.standardError.contains("root:x:0"), "the external entity was read")

        let install = try store.addonhost(["addon", "install", package])
        #expect(install.status == 1, "\(install.standardError.prefix(2000))")
        #expect(install.standardError.contains(input.expected))
        #expect(try store.dump() == before)
        #expect(try store.query("SELECT count(*) FROM cscart_addons WHERE addon = 'hostile'") == "0")
    }

    @Test(arguments: ManifestCase.warned)
    func warnedByValidateEachLocated(_ input: ManifestCase) throws {
        let folder = TemporaryDirectory("hostile-manifest")
        let validate = try runProcess(
            TestPaths.binary.path, ["addon", "validate", try manifestPackage(input.bytes(), in: folder)])
        #expect(validate.status == 0, "\(validate.standardError.prefix(2000))")
        #expect(validate.standardOutput.contains(input.expected))
    }

    /// A file name with an escape sequence and a newline would restyle the terminal and print a
    /// forged line: validate and install show them as codes.
    @Test func controlCharactersInFileNamesArePrintedAsCodes() throws {
        let store = try CLIStore(orders: 10)
        let folder = TemporaryDirectory("hostile-manifest")
        let package = try manifestPackage(manifest(body: ""), in: folder)
        let name = "x\u{1B}[2J\nfake.tpl:1:1: error: forged.tpl"
        try folder.write("package/design/backend/templates/addons/hostile/hooks/orders/" + name, "x")
        try FileManager.default.createSymbolicLink(
            atPath: package + "/design/backend/templates/addons/hostile/l\u{1B}]0;t\u{7}", withDestinationPath: "/etc")
        for arguments in [["addon", "validate", package], ["addon", "install", package]] {
            let result = try store.addonhost(arguments)
            #expect(result.status == 1)
            let text = result.standardOutput + result.standardError
            #expect(text.contains("x<U+001B>[2J<U+000A>fake.tpl:1:1: error: forged.tpl:1:1: warning: hook template"))
            #expect(text.contains("l<U+001B>]0;t<U+0007> is a symbolic link"))
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
            #expect(!text.split(separator: "\n").contains { $0.hasPrefix("fake.tpl") })
        }
    }

    /// A `.po` file's name for the add-on with an escape sequence and a bell: `addon list` shows
    /// them as codes; `--json` keeps the text exact.
    @Test func controlCharactersInAnAddonsNameAreListedAsCodes() throws {
        let store = try CLIStore(orders: 10)
        let folder = TemporaryDirectory("hostile-manifest")
        let package = try manifestPackage(manifest(body: ""), in: folder)
        try folder.write(
            "package/var/langs/en/addons/hostile.po",
            """
            msgid ""
            msgstr ""
            "Language: en\\n"
            "Content-Type: text/plain; charset=UTF-8\\n"

            msgctxt "Addons::name::hostile"
            msgid "Hostile"
            msgstr "Evil\\033[2J\\033]0;t\\007"

            """)
        let install = try store.addonhost(["addon", "install", package])
        #expect(install.status == 0, "\(install.standardError.prefix(2000))")
        let list = try store.addonhost(["addon", "list"])
        #expect(list.standardOutput.contains("Evil<U+001B>[2J<U+001B>]0;t<U+0007>"), "\(list.standardOutput)")
        #expect(!list.standardOutput.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
        let json = try store.addonhost(["addon", "list", "--json"])
        #expect(json.standardOutput.contains(#"Evil\u001b[2J\u001b]0;t\u0007"#), "\(json.standardOutput)")
    }

    /// Each warning of the SQL translator was located by counting from the statement's start, and
    /// `?:` (or an entity) makes an item's SQL differ from the file's text: 20,000 FULLTEXT indexes
    /// in one `<item>` took 8 minutes. The dry run warns of each, the last at its column as written.
    @Test(arguments: [false, true])
    func aQueryOf20000IndexesIsPlannedWithEachLocated(withEntity: Bool) throws {
        let indexes = (0..<20_000).map { ", FULLTEXT KEY k\($0) (a)" }.joined()
        let bytes = manifest(
            body: "<queries><item>CREATE TABLE ?:t (a text\(indexes))\(withEntity ? " COMMENT='a &amp; b'" : "")</item>"
                + "<item for=\"uninstall\">DROP TABLE ?:t</item></queries>")
        let line = String(decoding: bytes, as: UTF8.self).split(separator: "\n")[1]
        let last = try #require(line.firstRange(of: "FULLTEXT KEY k19999 "))
        let store = try CLIStore(orders: 10)
        let folder = TemporaryDirectory("hostile-manifest")
        let package = try manifestPackage(bytes, in: folder)
        let before = try store.dump()

        let plan = try store.addonhost(["addon", "install", "--dry-run", package])
        #expect(plan.status == 0, "\(plan.standardError.prefix(2000))")
        #expect(
            plan.standardError.split(separator: "\n").count { $0.contains("FULLTEXT and SPATIAL indexes") } == 20_000)
        let column = line.distance(from: line.startIndex, to: last.lowerBound) + 1
        #expect(plan.standardError.contains("addon.xml:2:\(column): FULLTEXT and SPATIAL indexes"))
        #expect(try store.dump() == before)
    }

    /// A `.sql` file in CP1251 (Russian dumps often are): decoding makes each Cyrillic byte three,
    /// so places counted as if the statement were the file's bytes landed 12 bytes late (1:30).
    @Test func aSQLFileNotInUTF8IsLocatedFromEachStatementsStart() throws {
        let store = try CLIStore(orders: 10)
        let folder = TemporaryDirectory("hostile-manifest")
        let package = try manifestPackage(
            manifest(body: "<queries><item type=\"file\">data.sql</item></queries>"), in: folder)
        let path = try folder.write("package/app/addons/hostile/data.sql", "")
        let cyrillic: [UInt8] = [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2]  // "Привет" in CP1251
        let text = Array("SELECT '".utf8) + cyrillic + Array("', FROM_UNIXTIME(0) AS x, 1 AS y;\n".utf8)
        try Data(text).write(to: URL(fileURLWithPath: path))
        let before = try store.dump()

        let install = try store.addonhost(["addon", "install", package])
        expectRefusal(install, "data.sql:1:18: error: MySQL function FROM_UNIXTIME()")
        #expect(install.standardError.contains("[sql.mysql-function]"))
        #expect(try store.dump() == before)
    }

    /// Each statement whose `;` was inside a conditional comment ran to the comment's close, here
    /// at the file's end, and searched for it from the file's start: 8,000 such statements took
    /// 306 s. Each now stops where the next comment opens, and is reported where it opens.
    @Test func aSQLFileOf20000UnclosedConditionalCommentsIsReportedStatementByStatement() throws {
        let n = 20_000
        let store = try CLIStore(orders: 10)
        let folder = TemporaryDirectory("hostile-manifest")
        let package = try manifestPackage(
            manifest(body: "<queries><item type=\"file\">data.sql</item></queries>"), in: folder)
        try folder.write(
            "package/app/addons/hostile/data.sql",
            String(repeating: "/*!40101 SET a=1;\n", count: n) + String(repeating: "*/", count: n))
        let before = try store.dump()

        let install = try store.addonhost(["addon", "install", package])
        // The last statement is closed by the first `*/`; the rest of the line is a statement of `*`s.
        expectRefusal(install, "data.sql:\(n - 1):1: error: comment is not closed [sql.syntax]")
        #expect(install.standardError.components(separatedBy: "error: comment is not closed [sql.syntax]").count == n)
        #expect(install.standardError.contains("data.sql:\(n):14: error: SET a cannot be translated"))
        #expect(try store.dump() == before)
    }
}

@Suite struct HostileTemplateTests {
    private func render(_ folder: TemporaryDirectory, _ file: String, _ extra: [String] = []) throws -> ProcessResult {
        try runProcess(
            TestPaths.binary.path, ["template", "render", folder.path + "/" + file, "--dir", folder.path] + extra)
    }

    @Test func aTemplateIncludingItselfIsAClearErrorNotAStackOverflow() throws {
        let folder = TemporaryDirectory("hostile-tpl")
        try folder.write("self.tpl", "{include file=\"self.tpl\"}")
        let result = try render(folder, "self.tpl")
        expectRefusal(result, "including 'self.tpl' nests too deep (an include loop?)")
        #expect(result.standardError.contains("self.tpl:1:1"))
        #expect(result.standardOutput.isEmpty)
    }

    @Test func twoTemplatesIncludingEachOtherAreAClearError() throws {
        let folder = TemporaryDirectory("hostile-tpl")
        try folder.write("a.tpl", "a{include file=\"b.tpl\"}")
        try folder.write("b.tpl", "b{include file=\"a.tpl\"}")
        expectRefusal(try render(folder, "a.tpl"), "nests too deep (an include loop?)")
    }

    @Test func includesNested300DeepStopAtTheIncludeLimit() throws {
        let folder = TemporaryDirectory("hostile-tpl")
        for level in 0..<300 { try folder.write("n\(level).tpl", "{include file=\"n\(level + 1).tpl\"}") }
        try folder.write("n300.tpl", "bottom")
        let result = try render(folder, "n0.tpl")
        expectRefusal(result, "including 'n64.tpl' nests too deep")
    }

    @Test func jsonVariablesNested100000DeepAreRefused() throws {
        let folder = TemporaryDirectory("hostile-tpl")
        try folder.write("a.tpl", "{$a}")
        let vars = try folder.write(
            "vars.json",
            "{\"a\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}")
        expectRefusal(try render(folder, "a.tpl", ["--vars", vars]), "JSON nested deeper than 512 levels")
    }

    @Test func aHugeTemplateIsRenderedWhole() throws {
        let folder = TemporaryDirectory("hostile-tpl")
        let text = String(repeating: "0123456789abcdef", count: 4 << 16)  // 4 MB
        try folder.write("huge.tpl", text + "{$n}")
        let vars = try folder.write("vars.json", "{\"n\": 1}")
        let result = try render(folder, "huge.tpl", ["--vars", vars])
        #expect(result.status == 0, "\(result.standardError.prefix(2000))")
        #expect(result.standardOutput == text + "1")
    }

    @Test func invalidUTF8InATemplateIsReplacedNotFatal() throws {
        let folder = TemporaryDirectory("hostile-tpl")
        try Data([0x62, 0xFF, 0xFE, 0x7B, 0x24, 0x6E, 0x7D] /* b\xFF\xFE{$n} */).write(
            to: folder.url.appendingPathComponent("bad.tpl"))
        let vars = try folder.write("vars.json", "{\"n\": \"!\"}")
        let result = try render(folder, "bad.tpl", ["--vars", vars])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "b\u{FFFD}\u{FFFD}!")
    }

    @Test func aNulByteInATemplateIsTextPassedThrough() throws {
        let folder = TemporaryDirectory("hostile-tpl")
        try folder.write("nul.tpl", "a\u{0}b{$n}")
        let vars = try folder.write("vars.json", "{\"n\": 1}")
        let result = try render(folder, "nul.tpl", ["--vars", vars])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "a\u{0}b1")
    }

    @Test func scriptInVariablesAndLanguageValuesIsEscaped() throws {
        let folder = TemporaryDirectory("hostile-tpl")
        try folder.write("page.tpl", "{__(\"label\")}|{$name}")
        let vars = try folder.write("vars.json", #"{"name": "<img src=x onerror=alert(1)>"}"#)
        let lang = try folder.write("lang.json", #"{"label": "<script>alert('x')</script>"}"#)
        let result = try render(folder, "page.tpl", ["--vars", vars, "--langvars", lang])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(
            result.standardOutput
                == "&lt;script&gt;alert(&#039;x&#039;)&lt;/script&gt;|&lt;img src=x onerror=alert(1)&gt;")
    }

    /// Deep nesting inside one template: the parser (and the renderer after it) recurse once per
    /// level, so the parser stops at a limit (200 levels of expression, 100 of blocks).
    @Test(arguments: [
        ("parentheses", "deep.tpl:1:205"), ("negations", "deep.tpl:1:205"), ("array literals", "deep.tpl:1:205"),
        ("{if} blocks", "deep.tpl:1:601"),
    ])
    func deepNestingInATemplateIsAClearError(kind: String, location: String) throws {
        let n = 20_000
        let text =
            switch kind {
            case "parentheses":
                "{if " + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n) + "}x{/if}"
            case "negations": "{if " + String(repeating: "!", count: n) + "1}x{/if}"
            case "array literals": "{$x=" + String(repeating: "[", count: n) + String(repeating: "]", count: n) + "}"
            default: String(repeating: "{if 1}", count: n) + "x" + String(repeating: "{/if}", count: n)
            }
        let folder = TemporaryDirectory("hostile-tpl")
        try folder.write("deep.tpl", text)
        let result = try render(folder, "deep.tpl")
        expectRefusal(result, "nests too deep")
        #expect(result.standardError.contains(location + ": error: this "), "\(result.standardError.prefix(500))")
        #expect(result.standardError.contains("[templates.nesting-too-deep]"))
        #expect(result.standardOutput.isEmpty)
    }
}

@Suite struct HostileStoreTests {
    @Test func sqlInASettingValueIsStoredLiterally() throws {
        let store = try CLIStore(orders: 10)
        let packages = TemporaryDirectory("hostile-packages")
        #expect(
            try store.addonhost(["addon", "install", fixtureAddon(renamedTo: "load_demo", in: packages)]).status == 0)
        let value = "x'); DROP TABLE cscart_orders; -- \" ; DELETE FROM cscart_settings_objects; \\"
        let set = try store.addonhost(["settings", "set", "load_demo", "greeting=\(value)"])
        #expect(set.status == 0, "\(set.standardError)")
        let get = try store.addonhost(["settings", "get", "load_demo", "greeting"])
        #expect(get.standardOutput == value + "\n")
        #expect(try store.query("SELECT value FROM cscart_settings_objects WHERE name = 'greeting'") == value)
        #expect(try store.query("SELECT count(*) FROM cscart_orders") == "10")
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func htmlAndScriptInCustomerNamesAreEscapedOnTheOrderPage() throws {
        let store = try CLIStore(orders: 10)
        _ = try store.query(
            """
            UPDATE cscart_orders SET firstname = '<script>alert(1)</script>', b_firstname = '"><img src=x onerror=alert(2)>',
            s_city = 'Tom & "Jerry"', phone = '''; DROP TABLE cscart_orders; --' WHERE order_id = 1
            """)
        let result = try store.addonhost(["render", "order", "1"])
        #expect(result.status == 0, "\(result.standardError)")
        let page = result.standardOutput
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
        #expect(page.contains("Tom &amp; &quot;Jerry&quot;"))
        #expect(page.contains("&#039;; DROP TABLE cscart_orders; --"))
        #expect(!page.contains("<script>alert") && !page.contains("<img src=x"))
    }

    @Test func htmlAndScriptInALanguageValueAreEscapedOnTheOrderPage() throws {
        let store = try CLIStore(orders: 10)
        let packages = TemporaryDirectory("hostile-packages")
        #expect(
            try store.addonhost(["addon", "install", fixtureAddon(renamedTo: "load_demo", in: packages)]).status == 0)
        _ = try store.query(
            """
            DELETE FROM cscart_language_values WHERE name = 'load_demo.greeting';
            INSERT INTO cscart_language_values (lang_code, name, value) VALUES ('en', 'load_demo.greeting', '<script>alert("lang")</script>');
            """)
        let result = try store.addonhost(["render", "order", "1"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(
            result.standardOutput.contains(
                "<p class=\"load_demo\">&lt;script&gt;alert(&quot;lang&quot;)&lt;/script&gt;: 1</p>"))
        #expect(!result.standardOutput.contains("<script>alert(\"lang\")"))
    }
}

extension HostileStoreTests {
    /// The settings page prints the connection status line and the tooltips as markup: the
    /// language values in them are escaped.
    @Test func htmlAndScriptInLanguageValuesAreEscapedOnTheSettingsPage() throws {
        let store = try CLIStore(orders: 10)
        let install = try store.addonhost([
            "addon", "install", TestPaths.addons.appendingPathComponent("customer_reliability").path,
        ])
        try #require(install.status == 0, "\(install.standardError)")
        _ = try store.query(
            """
            UPDATE cscart_language_values SET value = '<img src=x onerror=alert(1)>'
                WHERE name = 'customer_reliability.error_service_not_active' AND lang_code = 'en';
            UPDATE cscart_settings_descriptions SET tooltip = '<script>alert(2)</script>'
                WHERE object_type = 'O' AND lang_code = 'en';
            """)
        let result = try store.addonhost(["render", "settings", "customer_reliability"])
        #expect(result.status == 0, "\(result.standardError)")
        let page = result.standardOutput
        #expect(page.contains("<span class=\"muted\">&lt;img src=x onerror=alert(1)&gt;</span>"))
        #expect(page.contains("<span class=\"tooltip\">&lt;script&gt;alert(2)&lt;/script&gt;</span>"))
        #expect(!page.contains("<img src=x") && !page.contains("<script>alert"))
    }
}

/// Hostile `.po` files, checked with `po check` and installed inside the `load_demo` package
/// (the hostile entry first, then the package's own entries).
@Suite struct HostilePoTests {
    static let header = Array(
        """
        msgid ""
        msgstr "Content-Type: text/plain; charset=UTF-8\\n"
        "Language-Team: English\\nLanguage: en_US\\n"

        msgctxt "Languages::load_demo.hostile"
        msgid "Hostile"

        """.utf8)

    /// The package with `entry` (the msgstr lines of `load_demo.hostile`, at line 7) in its .po.
    private func package(msgstr entry: [UInt8], in folder: TemporaryDirectory) throws -> (package: String, po: String) {
        let package = try fixtureAddon(renamedTo: "load_demo", in: folder)
        let po = package + "/var/langs/en/addons/load_demo.po"
        let own = try String(contentsOfFile: po, encoding: .utf8).components(separatedBy: "\n\n").dropFirst()
        try Data(Self.header + entry + Array(("\n" + own.joined(separator: "\n\n")).utf8)).write(
            to: URL(fileURLWithPath: po))
        return (package, po)
    }

    private func stored(_ store: CLIStore) throws -> String {
        try store.query(
            "SELECT length(value) || ' ' || length(CAST(value AS BLOB)) FROM cscart_language_values WHERE name = 'load_demo.hostile' AND lang_code = 'en'"
        )
    }

    @Test func aMillionCharacterMsgstrLineIsAccepted() throws {
        let folder = TemporaryDirectory("hostile-po")
        let (package, po) = try package(
            msgstr: Array(("msgstr \"" + String(repeating: "x", count: 1_000_000) + "\"\n").utf8), in: folder)
        let check = try runProcess(TestPaths.binary.path, ["po", "check", po])
        #expect(check.status == 0, "\(check.standardError.prefix(2000))")
        #expect(check.standardOutput.hasSuffix("load_demo.po: no problems found\n"))
        let store = try CLIStore(orders: 5)
        let install = try store.addonhost(["addon", "install", package])
        #expect(install.status == 0, "\(install.standardError.prefix(2000))")
        #expect(try stored(store) == "1000000 1000000")
        #expect(try store.integrityCheck() == "ok")
    }

    /// Recovery from the first unknown word lexes the other half million on the line; each was
    /// located (a walk of the line to its column) before the one-error-per-line rule dropped it,
    /// which took 44 s for 50,000 words and would take an hour for these.
    @Test func aMillionCharacterLineOfUnknownWordsIsOneError() throws {
        let folder = TemporaryDirectory("hostile-po")
        let words = Array(repeating: "x", count: 500_000).joined(separator: " ")
        let (_, po) = try package(msgstr: Array("msgstr \"\"\n\(words)\n".utf8), in: folder)
        let check = try runProcess(TestPaths.binary.path, ["po", "check", po])
        expectRefusal(check, "load_demo.po:8:1: error: keyword \"x\" unknown [po.unknown-keyword]")
        let printed = (check.standardOutput + check.standardError).split(separator: "\n")
        #expect(printed.count { $0.contains("error:") } == 1)
        #expect(printed.contains(" 8 | " + String(repeating: "x ", count: 60) + "..."))
    }

    /// 100,000 messages without msgstr on one line: each was found to start by a walk back to the
    /// line's start, which took 471 s (debug build) for these.
    @Test func aLineOfMessagesWithoutMsgstrIsOneError() throws {
        let folder = TemporaryDirectory("hostile-po")
        let messages = String(repeating: "msgid \"a\" ", count: 100_000)
        let (_, po) = try package(msgstr: Array("msgstr \"\"\n\(messages)\n".utf8), in: folder)
        let check = try runProcess(TestPaths.binary.path, ["po", "check", po])
        expectRefusal(check, "load_demo.po:8:1: error: missing `msgstr` section [po.missing-msgstr]")
        #expect((check.standardOutput + check.standardError).components(separatedBy: "error:").count == 2)
    }

    /// Uninstall deleted each language variable by name, which is not a key of the table
    /// (`lang_code, name` is): each delete read the whole table, and 20,000 names took 31 s.
    @Test func anAddonOf50000LanguageVariablesUninstallsByKey() throws {
        let folder = TemporaryDirectory("hostile-po")
        let (package, po) = try package(msgstr: Array("msgstr \"Hostile\"\n".utf8), in: folder)
        let entries = (0..<50_000).map { "\nmsgctxt \"Languages::load_demo.v\($0)\"\nmsgid \"V\"\nmsgstr \"V\"\n" }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: po))
        handle.seekToEndOfFile()
        handle.write(Data(entries.joined().utf8))
        try handle.close()
        let store = try CLIStore(orders: 5)
        let before = try store.dump()
        let install = try store.addonhost(["addon", "install", package])
        #expect(install.status == 0, "\(install.standardError.prefix(2000))")
        #expect(try store.query("SELECT count(*) FROM cscart_language_values WHERE name LIKE 'load_demo.v%'") != "0")
        let uninstall = try store.addonhost(["addon", "uninstall", "load_demo"])
        #expect(uninstall.status == 0, "\(uninstall.standardError.prefix(2000))")
        #expect(try store.dump() == before)
    }

    /// `lang check` locates each finding by line and column; each was a walk from the line's
    /// start, and 8,000 entries on one line took 212 s (debug build).
    @Test func langCheckOfEntriesOnOneLineLocatesEach() throws {
        let folder = TemporaryDirectory("hostile-po")
        let package = try fixtureAddon(renamedTo: "load_demo", in: folder)
        let entries = (0..<5_000).map { "msgctxt \"Languages::load_demo.k\($0)\" msgid \"K\($0)\" msgstr \"\" " }
        let header = "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\"Language: ru_RU\\n\"\n\n"
        try folder.write("load_demo/var/langs/ru/addons/load_demo.po", header + entries.joined() + "\n")
        let check = try runProcess(TestPaths.binary.path, ["lang", "check", package])
        let output = check.standardOutput + check.standardError
        let lastMsgstr = entries.joined().utf8.count - "msgstr \"\" ".utf8.count + 1
        #expect(
            output.contains("load_demo.po:5:\(lastMsgstr): warning: \"Languages::load_demo.k4999\" is not translated"),
            "\(output.suffix(2000))")
        #expect(output.components(separatedBy: "is not translated (empty msgstr)").count == 5_001)
    }

    @Test func invalidUTF8IsALocatedErrorAndTheInstallIsRefused() throws {
        let folder = TemporaryDirectory("hostile-po")
        let (package, po) = try package(
            msgstr: Array("msgstr \"ab".utf8) + [0xFF, 0xFE] + Array(" cd\"\n".utf8), in: folder)
        let check = try runProcess(TestPaths.binary.path, ["po", "check", po])
        expectRefusal(check, "load_demo.po:7:11: error: invalid UTF-8 byte sequence [po.invalid-utf8]")
        // What the install refuses, validate reports first.
        expectRefusal(
            try runProcess(TestPaths.binary.path, ["addon", "validate", package]),
            "load_demo.po:7:11: error: invalid UTF-8 byte sequence [po.invalid-utf8]")
        let store = try CLIStore(orders: 5)
        let before = try store.dump()
        let files = store.files()
        let install = try store.addonhost(["addon", "install", package])
        expectRefusal(
            install, "load_demo.po:7:11: error: the language file cannot be read: invalid UTF-8 byte sequence")
        #expect(try store.dump() == before)
        #expect(store.files() == files)
    }

    /// A raw NUL byte is refused at its line and column. GNU gettext ends the text there (the .mo
    /// msgfmt writes keeps "ab" of "ab<NUL>cd"); storing the whole text would make the file mean
    /// one thing here and another to every gettext tool, and cutting it would lose text silently.
    @Test func aNulByteIsRefused() throws {
        let folder = TemporaryDirectory("hostile-po")
        let (package, po) = try package(msgstr: Array("msgstr \"ab".utf8) + [0] + Array("cd\"\n".utf8), in: folder)
        let check = try runProcess(TestPaths.binary.path, ["po", "check", po])
        expectRefusal(check, "load_demo.po:7:11: error: string contains a NUL byte [po.nul-byte]")
        let store = try CLIStore(orders: 5)
        let before = try store.dump()
        let install = try store.addonhost(["addon", "install", package])
        expectRefusal(install, "load_demo.po:7:11: error: the language file cannot be read: string contains a NUL byte")
        #expect(try store.dump() == before)
        if commandExists("msgfmt") && commandExists("msgunfmt") {
            let mo = folder.path + "/en.mo"
            #expect(try runProcess("msgfmt", ["-o", mo, po]).status == 0)
            #expect(try runProcess("msgunfmt", [mo]).standardOutput.contains("msgid \"Hostile\"\nmsgstr \"ab\"\n"))
        }
    }

    @Test func aMsgstrContinuedOver100000LinesIsAccepted() throws {
        let folder = TemporaryDirectory("hostile-po")
        let (package, po) = try package(
            msgstr: Array(("msgstr \"\"\n" + String(repeating: "\"ab\"\n", count: 100_000)).utf8), in: folder)
        let check = try runProcess(TestPaths.binary.path, ["po", "check", po])
        #expect(check.status == 0, "\(check.standardError.prefix(2000))")
        let store = try CLIStore(orders: 5)
        let install = try store.addonhost(["addon", "install", package])
        #expect(install.status == 0, "\(install.standardError.prefix(2000))")
        #expect(try stored(store) == "200000 200000")
    }

    /// The Plural-Forms parser recursed once per parenthesis until it had a nesting limit.
    @Test func aPluralFormsExpressionNested100000DeepIsAClearError() throws {
        let folder = TemporaryDirectory("hostile-po")
        let expression = String(repeating: "(", count: 100_000) + "n != 1" + String(repeating: ")", count: 100_000)
        let po = try folder.write(
            "en.po",
            """
            msgid ""
            msgstr "Content-Type: text/plain; charset=UTF-8\\n"
            "Plural-Forms: nplurals=2; plural=\(expression);\\n"

            msgid "one"
            msgid_plural "many"
            msgstr[0] "a"
            msgstr[1] "b"

            """)
        let check = try runProcess(TestPaths.binary.path, ["po", "check", po])
        // Reported at the header's msgstr, where the Plural-Forms field is.
        expectRefusal(check, "en.po:2:1: error: invalid Plural-Forms")
        #expect(check.standardError.contains("nests deeper than 100 levels"))
    }
}

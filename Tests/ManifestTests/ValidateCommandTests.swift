import Basics
import Foundation
import TestSupport
import Testing

/// Transcripts of the real binary (`swift build --product addonhost` first).
@Suite("addonhost addon validate")
struct ValidateCommandTests {
    let binary = TestPaths.binary.path

    @Test("a valid package: no problems, exit 0")
    func validPackage() throws {
        let result = try runProcess(
            binary, ["addon", "validate", TestPaths.addons.appendingPathComponent("customer_reliability").path])
        #expect(result.status == 0)
        #expect(result.standardOutput == "no problems found\n")
        #expect(result.standardError == "")
    }

    @Test("a broken package: compiler-style diagnostics with caret and hint, a summary, exit 1")
    func brokenPackage() throws {
        let root = TestPaths.packageRoot.path
        let result = try runProcess(
            binary, ["addon", "validate", "Tests/ManifestTests/Fixtures/broken"], currentDirectory: root)
        #expect(result.status == 1)
        let expectedStart = """
            Tests/ManifestTests/Fixtures/broken/app/addons/broken_demo/addon.xml:8:15: warning: <has_icon>N</has_icon> still means the add-on has an icon [manifest.has-icon-n]
             8 |     <has_icon>N</has_icon>
               |               ^
              hint: CS-Cart casts any non-empty text to true; remove the element instead
            """
        #expect(result.standardOutput.hasPrefix(expectedStart))
        #expect(
            result.standardOutput.contains(
                """
                addon.xml:25:31: warning: setting type "text" is not a CS-Cart type; the setting is stored typeless, a text field [manifest.unknown-setting-type]
                 25 |                         <type>text</type>
                    |                               ^
                  hint: did you mean "input" (one line) or "textarea" (several lines)?
                """))
        // 10 warnings of the manifest (5 of them what CS-Cart installs typeless or skips), 9 of
        // settings without their text in the package's .po, and the three the install gives of that
        // .po (no charset; `Language: en` without a country, and no Language-Team, which CS-Cart's
        // pack meta needs).
        #expect(result.standardOutput.contains("[lang.missing-setting-text]"))
        #expect(result.standardOutput.contains("broken_demo.po:2:1: warning: header declares no charset [po.charset]"))
        #expect(result.standardOutput.hasSuffix("\n3 errors, 22 warnings\n"))
    }

    @Test("--json prints the model and the diagnostics")
    func json() throws {
        let result = try runProcess(
            binary,
            [
                "addon", "validate", "--json",
                TestPaths.fixtures("ManifestTests").appendingPathComponent("broken/app/addons/broken_demo/addon.xml")
                    .path,
            ])
        #expect(result.status == 1)
        let value = try JSONValue.parse(result.standardOutput)
        #expect(value["ok"] == .bool(false))
        #expect(value["manifest"]?["id"] == .string("broken_demo"))
        #expect(value["manifest"]?["compatibility"]?["coreVersionMax"] == .string("4.13.3"))
        guard case .array(let diagnostics) = value["diagnostics"] else {
            Issue.record("no diagnostics array")
            return
        }
        #expect(diagnostics.count == 25)  // 3 errors and 22 warnings, as in the report above
        #expect(diagnostics.first?["id"] == .string("manifest.has-icon-n"))
        #expect(diagnostics.first?["line"] == .int(8))
    }

    @Test("not-well-formed XML and a missing path fail with a located error")
    func failures() throws {
        let folder = TemporaryDirectory()
        let file = try folder.write("app/addons/x/addon.xml", "<addon scheme=\"3.0\">\n<id>x</id>\n</adon>\n")
        let result = try runProcess(binary, ["addon", "validate", file])
        #expect(result.status == 1)
        #expect(
            result.standardOutput.contains(
                "addon.xml:3:8: error: Opening and ending tag mismatch: addon line 1 and adon [xml.not-well-formed]"))
        let missing = try runProcess(binary, ["addon", "validate", folder.path + "/nothing"])
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("no such file or folder"))
    }

    /// Archives made by `addon pack`, validated with the temporary folder kept in a TMPDIR of
    /// the test's own, so that its removal can be seen.
    struct Archives {
        let binary = TestPaths.binary.path
        let folder = TemporaryDirectory()
        var temporary: String { folder.path + "/tmp" }

        init() throws {
            try FileManager.default.createDirectory(atPath: folder.path + "/tmp", withIntermediateDirectories: true)
        }

        func pack(_ source: String, as name: String) throws {
            let result = try runProcess(binary, ["addon", "pack", source, "--out", folder.path + "/" + name])
            try #require(result.status == 0, "pack: \(result.standardError)")
        }

        func validate(_ arguments: [String]) throws -> ProcessResult {
            var environment = ProcessInfo.processInfo.environment
            environment["TMPDIR"] = temporary
            return try runProcess(
                binary, ["addon", "validate"] + arguments, environment: environment, currentDirectory: folder.path)
        }

        var leftovers: [String] { (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? ["?"] }
    }

    @Test("an archive is extracted, validated and removed; its files are named inside the archive")
    func archives() throws {
        let archives = try Archives()
        try archives.pack(
            TestPaths.packageRoot.appendingPathComponent("addons/customer_reliability").path,
            as: "customer_reliability.tgz")
        let valid = try archives.validate(["customer_reliability.tgz"])
        #expect(valid.status == 0, "\(valid.standardOutput)\(valid.standardError)")
        #expect(!valid.standardOutput.contains("addonhost-validate"))
        #expect(archives.leftovers.isEmpty)

        try archives.pack(TestPaths.fixtures("ManifestTests").appendingPathComponent("broken").path, as: "broken.zip")
        let broken = try archives.validate(["broken.zip"])
        #expect(broken.status == 1)
        #expect(
            broken.standardOutput.contains(
                """
                broken.zip:app/addons/broken_demo/addon.xml:25:31: warning: setting type "text" is not a CS-Cart type; the setting is stored typeless, a text field [manifest.unknown-setting-type]
                 25 |                         <type>text</type>
                """))
        #expect(broken.standardOutput.hasSuffix("\n3 errors, 22 warnings\n"))
        #expect(!broken.standardOutput.contains(archives.temporary))
        let json = try JSONValue.parse(try archives.validate(["--json", "broken.zip"]).standardOutput)
        guard case .array(let diagnostics) = json["diagnostics"] else {
            Issue.record("no diagnostics array")
            return
        }
        #expect(diagnostics.first?["file"] == .string("broken.zip:app/addons/broken_demo/addon.xml"))
        #expect(archives.leftovers.isEmpty)
    }

    @Test("an archive without a package fails naming the archive, and leaves nothing behind")
    func archiveWithoutPackage() throws {
        let archives = try Archives()
        _ = try archives.folder.write("src/README.md", "no add-on here\n")
        let tar = try runProcess(
            "tar", ["czf", archives.folder.path + "/empty.tgz", "-C", archives.folder.path + "/src", "."])
        try #require(tar.status == 0)
        let result = try archives.validate(["empty.tgz"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("empty.tgz: incorrect add-on structure"), "\(result.standardError)")
        #expect(!result.standardError.contains(archives.temporary))
        #expect(archives.leftovers.isEmpty)
    }
}

import Basics
import Foundation
import Gettext
import TestSupport
import Testing

/// Agreement with GNU gettext is the test: the real msgfmt and msgunfmt decide.
@Suite(.enabled(if: Oracle.available, "needs GNU gettext (msgfmt, msgunfmt); `make deps` installs it"))
struct OracleAgreementTests {
    /// Files msgfmt accepts must give the entries msgfmt writes to the .mo; files it rejects must be
    /// rejected on the same lines.
    func agree(_ path: String) throws {
        let (catalog, diagnostics) = try parse(path: path)
        let oracle = try Oracle.check(path)
        #expect(
            !diagnostics.hasErrors == oracle.accepted,
            "\(path): msgfmt accepted=\(oracle.accepted); we said \(diagnostics.errors)")
        if oracle.accepted {
            let directory = TemporaryDirectory()
            let compiled = try Oracle.compile(path, in: directory)
            let ours = Oracle.expected(catalog)
            #expect(ours == MoMessage.sorted(compiled.mo), "\(path): entries differ from the .mo")
            // msgunfmt's text, read by us, means what the .mo holds (checks our reading of its escapes).
            let (unfmt, unfmtDiagnostics) = parse(compiled.msgunfmt, path: "msgunfmt-output.po")
            #expect(!unfmtDiagnostics.hasErrors)
            // msgunfmt drops non-ASCII text when the header declares no charset; compare only when it does.
            if catalog.header.charset != nil {
                let read = Oracle.expected(unfmt)
                let mo = MoMessage.sorted(compiled.mo)
                #expect(
                    read == mo,
                    "\(path): msgunfmt output differs: \(read.filter { !mo.contains($0) }) vs \(mo.filter { !read.contains($0) })"
                )
            }
        } else {
            #expect(Oracle.errorLines(diagnostics) == oracle.errorLines, "\(path): error lines differ")
        }
    }

    @Test func corpusFilesAgreeWithMsgfmt() throws {
        let files = corpusPoFiles()
        #expect(files.count >= 40)
        for file in files { try agree(file) }
    }

    @Test(arguments: fixtureFiles("valid"))
    func validFixturesAgreeWithMsgfmt(_ path: String) throws {
        try agree(path)
        #expect(try Oracle.check(path).accepted)
    }

    @Test(arguments: fixtureFiles("broken"))
    func brokenFixturesAreRejectedOnTheSameLines(_ path: String) throws {
        let (_, diagnostics) = try parse(path: path)
        #expect(diagnostics.hasErrors)
        #expect(!(try Oracle.check(path).accepted))
        try agree(path)
    }

    @Test(arguments: [(UInt64(1), false), (2, true), (3, false), (4, false)])
    func generatedFilesAgreeWithMsgfmt(seed: UInt64, crlf: Bool) throws {
        var generator = PoGenerator(seed: seed)
        let directory = TemporaryDirectory()
        let text = generator.file(entries: 400, crlf: crlf)
        // Translated format entries, so that the agreement covers msgfmt's format check too.
        #expect(text.contains("\n#, php-format") && text.contains("\n#, c-format"))
        let path = try directory.write("generated-\(seed).po", text)
        #expect(try Oracle.check(path).accepted)
        try agree(path)
    }
}

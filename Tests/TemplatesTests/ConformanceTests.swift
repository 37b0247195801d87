import Basics
import Foundation
import Templates
import TestSupport
import Testing

/// Every case under Fixtures/conformance is rendered by real Smarty 4 (the oracle) and by the
/// engine; the outputs must be byte-identical.
@Suite struct ConformanceTests {
    static let directory = TestPaths.fixtures("TemplatesTests").appendingPathComponent("conformance")

    @Test func outputMatchesSmartyByteForByte() throws {
        #expect(commandExists("php"), "the oracle needs php-cli and smarty4 (installed by .ci/run)")
        let output = TemporaryDirectory("smarty-oracle")
        let run = try runSmartyOracle(["--each", Self.directory.path, output.path])
        #expect(run.status == 0, "\(run.standardError)")

        let cases = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        #expect(cases.count >= 60)
        var compared = 0
        for name in cases {
            let base = String(name.dropLast(".json".count))
            let expected = try String(contentsOfFile: output.path + "/\(base).out", encoding: .utf8)
            let actual = try render(Self.directory.appendingPathComponent(name).path)
            #expect(actual == expected, "\(name)")
            compared += 1
        }
        print("Smarty conformance: \(compared) cases compared byte for byte")
    }

    /// Renders a case in the oracle's format, with the oracle's `__()` (a missing name prints
    /// as itself) and PHP's own constants.
    private func render(_ path: String) throws -> String {
        let file = SourceFile(path: path, bytes: Array(FileManager.default.contents(atPath: path)!))
        let testCase = try TemplateCase(file: file)
        return try testCase.engine().render(
            testCase.template, variables: testCase.variables,
            context: testCase.context(RenderContext(constants: ["PHP_EOL": "\n"])))
    }
}

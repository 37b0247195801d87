import Foundation
import TestSupport
import Testing

/// The hook template's conformance cases (`Fixtures/smarty/*.json`, shared with the Templates
/// tests) hold the shipped template and render in real Smarty 4 to the expected HTML beside them.
struct TemplateTests {
    static let cases: [String] = {
        let folder = TestPaths.fixtures("CustomerReliabilityTests").appendingPathComponent("smarty")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted().map { folder.appendingPathComponent($0).path }
    }()

    @Test func thereAreCases() { #expect(Self.cases.count >= 5) }

    @Test(arguments: cases)
    func caseHoldsTheShippedTemplateAndRendersInSmarty(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let name = try #require(object["template"] as? String)
        let templates = try #require(object["templates"] as? [String: String])
        let shipped = try String(
            contentsOf: TestPaths.addons.appendingPathComponent(
                "customer_reliability/design/backend/templates/\(name)"), encoding: .utf8)
        #expect(templates[name] == shipped, "regenerate the case: the shipped template changed")

        let result = try runSmartyOracle([path])
        #expect(result.status == 0, "\(result.standardError)")
        let expected = try String(
            contentsOfFile: path.replacingOccurrences(of: ".json", with: ".html"), encoding: .utf8)
        #expect(result.standardOutput == expected)
    }
}

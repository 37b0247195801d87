import Foundation
import TestSupport
import Testing

@Suite("addonhost render, through the real binary")
struct RenderCommandTests {
    let folder = TemporaryDirectory("render-cli")
    var store: String { folder.path + "/store" }

    func addonhost(_ arguments: String...) throws -> ProcessResult {
        try runProcess(TestPaths.binary.path, ["--store", store] + arguments, environment: ["PATH": "/usr/bin:/bin"])
    }

    @Test func renderOrderWritesAnHTMLFile() throws {
        #expect(try addonhost("init", "--orders", "6").status == 0)
        #expect(
            try addonhost("addon", "install", TestPaths.fixtures("PagesTests").appendingPathComponent("zeta").path)
                .status == 0)
        let out = folder.path + "/order.html"
        let result = try addonhost("render", "order", "4", "--lang", "ru", "--out", out)
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("Wrote \(out)"))
        #expect(result.standardError.contains("zeta.not_translated"), "a missing language variable is reported")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        #expect(html.contains("Заказ #4") && html.contains("zeta pre") && html.contains("_zeta.not_translated"))

        let settings = try addonhost("render", "settings", "zeta")
        #expect(settings.status == 0)
        #expect(settings.standardOutput.contains("<legend>general</legend>"))
        #expect(!settings.standardOutput.contains("planted-secret-value"))
    }

    @Test func aMissingOrderFailsWithExitOne() throws {
        #expect(try addonhost("init", "--orders", "2").status == 0)
        let result = try addonhost("render", "order", "77")
        #expect(result.status == 1)
        #expect(result.standardError.contains("no order #77"))
        #expect(result.standardOutput.isEmpty)
        #expect(try addonhost("render", "order", "seven").status == 64)
    }
}

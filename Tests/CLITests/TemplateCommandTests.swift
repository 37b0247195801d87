import Foundation
import TestSupport
import Testing

/// `addonhost template render` run as the real binary.
@Suite struct TemplateCommandTests {
    @Test func rendersWithVariablesLanguageVariablesAndIncludes() throws {
        let dir = TemporaryDirectory()
        try dir.write(
            "tpl/addons/x/hooks/orders/customer_info.post.tpl",
            "{include file=\"common/h.tpl\" title=__(\"orders\", [\"[n]\" => $count])}{$name}\n")
        try dir.write("tpl/common/h.tpl", "<h4>{$title}</h4>")
        let vars = try dir.write("vars.json", #"{"count": 3, "name": "<Ann>"}"#)
        let lang = try dir.write("lang.json", #"{"orders": "Orders: [n]"}"#)
        let result = try runProcess(
            TestPaths.binary.path,
            [
                "template", "render", "addons/x/hooks/orders/customer_info.post.tpl", "--dir", dir.path + "/tpl",
                "--vars", vars, "--langvars", lang,
            ])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "<h4>Orders: 3</h4>&lt;Ann&gt;\n")
    }

    @Test func syntaxErrorsExitOneWithFileLineColumn() throws {
        let dir = TemporaryDirectory()
        let file = try dir.write("bad.tpl", "ok\n{if $a}{$a|shout}{/if}")
        let result = try runProcess(TestPaths.binary.path, ["template", "render", file])
        #expect(result.status == 1)
        #expect(
            result.standardError.contains("bad.tpl:2:12: error: unknown modifier '|shout' [templates.unknown-modifier]")
        )
        #expect(result.standardOutput.isEmpty)
    }

    @Test func rendersAnOracleCaseAndTimesRepeatedRenders() throws {
        let dir = TemporaryDirectory()
        let testCase = try dir.write(
            "case.json",
            #"{"templates": {"main.tpl": "{__(\"n\", [\"[n]\" => $n])} {$html}"}, "template": "main.tpl", "vars": {"n": 2, "html": "<b>"}, "langvars": {"n": "N=[n]"}, "escape_html": false}"#
        )
        let rendered = try runProcess(TestPaths.binary.path, ["template", "render", "--case", testCase])
        #expect(rendered.status == 0, "\(rendered.standardError)")
        #expect(rendered.standardOutput == "N=2 <b>")

        let timed = try runProcess(
            TestPaths.binary.path, ["template", "render", "--case", testCase, "--repeat", "3", "--time"])
        #expect(timed.status == 0, "\(timed.standardError)")
        #expect(timed.standardOutput.hasPrefix("renders=3 seconds="))
        #expect(timed.standardOutput.contains(" per_render_us="))

        let usage = try runProcess(TestPaths.binary.path, ["template", "render", "--repeat", "3"])
        #expect(usage.status == 64)
    }
}

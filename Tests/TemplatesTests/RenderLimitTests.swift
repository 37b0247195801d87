import Basics
import Templates
import Testing

/// Templates that would loop or grow without end. PHP stops them with its time and memory
/// limits; the engine stops each at a limit of loop passes and includes (5 million) or of bytes
/// (32 MiB of output, or in one text), with a located error, in bounded time and memory.
@Suite struct RenderLimitTests {
    private func failure(_ templates: [String: String], context: RenderContext = RenderContext()) throws
        -> Diagnostic
    {
        let engine = TemplateEngine(source: MemoryTemplateSource(templates))
        let error = try #require(throws: Diagnostic.self) {
            try engine.render("main.tpl", variables: [:], context: context)
        }
        #expect(error.id == "templates.render-limit")
        return error
    }

    private func failure(_ template: String) throws -> Diagnostic { try failure(["main.tpl": template]) }

    @Test(arguments: [
        "{section name=i loop=2000000000}{/section}",
        // The pass count at Int.max overflowed (a trap) before it was worked out without overflow.
        "{section name=i loop=9223372036854775807}{/section}",
        "{section name=i loop=9223372036854775807 start=-1 step=-1}{/section}",
        "{section name=i loop=100}{section name=j loop=100}{section name=k loop=100}{section name=l loop=100}{/section}{/section}{/section}{/section}",
    ])
    func loopsStopAfterFiveMillionPasses(_ template: String) throws {
        let error = try failure(template)
        #expect(error.message == "this render makes more than 5000000 loop passes and includes")
        #expect(error.location?.line == 1)
    }

    @Test func includesThatDoubleAtEachLevelStop() throws {
        // 2^40 renders of the last template, without a loop.
        var templates = ["main.tpl": #"{include file="t0.tpl"}"#, "t40.tpl": "x"]
        for level in 0..<40 {
            templates["t\(level).tpl"] = #"{include file="t\#(level + 1).tpl"}{include file="t\#(level + 1).tpl"}"#
        }
        let error = try failure(templates)
        #expect(error.message == "this render makes more than 5000000 loop passes and includes")
        #expect(error.notes.contains { $0.message == "included from here" })
    }

    @Test func outputStopsAt32MiB() throws {
        let error = try failure("{section name=i loop=2000000000}" + String(repeating: "x", count: 64) + "{/section}")
        #expect(error.message == "this render writes more than 33554432 bytes")
    }

    /// Each doubles a text at each pass: 40 passes would be a terabyte.
    @Test(arguments: [
        ("{$x=\"ab\"}{section name=i loop=40}{$x=\"`$x``$x`\"}{/section}", 38),
        ("{$x=\"ab\"}{section name=i loop=40}{$x=$x|cat:$x}{/section}", 41),
        ("{$x=\"ab\"}{section name=i loop=40}{$x=$x|replace:\"a\":\"aa\"}{/section}", 41),
        ("{$x=\"ab\"}{$a=[]}{section name=i loop=40}{$a=[$x,$x]}{$x=$a|implode:\"\"}{/section}", 60),
    ])
    func aTextStopsAt32MiB(_ template: String, column: Int) throws {
        let error = try failure(template)
        #expect(error.message == "this text grows beyond 33554432 bytes")
        #expect(error.location?.column == column)
    }

    /// A translation that repeats its placeholder a thousand times, fed its own result.
    @Test(arguments: [
        #"{$x="ab"}{section name=i loop=40}{$x=__("k", ["[a]" => $x])}{/section}"#,
        #"{$x="ab"}{section name=i loop=40}{$p=["[a]" => $x]}{$x=__("k", $p)}{/section}"#,
    ])
    func aTranslationThatRepeatsAPlaceholderStops(_ template: String) throws {
        let repeated = String(repeating: "[a]", count: 1000)
        let error = try failure(["main.tpl": template], context: RenderContext(translate: { _ in repeated }))
        #expect(error.message == "this text grows beyond 33554432 bytes")
        let column = template.distance(from: template.startIndex, to: template.firstRange(of: "__(")!.lowerBound) + 1
        #expect(error.location?.column == column)
    }

    @Test func aRegularExpressionThatBacktracksWithoutEndStops() throws {
        // 40 a's: 2^40 ways to split them, tried before the `b` fails the match.
        let error = try failure(#"{""# + String(repeating: "a", count: 40) + #"b"|regex_replace:"/(a+)+$/":"x"}"#)
        #expect(error.message == "regex_replace: the pattern backtracks too long on this text")
        #expect(error.location?.column == 46)
    }

    @Test func aRegularExpressionReplacementRepeatedAtEveryMatchStops() throws {
        let error = try failure(
            #"{$x=""# + String(repeating: "a", count: 1000) + #""}{$x|regex_replace:"/./":""#
                + String(repeating: "$0", count: 40_000) + #""}"#)
        #expect(error.message == "this text grows beyond 33554432 bytes")
    }

    /// The search reports progress at every position: a long search without backtracking is not stopped.
    @Test func aLongSearchWithoutBacktrackingIsNotStopped() throws {
        let text = Value.string(String(repeating: "ab", count: 100_000))
        let rendered = try TemplateEngine(
            source: MemoryTemplateSource([
                "main.tpl": #"{$x|regex_replace:"/z/":"y"|strlen} {$x|regex_replace:"/a/":"cc"|strlen}"#
            ])
        ).render("main.tpl", variables: ["x": text], context: RenderContext())
        #expect(rendered == "200000 300000")
    }
}

import Basics
import Foundation
import Templates
import Testing

/// Hostile nesting: the parser refuses it at a located error instead of overflowing the stack,
/// and the deepest templates it accepts render even 64 includes deep.
@Suite struct NestingTests {
    private func parseError(_ source: String) -> Diagnostic? {
        do {
            _ = try TemplateEngine(source: MemoryTemplateSource(["main.tpl": source])).render(
                "main.tpl", variables: [:])
            return nil
        } catch {
            return error as? Diagnostic
        }
    }

    private static func repeated(_ s: String, _ n: Int) -> String { String(repeating: s, count: n) }

    @Test(arguments: TooDeep.all)
    func tooDeepIsALocatedError(_ input: TooDeep) throws {
        let diagnostic = try #require(parseError(input.source))
        #expect(diagnostic.id == "templates.nesting-too-deep")
        #expect(diagnostic.location?.description == input.location)
        #expect(diagnostic.message.contains("this \(input.what) nests too deep"), "\(diagnostic.message)")
    }

    @Test func theLimitsThemselvesAreAccepted() throws {
        let engine = TemplateEngine(
            source: MemoryTemplateSource([
                "parens.tpl": "{if " + Self.repeated("(", 199) + "1" + Self.repeated(")", 199) + "}x{/if}",
                "blocks.tpl": Self.repeated("{if 1}", 100) + "x" + Self.repeated("{/if}", 100),
                "sum.tpl": "{1" + Self.repeated("+1", 199) + "}",
            ]))
        #expect(try engine.render("parens.tpl", variables: [:]) == "x")
        #expect(try engine.render("blocks.tpl", variables: [:]) == "x")
        #expect(try engine.render("sum.tpl", variables: [:]) == "200")
    }

    /// Templates t0…t63, each including the next from inside `blocks` nested blocks of every
    /// kind, the last printing an expression 200 levels deep.
    static func includeChain(blocks: Int, last lastBlocks: Int) -> TemplateEngine {
        let opens = [
            "{if $one}", "{foreach $list as $item}", "{capture name=\"c\"}", "{hook name=\"a:b\"}",
            "{section name=s loop=1}",
        ]
        let closes = ["{/if}", "{/foreach}", "{/capture}{$smarty.capture.c nofilter}", "{/hook}", "{/section}"]
        var templates: [String: String] = [:]
        for level in 0..<64 {
            var text =
                level == 63
                ? "{" + repeated("intval(", 198) + "$x" + repeated(")", 198) + "}"
                : "{include file=\"t\(level + 1).tpl\"}"
            for block in (0..<(level == 63 ? lastBlocks : blocks)).reversed() {
                let kind = (level + block) % opens.count
                text = opens[kind] + text + closes[kind]
            }
            templates["t\(level).tpl"] = text
        }
        return TemplateEngine(source: MemoryTemplateSource(templates))
    }

    static func render(_ engine: TemplateEngine) throws -> String {
        try engine.render("t0.tpl", variables: ["one": 1, "list": [1], "x": 7])
    }

    /// The render limit exactly: 64 templates of 3 blocks, each 4 levels deep, make 256.
    static let deepest = includeChain(blocks: 3, last: 3)

    @Test func theDeepestRenderAllowedRunsOnATestThread() throws {
        #expect(try Self.render(Self.deepest) == "7")
    }

    /// A secondary thread of 8 MB, as Linux gives by default; in a release build the deepest
    /// render needs far less.
    @Test func theDeepestRenderAllowedRunsOnAnEightMegabyteThread() throws {
        /// Written by the thread before it signals, read after the wait.
        final class Outcome: @unchecked Sendable { var result: Result<String, any Error>? }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            outcome.result = Result { try Self.render(Self.deepest) }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        done.wait()
        #expect(try outcome.result?.get() == "7")
    }

    @Test(arguments: [(3, 4, "t62.tpl:1:"), (100, 100, "t1.tpl:1:")])
    func deeperBlocksAcrossIncludesAreAClearError(blocks: Int, last: Int, at location: String) throws {
        do {
            _ = try Self.render(Self.includeChain(blocks: blocks, last: last))
            Issue.record("rendered")
        } catch let diagnostic as Diagnostic {
            #expect(diagnostic.id == "templates.nesting-too-deep")
            #expect(diagnostic.message.contains("nests too deep: more than 256 levels of blocks across the includes"))
            #expect(diagnostic.location?.description.hasPrefix(location) == true, "\(diagnostic)")
        }
    }
}

/// A template nested too deep and where the error must point.
struct TooDeep: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let source: String
    let location: String
    let what: String

    private static func repeated(_ s: String, _ n: Int) -> String { String(repeating: s, count: n) }

    /// The first level past the limit of each kind is where the error points.
    static let all = [
        TooDeep(
            testDescription: "parentheses",
            source: "{if " + repeated("(", 10_000) + "1" + repeated(")", 10_000) + "}x{/if}",
            location: "main.tpl:1:205", what: "expression"),
        TooDeep(
            testDescription: "negations", source: "{if " + repeated("!", 10_000) + "1}x{/if}",
            location: "main.tpl:1:205", what: "expression"),
        TooDeep(
            testDescription: "array literals", source: "{$x=" + repeated("[", 10_000) + repeated("]", 10_000) + "}",
            location: "main.tpl:1:205", what: "expression"),
        TooDeep(
            testDescription: "a chain of operators", source: "{1" + repeated("+1", 10_000) + "}",
            location: "main.tpl:1:402", what: "expression"),
        TooDeep(
            testDescription: "a long path", source: "{$x" + repeated(".a", 10_000) + "}", location: "main.tpl:1:404",
            what: "expression"),
        TooDeep(
            testDescription: "a chain of modifiers", source: "{$x" + repeated("|trim", 10_000) + "}",
            location: "main.tpl:1:1000", what: "expression"),
        TooDeep(
            testDescription: "variable keys", source: "{$a" + repeated(".$a", 10_000) + "}", location: "main.tpl:1:304",
            what: "expression"),
        TooDeep(
            testDescription: "parentheses in an equation",
            source: "x\n {math equation=\"" + repeated("(", 10_000) + "1" + repeated(")", 10_000) + "\"}",
            location: "main.tpl:2:2",
            what: "equation"),
        TooDeep(
            testDescription: "a chain of operators in an equation",
            source: "{math equation=\"1" + repeated("+1", 10_000) + "\"}",
            location: "main.tpl:1:1", what: "equation"),
        TooDeep(
            testDescription: "{if} blocks", source: repeated("{if 1}\n", 10_000) + "x" + repeated("{/if}", 10_000),
            location: "main.tpl:101:1", what: "block"),
        TooDeep(
            testDescription: "blocks of every kind",
            source: repeated("{foreach $a as $i}{capture}{hook name=\"a:b\"}{strip}", 2_500) + "x",
            location: "main.tpl:1:1276",
            what: "block"),
    ]
}

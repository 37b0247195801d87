import Templates
import Testing

/// Values no real order holds, which data from a store or a `--vars` file may still carry: each
/// renders (or fails with a located error) in bounded time and memory, and never traps.
@Suite struct HostileValueTests {
    private func rendered(_ template: String, _ variables: [String: Value] = [:]) throws -> String {
        try TemplateEngine(source: MemoryTemplateSource(["main.tpl": template]))
            .render("main.tpl", variables: variables, context: RenderContext())
    }

    @Test func floatsBeyondIntConvertAsPHPDoes() throws {
        let huge: [String: Value] = ["huge": .float(1e30), "list": .list(["a", "b"]), "map": ["a": "x"]]
        // (int)1e30 in PHP 8 is 1e30 modulo 2^64.
        #expect(try rendered(#"{math equation="int(x)" x=$huge}"#, huge) == "5076964154930102272")
        #expect(try rendered("[{$list[$huge]}][{$map[$huge]}]{$m = [$huge => 1]}{$m|count}", huge) == "[][]1")
        #expect(try rendered("[{$huge|date_format:\"%Y\"}]", huge) == "[]", "not a date: printed as nothing")
    }

    @Test func widthsAndDecimalsStopAtTheFieldLimit() throws {
        let wide = try rendered(#"{"x"|string_format:"%5000000000s"}"#)
        #expect(wide.count == 4096 && wide.hasSuffix(" x"))
        #expect(try rendered(#"{1.5|number_format:999999999}"#).count == 2 + 4096)
        // PHP prints at most 53 digits after the point.
        #expect(try rendered(#"{1.5|string_format:"%.600f"}"#) == "1." + "5" + String(repeating: "0", count: 52))
    }

    @Test func aNegativeTruncateLengthOnAnEmptyTextPrintsTheEllipsisAsSmartyDoes() throws {
        #expect(try rendered(#"[{""|truncate:-20}][{$missing|truncate:-1}][{"ab"|truncate:-20}]"#) == "[...][...][...]")
    }

    @Test func powersOfOneAndHugePrecisionsEndAtOnce() throws {
        #expect(try rendered(#"{math equation="pow(x,y)" x=1 y=9000000000000000000}"#) == "1")
        #expect(try rendered("{1.955|round:400} {-2.5|round:-400} {1.955|round:2}") == "1.955 0 1.96")
    }
}

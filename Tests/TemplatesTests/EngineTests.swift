import Basics
import Dispatch
import Synchronization
import Templates
import TestSupport
import Testing

/// Hook providers as the lifecycle would give them: a fixed table.
struct TableHooks: HookProvider {
    var table: [String: HookTemplates]
    func templates(forHook name: String) -> HookTemplates { table[name] ?? HookTemplates() }
}

struct TableOverrides: TemplateOverrideProvider {
    var table: [String: String]
    func override(for name: String) -> String? { table[name] }
}

private func render(
    _ templates: [String: String], _ main: String = "main.tpl", vars: [String: Value] = [:],
    context: RenderContext = RenderContext()
) throws -> String {
    try TemplateEngine(source: MemoryTemplateSource(templates)).render(main, variables: vars, context: context)
}

@Suite struct HookTests {
    let page = ["main.tpl": "<div>{hook name=\"orders:customer_info\"}BODY{$order_info.order_id}{/hook}</div>"]
    let vars: [String: Value] = ["order_info": ["order_id": 7]]

    @Test func preBodyNewlinePostInOrder() throws {
        var templates = page
        templates["a/pre.tpl"] = "[pre a]"
        templates["b/pre.tpl"] = "[pre b]"
        templates["a/post.tpl"] = "[post a {$order_info.order_id}]"
        templates["b/post.tpl"] = "[post b]"
        let hooks = TableHooks(table: [
            "orders:customer_info": HookTemplates(pre: ["a/pre.tpl", "b/pre.tpl"], post: ["a/post.tpl", "b/post.tpl"])
        ])
        let out = try render(templates, vars: vars, context: RenderContext(hooks: hooks))
        #expect(out == "<div>[pre a][pre b]BODY7\n[post a 7][post b]</div>")
    }

    @Test func lastNonBlankOverrideWinsAndSuppressesEverything() throws {
        var templates = page
        templates["a/over.tpl"] = "A"
        templates["b/over.tpl"] = "B{$order_info.order_id}"
        templates["c/over.tpl"] = "  \n\t"
        templates["p.tpl"] = "PRE"
        let hooks = TableHooks(table: [
            "orders:customer_info": HookTemplates(
                pre: ["p.tpl"], post: ["p.tpl"], overrides: ["a/over.tpl", "b/over.tpl", "c/over.tpl"])
        ])
        #expect(try render(templates, vars: vars, context: RenderContext(hooks: hooks)) == "<div>B7</div>")
    }

    @Test func whitespaceOnlyOverrideDoesNotCount() throws {
        var templates = page
        templates["c/over.tpl"] = "{if false}x{/if}  \n"
        let hooks = TableHooks(table: ["orders:customer_info": HookTemplates(overrides: ["c/over.tpl"])])
        #expect(try render(templates, vars: vars, context: RenderContext(hooks: hooks)) == "<div>BODY7\n</div>")
    }

    @Test func blankIsWhatPHPsTrimRemovesNotUnicodeSpace() throws {
        // CS-Cart trims an override's output with PHP's trim: a no-break space or a form feed
        // is content, so such an override replaces the hook.
        for (text, expected) in [("\u{A0}", "<div>\u{A0}</div>"), ("\u{0C}", "<div>\u{0C}</div>"), ("\0\u{0B} ", "<div>BODY7\n</div>")] {
            var templates = page
            templates["c/over.tpl"] = text
            let hooks = TableHooks(table: ["orders:customer_info": HookTemplates(overrides: ["c/over.tpl"])])
            #expect(try render(templates, vars: vars, context: RenderContext(hooks: hooks)) == expected)
        }
    }

    @Test func overrideRenderingTheSameHookIsNotReentered() throws {
        let templates = [
            "main.tpl": "{hook name=\"g:n\"}core{/hook}",
            "over.tpl": "<o>{hook name=\"g:n\"}inner{/hook}</o>",
        ]
        let hooks = TableHooks(table: ["g:n": HookTemplates(overrides: ["over.tpl"])])
        #expect(try render(templates, context: RenderContext(hooks: hooks)) == "<o>inner\n</o>")
    }

    @Test func fullTemplateOverridesReplaceIncludes() throws {
        let templates = [
            "main.tpl": "{include file=\"common/price.tpl\" value=5}", "common/price.tpl": "core",
            "addons/x/overrides/common/price.tpl": "addon {$value}",
        ]
        let overrides = TableOverrides(table: ["common/price.tpl": "addons/x/overrides/common/price.tpl"])
        #expect(try render(templates, context: RenderContext(overrides: overrides)) == "addon 5")
    }
}

@Suite struct CSCartFunctionTests {
    @Test func translationPlaceholdersPluralsAndMisses() throws {
        let langvars = [
            "items": "[n] item|[n] items", "ru_items": "[n] товар|[n] товара|[n] товаров", "hi": "Hi [name]",
        ]
        let missing = MissingLog()
        let en = RenderContext(translate: { langvars[$0] }, reportMissingTranslation: { missing.add($0) })
        let template = [
            "main.tpl":
                "{__(\"items\", [1])}; {__(\"items\", [$n])}; {__(\"hi\", [\"[name]\" => \"<Ann>\"])}; {__(\"nope\")}"
        ]
        #expect(try render(template, vars: ["n": 3], context: en) == "1 item; 3 items; Hi &lt;Ann&gt;; _nope")
        #expect(missing.names == ["nope"])
        let ru = RenderContext(translate: { langvars[$0] }, language: "ru")
        let plural = ["main.tpl": "{foreach [1, 3, 5, 21, 112] as $n}{__(\"ru_items\", [$n])};{/foreach}"]
        #expect(try render(plural, context: ru) == "1 товар;3 товара;5 товаров;21 товар;112 товаров;")
    }

    @Test func threadsSharingOneEngineAndContextPrintTheSameTranslations() throws {
        // Every render of one context reads the translations it remembers without the lock;
        // threads that ask for a name at once must still agree on its one answer.
        let names = (0..<40).map { "name_\($0)" }
        let asked = Mutex(0)
        let context = RenderContext(translate: { name in
            asked.withLock { $0 += 1 }
            return name.hasSuffix("7") ? nil : "<\(name)>"
        })
        let engine = TemplateEngine(
            source: MemoryTemplateSource(["main.tpl": names.map { "{__(\"\($0)\")}" }.joined(separator: ",")]))
        let expected = names.map { $0.hasSuffix("7") ? "_\($0)" : "&lt;\($0)&gt;" }.joined(separator: ",")
        let outputs = Mutex<Set<String>>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<200 {
                let html = (try? engine.render("main.tpl", variables: [:], context: context)) ?? "failed"
                outputs.withLock { _ = $0.insert(html) }
            }
        }
        #expect(outputs.withLock { $0 } == [expected])
        // Each name is asked once, or a few times when threads meet on it; never once a render.
        #expect(asked.withLock { $0 } < 8 * names.count)
    }

    @Test func enumURLAndEdition() throws {
        let template = [
            "main.tpl": """
            {if $addons.x.on == "YesNo::YES"|enum}Y{/if}{"OrderStatuses::COMPLETE"|enum}|{"orders.details?order_id=`$id`"|fn_url}|\
            {fn_url("addons.manage")}|{if "MULTIVENDOR"|fn_allowed_for}mv{/if}{if fn_allowed_for("ULTIMATE")}ult{/if}|\
            {script src="js/addons/x/a.js"}{style src="addons/x/styles.less"}
            """
        ]
        let out = try render(template, vars: ["addons": ["x": ["on": "Y"]], "id": 5])
        #expect(
            out == "YC|admin.php?dispatch=orders.details&amp;order_id=5|admin.php?dispatch=addons.manage|mv|"
                + "<script type=\"text/javascript\" src=\"js/addons/x/a.js\"></script>"
                + "<link type=\"text/css\" rel=\"stylesheet\" href=\"addons/x/styles.less\" />")
    }
}

final class MissingLog: @unchecked Sendable {
    private var list: [String] = []
    func add(_ name: String) { list.append(name) }
    var names: [String] { list }
}

@Suite struct TemplateErrorTests {
    private func error(_ templates: [String: String]) -> Diagnostic? {
        do {
            _ = try render(templates)
            return nil
        } catch let diagnostic as Diagnostic {
            return diagnostic
        } catch {
            return nil
        }
    }

    @Test(
        arguments: [
            ("a\n  {foo x=1}", "main.tpl:2:3", "templates.unknown-tag", "{assign}"),
            ("{$x|nosuch}", "main.tpl:1:5", "templates.unknown-modifier", "regex_replace"),
            ("{if $a}\n{$b}\n", "main.tpl:1:1", "templates.unclosed", "{/if}"),
            ("x{/foreach}", "main.tpl:1:2", "templates.unexpected-tag", nil),
            ("ünï {nosuch_fn(1)}", "main.tpl:1:6", "templates.unknown-function", "fn_url"),
            ("{include}", "main.tpl:1:1", "templates.missing-attribute", nil),
            ("{$smarty.foreach.x.bogus}", "main.tpl:1:20", "templates.unknown-variable", "iteration"),
            ("{* never closed", "main.tpl:1:1", "templates.unclosed", nil),
            ("x {math equation=\"x + z\" x=1}", "main.tpl:1:3", "templates.unknown-variable", "z="),
            ("{section loop=$a}{/section}", "main.tpl:1:1", "templates.missing-attribute", nil),
            ("{($a) ? 1 2}", "main.tpl:1:11", "templates.syntax", nil),
            ("{if $a is div 3}{/if}", "main.tpl:1:14", "templates.syntax", nil),
            ("<a title=\"{__()}\">", "main.tpl:1:12", "templates.bad-argument", nil),
        ] as [(String, String, String, String?)])
    func parseErrorsAreLocated(source: String, location: String, id: String, hint: String?) throws {
        let diagnostic = try #require(error(["main.tpl": source]))
        #expect(diagnostic.location?.description == location)
        #expect(diagnostic.id.rawValue == id)
        if let hint { #expect(diagnostic.hint?.contains(hint) == true) }
    }

    @Test func errorsInsideIncludesCarryTheIncludeStack() throws {
        let diagnostic = try #require(
            error([
                "main.tpl": "line1\n  {include file=\"a.tpl\"}",
                "a.tpl": "{include file=\"b.tpl\"}",
                "b.tpl": "ok\n\n   {$x|bogus}",
            ]))
        #expect(diagnostic.location?.description == "b.tpl:3:8")
        #expect(diagnostic.notes.map { $0.location?.description } == ["a.tpl:1:1", "main.tpl:2:3"])
    }

    @Test func missingIncludeIsReportedAtTheTag() throws {
        let diagnostic = try #require(error(["main.tpl": "{if 1}\n {include file=\"nope.tpl\"}{/if}"]))
        #expect(diagnostic.id == "templates.not-found")
        #expect(diagnostic.location?.description == "main.tpl:2:2")
    }

    /// Smarty without a security policy includes any file; an add-on's template may not put the
    /// machine's files on the page. The folder's own templates, and a top-level template named
    /// by its absolute path (`addonhost template render /path/x.tpl`), still render.
    @Test func anIncludeMayNotLeaveTheTemplatesFolder() throws {
        let folder = TemporaryDirectory("include-outside")
        try folder.write("secret.txt", "SECRET")
        try folder.write("templates/addons/x/views/a.tpl", "A")
        for name in [
            "/etc/hostname", folder.path + "/secret.txt", "../secret.txt", "addons/x/../../../secret.txt", "addons/..",
        ] {
            // Named as written (checked once, compiled) and from a variable (checked at each render).
            try folder.write("templates/literal.tpl", "ok\n {include file=\"\(name)\"}")
            try folder.write("templates/variable.tpl", "ok\n {include file=$name}")
            for main in ["literal.tpl", "variable.tpl"] {
                // A new engine each time: an engine compiles a file once.
                let engine = TemplateEngine(root: folder.path + "/templates")
                let diagnostic = try #require(throws: Diagnostic.self) {
                    try engine.render(main, variables: ["name": .string(name)])
                }
                #expect(diagnostic.id == "templates.include-outside")
                #expect(diagnostic.location?.description.hasSuffix("templates/\(main):2:2") == true)
                #expect(!diagnostic.message.contains("SECRET"))
            }
        }
        let engine = TemplateEngine(root: folder.path + "/templates")
        try folder.write("templates/main2.tpl", "{include file=\"addons/x/views/a.tpl\"}{include file=$name}")
        #expect(try engine.render("main2.tpl", variables: ["name": "addons/x/views/a.tpl"]) == "AA")
        #expect(try engine.render(folder.path + "/templates/addons/x/views/a.tpl", variables: [:]) == "A")
    }
}

/// Variables live in per-template slots; these pin the scoping rules that must survive that.
@Suite struct ScopeTests {
    @Test func includesSeeTheIncludersVariablesAndKeepTheirAssignmentsLocal() throws {
        let out = try render(
            [
                "main.tpl": "{$x = 1}{include file=\"a.tpl\" p=\"P\"}{$x}",
                // a.tpl never names $p, yet the template it includes must still see it.
                "a.tpl": "{$x = 5}[{$x}{include file=\"b.tpl\"}]",
                "b.tpl": "{$p}{$x}{$top}",
            ], vars: ["top": "T"])
        #expect(out == "[5P5T]1")
    }

    /// Maps of more than 12 keys keep an index; a path reads through it, at every depth.
    @Test func pathsReadMapsWithAnIndex() throws {
        let large = Value.map(OrderedMap((1...20).map { ("k\($0)", Value.int($0)) }))
        let nested = Value.map(OrderedMap((1...20).map { ("n\($0)", $0 == 7 ? large : .null) }))
        let out = try render(
            ["main.tpl": "{$m.k13}/{$m.k1}/{$n.n7.k20}/{$n.n7.k21|default:\"none\"}"], vars: ["m": large, "n": nested])
        #expect(out == "13/1/20/none")
    }

    @Test func loopItemsAndCapturesAssignIntoTheTemplatesScope() throws {
        let out = try render(
            [
                "main.tpl":
                    "{foreach [1, 2] as $i}{/foreach}{$i}{capture assign=\"c\"}C{/capture}{$c}{math equation=\"i * 10\" i=$i assign=\"m\"}{$m}"
            ])
        #expect(out == "2C20")
    }
}

@Suite struct BlockTests {
    /// Bodies of 1 to 12 nodes, cut into parts of up to four: a `{break}` or `{continue}` at any
    /// node stops the rest of the body, however the parts nest.
    @Test func loopControlStopsTheBodyAtEveryPosition() throws {
        for count in 1...12 {
            for position in 0...count {
                var nodes = Array(repeating: "{$i}", count: count)
                nodes.insert("{if $i == 2}{break}{/if}{if $i == 1}{continue}{/if}", at: position)
                let out = try render(["main.tpl": "{foreach [1, 2, 3] as $i}" + nodes.joined() + "{/foreach}"])
                let expected = String(repeating: "1", count: position) + String(repeating: "2", count: position)
                #expect(out == expected, "\(count) nodes, loop control at \(position)")
            }
        }
    }
}

@Suite struct OutputTests {
    /// The output starts at 16 KB and grows; what was written before growing is kept.
    @Test func outputLargerThanTheFirstBufferIsWhole() throws {
        let line = String(repeating: "x", count: 99) + "\n"
        let out = try render(
            ["main.tpl": "{foreach $lines as $n}{$n}:{$line}{/foreach}"],
            vars: ["lines": .list((0..<1000).map { .int($0) }), "line": .string(line)])
        #expect(out == (0..<1000).map { "\($0):" + line }.joined())
    }
}

@Suite struct EscapingTests {
    /// `htmlspecialchars` one byte at a time, to compare the word-at-a-time scan with.
    static func reference(_ text: String) -> String {
        let entities: [Character: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#039;"]
        return text.map { entities[$0] ?? String($0) }.joined()
    }

    /// Each special character at every offset of an 18-byte text (around both word boundaries),
    /// among bytes one bit away from the special ones ("%" and "&", "=" and "<"), then Cyrillic.
    @Test func everySpecialCharacterIsEscapedAtEveryOffset() throws {
        for special: Character in ["&", "<", ">", "\"", "'"] {
            for offset in 0..<18 {
                var characters = Array("a.b%c=d?e$f~g#h4ij")
                characters[offset] = special
                let text = String(characters) + "жж"
                #expect(try render(["main.tpl": "{$x}"], vars: ["x": .string(text)]) == Self.reference(text))
            }
        }
    }
}

@Suite struct UTF8OutputTests {
    /// A template source with bytes that are not UTF-8 (a Latin-1 "é").
    struct BytesSource: TemplateSource {
        func load(_ name: String) -> SourceFile? {
            SourceFile(path: name, bytes: Array("caf".utf8) + [0xE9] + Array(" {$x}".utf8))
        }
    }

    @Test func bytesAreValidUTF8AndMatchTheStringRendering() throws {
        let engine = TemplateEngine(source: BytesSource())
        let bytes = try engine.renderUTF8("main.tpl", variables: ["x": "<ü>"])
        #expect(bytes == Array("caf\u{FFFD} &lt;ü&gt;".utf8))
        #expect(String(decoding: bytes, as: UTF8.self) == (try engine.render("main.tpl", variables: ["x": "<ü>"])))
    }
}

@Suite struct EngineCacheTests {
    @Test func compiledTreesAreReusedAcrossRenders() throws {
        let engine = TemplateEngine(source: MemoryTemplateSource(["main.tpl": "{$a}"]))
        let first = try #require(try engine.compiled("main.tpl"))
        #expect(try engine.render("main.tpl", variables: ["a": 1]) == "1")
        #expect(try engine.render("main.tpl", variables: ["a": 2]) == "2")
        #expect(try engine.compiled("main.tpl") === first)
    }
}

/// The names `translate` was asked for, and which were reported missing.
private final class TranslationLog: Sendable {
    let asked = Mutex<[String]>([])
    let missing = Mutex<[String]>([])
}

@Suite struct TranslationMemoTests {
    private let engine = TemplateEngine(
        source: MemoryTemplateSource(["main.tpl": #"{__("a")} {__("b", ["[x]" => 1])} {__("gone")}"#]))

    private func context(_ log: TranslationLog, _ table: [String: String]) -> RenderContext {
        RenderContext(
            translate: { name in
                log.asked.withLock { $0.append(name) }
                return table[name]
            },
            reportMissingTranslation: { name in log.missing.withLock { $0.append(name) } })
    }

    @Test func aContextAsksForEachLiteralNameOnceAcrossRenders() throws {
        let log = TranslationLog()
        let context = context(log, ["a": "A", "b": "B[x]"])
        for _ in 0..<3 { #expect(try engine.render("main.tpl", variables: [:], context: context) == "A B1 _gone") }
        #expect(log.asked.withLock { $0 } == ["a", "b", "gone"])
        #expect(log.missing.withLock { $0 } == ["gone", "gone", "gone"])
    }

    @Test func replacingTranslateForgetsTheAnswers() throws {
        let log = TranslationLog()
        var context = context(log, ["a": "A", "b": "B[x]"])
        #expect(try engine.render("main.tpl", variables: [:], context: context) == "A B1 _gone")
        context.translate = { ["a": "Ä", "gone": "back"][$0] }
        #expect(try engine.render("main.tpl", variables: [:], context: context) == "Ä _b back")
    }
}

import Basics
import Foundation
import Templates

/// Row 1: the same hook templates and data rendered warm, many times in one process, by
/// addonhost's engine and by Smarty 4 (`smarty-render --bench`).
struct TemplateBench {
    let config: BenchConfig

    /// A smarty-render case (`WORK/template-case.json`) of every hook template of a package,
    /// included in turn by one main template, with the variables and language variables of
    /// `data` (a JSON object with `vars` and `langvars`).
    func makeCase(package: String, data: String) throws -> (path: String, hooks: Int) {
        let root = package + "/design/backend/templates"
        let names = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".tpl") && $0.contains("/hooks/") }.sorted()
        guard !names.isEmpty else { throw BenchError("\(root): no hook templates") }
        guard let bytes = FileManager.default.contents(atPath: data),
            case .object(let fields) = try JSONValue.parse(SourceFile(path: data, bytes: Array(bytes)))
        else { throw BenchError("\(data): not a JSON object") }
        var templates: [(String, JSONValue)] = [
            ("main.tpl", .string(names.map { "{include file=\"\($0)\"}\n" }.joined()))
        ]
        for name in names {
            let text = try String(contentsOfFile: root + "/" + name, encoding: .utf8)
            templates.append((name, .string(text)))
        }
        let object = Dictionary(fields, uniquingKeysWith: { _, last in last })
        let json = JSONValue.object([
            ("templates", .object(templates)), ("template", .string("main.tpl")),
            ("vars", object["vars"] ?? .object([])), ("langvars", object["langvars"] ?? .object([])),
        ])
        let path = config.work + "/template-case.json"
        try Files.write(json.pretty, to: path)
        return (path, names.count)
    }

    func run(casePath: String, label: String) throws -> ResultRow {
        let (engine, name, variables, context) = try load(casePath)
        let renders = config.quick ? 2_000 : 10_000
        // Same output on both sides, or the comparison means nothing.
        let smartyOutput = try runSmarty([casePath])
        let ours = try engine.render(name, variables: variables, context: context)
        let identical = smartyOutput == ours

        var addonhost: [Double] = []
        var smarty: [Double] = []
        // This machine's speed drifts: the same 10,000 renders take 2.9 µs each, then 5 µs a few
        // seconds later. Short runs, alternating with Smarty's, and at least 21 of them, keep the
        // median of each side from resting on one slow stretch.
        for _ in 0..<max(config.runs, 21) {
            _ = try engine.render(name, variables: variables, context: context)  // warm-up
            let seconds = try Clock.time {
                for _ in 0..<renders { _ = try engine.render(name, variables: variables, context: context) }
            }
            addonhost.append(seconds / Double(renders))
            let line = try runSmarty(["--bench", String(renders), casePath])
            guard let field = line.split(separator: " ").first(where: { $0.hasPrefix("per_render_us=") }),
                let micro = Double(
                    field.dropFirst("per_render_us=".count).trimmingCharacters(in: .whitespacesAndNewlines))
            else { throw BenchError("smarty-render --bench printed \(line)") }
            smarty.append(micro / 1e6)
        }
        return .compare(
            "Template rendering per render: \(label), warm, \(renders) renders in one process, vs Smarty 4 on PHP \(phpVersion()) (output \(identical ? "byte-identical" : "DIFFERS"))",
            addonhost: Samples(addonhost), reference: Samples(smarty), goal: "≥5x", unit: .microseconds)
    }

    /// smarty-render's output. It compiles templates into PHP's temporary folder and leaves them
    /// there, a folder per process: here that folder is one of the bench's, emptied afterwards.
    private func runSmarty(_ arguments: [String]) throws -> String {
        let scratch = config.work + "/smarty-tmp"
        try Files.makeDirectory(scratch)
        defer { Files.remove(scratch) }
        return try Run.checked(["env", "TMPDIR=" + scratch, "php", config.smartyRender] + arguments).output
    }

    /// The case file smarty-render reads, as an engine with its variables and language variables.
    private func load(_ path: String) throws -> (TemplateEngine, String, [String: Value], RenderContext) {
        guard let data = FileManager.default.contents(atPath: path) else { throw BenchError("cannot read \(path)") }
        guard case .object(let fields) = try JSONValue.parse(SourceFile(path: path, bytes: Array(data))) else {
            throw BenchError("\(path): not a JSON object")
        }
        let object = Dictionary(fields, uniquingKeysWith: { _, last in last })
        var templates: [String: String] = [:]
        if case .object(let files)? = object["templates"] {
            for (name, text) in files { if case .string(let text) = text { templates[name] = text } }
        }
        guard case .string(let name)? = object["template"] else { throw BenchError("\(path): no template") }
        var variables: [String: Value] = [:]
        if case .object(let vars)? = object["vars"] {
            for (key, value) in vars { variables[key] = Value(json: value) }
        }
        var langvars: [String: String] = [:]
        if case .object(let vars)? = object["langvars"] {
            for (key, value) in vars { langvars[key] = Value(json: value).phpString }
        }
        let texts = langvars
        return (
            TemplateEngine(source: MemoryTemplateSource(templates)), name, variables,
            RenderContext(translate: { texts[$0] })
        )
    }

    private func phpVersion() -> String {
        (try? Run.checked(["php", "-r", "echo PHP_MAJOR_VERSION.'.'.PHP_MINOR_VERSION;"]).output) ?? "?"
    }
}

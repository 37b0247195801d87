import ArgumentParsing
import Basics
import Foundation
import Templates

extension AddonHost {
    /// `addonhost template render FILE`: one template with given variables, as CS-Cart renders it.
    static var templateCommand: CommandSpec {
        CommandSpec(
            "template", abstract: "Render Smarty templates as CS-Cart does.",
            subcommands: [
                CommandSpec(
                    "render", abstract: "Render one template with variables and language variables.",
                    discussion: """
                        Template names in {include} are relative to --dir (default: the file's folder). \
                        --case renders a case of the Smarty oracle (smarty-render CASE.json) instead of a file. \
                        --repeat N --time renders N more times after the first and prints the time per render \
                        as the oracle's --bench does.
                        """,
                    arguments: [ArgumentSpec("file", help: "The template file.", isOptional: true)],
                    options: [
                        OptionSpec("--dir", valueName: "dir", help: "The templates root folder."),
                        OptionSpec("--vars", valueName: "file.json", help: "Variables as a JSON object."),
                        OptionSpec(
                            "--langvars", valueName: "file.json", help: "Language variables for __() as a JSON object."),
                        OptionSpec("--lang", valueName: "code", help: "Language code for plural forms (default en)."),
                        OptionSpec("--case", valueName: "case.json", help: "A case in the Smarty oracle's format."),
                        OptionSpec("--repeat", valueName: "n", help: "Render n more times (warm), for timing."),
                        OptionSpec("--time", help: "Print renders, seconds and µs per render instead of the output."),
                    ],
                    handler: renderTemplate)
            ])
    }

    private static func renderTemplate(_ invocation: Invocation) throws -> Int32 {
        let arguments = invocation.arguments
        var repeats = 0
        if let text = arguments.value("--repeat") {
            guard let n = Int(text), n >= 0 else { throw UsageError("--repeat needs a count, not '\(text)'") }
            repeats = n
        }
        let engine: TemplateEngine
        let name: String
        let variables: [String: Value]
        let context: RenderContext
        if let path = arguments.value("--case") {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandFailure("cannot read \(path)")
            }
            let testCase = try TemplateCase(file: SourceFile(path: path, bytes: Array(data)))
            (engine, name, variables) = (testCase.engine(), testCase.template, testCase.variables)
            context = testCase.context(RenderContext(language: arguments.value("--lang") ?? "en"))
        } else {
            guard let file = arguments.argument("file") else {
                throw UsageError("give a template FILE or --case CASE.json")
            }
            (engine, name, variables, context) = try templateFromFiles(file, arguments)
        }
        let output = try engine.render(name, variables: variables, context: context)
        let start = ContinuousClock.now
        for _ in 0..<repeats { _ = try engine.renderUTF8(name, variables: variables, context: context) }
        let elapsed = ContinuousClock.now - start
        if arguments.flag("--time") {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let perRender = repeats > 0 ? seconds * 1e6 / Double(repeats) : 0
            invocation.output.print(
                "renders=\(repeats) seconds=\(String(format: "%.6f", seconds)) per_render_us=\(String(format: "%.3f", perRender))"
            )
        } else {
            invocation.output.standardOutput(output)
        }
        return ExitStatus.success
    }

    private static func templateFromFiles(
        _ file: String, _ arguments: ParsedArguments
    ) throws -> (TemplateEngine, String, [String: Value], RenderContext) {
        let root: String
        let name: String
        if let dir = arguments.value("--dir") {
            root = dir
            let absolute = Paths.absolute(file)
            let base = Paths.absolute(dir) + "/"
            name =
                absolute.hasPrefix(base) && !FileManager.default.fileExists(atPath: dir + "/" + file)
                ? String(absolute.dropFirst(base.count)) : file
        } else {
            let url = URL(fileURLWithPath: file)
            root = url.deletingLastPathComponent().path
            name = url.lastPathComponent
        }
        var variables: [String: Value] = [:]
        if let path = arguments.value("--vars") {
            guard case .map(let map) = try readJSON(path) else {
                throw CommandFailure("\(path): variables must be a JSON object")
            }
            for (key, value) in map { variables[key] = value }
        }
        var langvars: [String: String] = [:]
        if let path = arguments.value("--langvars") {
            guard case .map(let map) = try readJSON(path) else {
                throw CommandFailure("\(path): language variables must be a JSON object")
            }
            for (key, value) in map { langvars[key] = value.phpString }
        }
        let dictionary = langvars
        let context = RenderContext(translate: { dictionary[$0] }, language: arguments.value("--lang") ?? "en")
        return (TemplateEngine(root: root), name, variables, context)
    }

    private static func readJSON(_ path: String) throws -> Value {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("cannot read \(path)") }
        return Value(json: try JSONValue.parse(SourceFile(path: path, bytes: Array(data))))
    }
}

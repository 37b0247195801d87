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
                    discussion: "Template names in {include} are relative to --dir (default: the file's folder).",
                    arguments: [ArgumentSpec("file", help: "The template file.")],
                    options: [
                        OptionSpec("--dir", valueName: "dir", help: "The templates root folder."),
                        OptionSpec("--vars", valueName: "file.json", help: "Variables as a JSON object."),
                        OptionSpec("--langvars", valueName: "file.json", help: "Language variables for __() as a JSON object."),
                        OptionSpec("--lang", valueName: "code", help: "Language code for plural forms (default en)."),
                    ],
                    handler: renderTemplate)
            ])
    }

    private static func renderTemplate(_ invocation: Invocation) throws -> Int32 {
        let arguments = invocation.arguments
        let file = arguments.argument("file")!
        let root: String
        let name: String
        if let dir = arguments.value("--dir") {
            root = dir
            let absolute = URL(fileURLWithPath: file).standardizedFileURL.path
            let base = URL(fileURLWithPath: dir).standardizedFileURL.path + "/"
            name = absolute.hasPrefix(base) && !FileManager.default.fileExists(atPath: dir + "/" + file)
                ? String(absolute.dropFirst(base.count)) : file
        } else {
            let url = URL(fileURLWithPath: file)
            root = url.deletingLastPathComponent().path
            name = url.lastPathComponent
        }
        var variables: [String: Value] = [:]
        if let path = arguments.value("--vars") {
            guard case .map(let map) = try readJSON(path) else { throw CommandFailure("\(path): variables must be a JSON object") }
            for (key, value) in map { variables[key] = value }
        }
        var langvars: [String: String] = [:]
        if let path = arguments.value("--langvars") {
            guard case .map(let map) = try readJSON(path) else { throw CommandFailure("\(path): language variables must be a JSON object") }
            for (key, value) in map { langvars[key] = value.phpString }
        }
        let dictionary = langvars
        let context = RenderContext(translate: { dictionary[$0] }, language: arguments.value("--lang") ?? "en")
        let engine = TemplateEngine(root: root)
        invocation.output.standardOutput(try engine.render(name, variables: variables, context: context))
        return ExitStatus.success
    }

    private static func readJSON(_ path: String) throws -> Value {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("cannot read \(path)") }
        return Value(json: try JSONValue.parse(SourceFile(path: path, bytes: Array(data))))
    }
}

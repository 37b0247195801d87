import Basics

/// Exit codes, as swift-argument-parser and sysexits(3) use them.
public enum ExitStatus {
    public static let success: Int32 = 0
    public static let failure: Int32 = 1
    public static let usage: Int32 = 64
}

/// Parses the command line against a command tree, runs the handler, and applies the one error
/// policy of the tool: help on stdout with 0; usage errors on stderr with the usage line and 64;
/// failures on stderr as `Error: …` with 1; with `--json`, stdout stays JSON on failure.
public enum CommandRunner {
    public static func run(
        _ root: CommandSpec, arguments: [String], output: Output, environment: [String: String]
    ) -> Int32 {
        var path = [root]
        var global = ParsedArguments()
        var words = arguments[...]

        // Walk down the subcommands, taking root options on the way.
        while let word = words.first, let current = path.last, !current.subcommands.isEmpty {
            if word == "--help" || word == "-h" || word == "help" {
                output.standardOutput(HelpGenerator.help(for: path))
                return ExitStatus.success
            }
            if word.hasPrefix("-") {
                do {
                    words = try consumeOption(word, rest: words.dropFirst(), from: root.options, into: &global)
                } catch {
                    return usageFailure(error, path: path, output: output)
                }
                continue
            }
            guard let next = current.subcommands.first(where: { $0.name == word }) else {
                let known = current.subcommands.map(\.name).joined(separator: ", ")
                return usageFailure(
                    UsageError("unknown command '\(word)'; the commands are: \(known)"), path: path, output: output)
            }
            path.append(next)
            words = words.dropFirst()
        }

        let command = path[path.count - 1]
        guard let handler = command.handler else {
            if words.isEmpty {
                output.standardError(HelpGenerator.help(for: path))
                return ExitStatus.usage
            }
            return usageFailure(UsageError("missing command"), path: path, output: output)
        }

        var parsed = ParsedArguments()
        do {
            try parse(Array(words), for: command, root: root, into: &parsed, global: &global)
        } catch is HelpRequested {
            output.standardOutput(HelpGenerator.help(for: path))
            return ExitStatus.success
        } catch {
            return usageFailure(error, path: path, output: output)
        }

        let invocation = Invocation(
            commandPath: path.map(\.name), arguments: parsed, global: global, output: output,
            environment: environment)
        do {
            return try handler(invocation)
        } catch let error as UsageError {
            return usageFailure(error, path: path, output: output)
        } catch let failure as CommandFailure {
            report(failure, invocation: invocation)
            return ExitStatus.failure
        } catch let diagnostics as Diagnostics {
            report(
                CommandFailure(DiagnosticPrinter.summary(diagnostics), diagnostics: diagnostics), invocation: invocation
            )
            return ExitStatus.failure
        } catch let diagnostic as Diagnostic {
            report(CommandFailure(diagnostic.message, diagnostics: Diagnostics([diagnostic])), invocation: invocation)
            return ExitStatus.failure
        } catch {
            report(CommandFailure(String(describing: error)), invocation: invocation)
            return ExitStatus.failure
        }
    }

    private static func report(_ failure: CommandFailure, invocation: Invocation) {
        let output = invocation.output
        if invocation.wantsJSON {
            var fields: [(String, JSONValue)] = [("ok", .bool(false)), ("error", .string(failure.message))]
            if !failure.diagnostics.isEmpty {
                fields.append(("diagnostics", .array(failure.diagnostics.sorted.map(DiagnosticPrinter.json))))
            }
            if let json = failure.json { fields.append(("result", json)) }
            output.printJSON(.object(fields))
        }
        for diagnostic in failure.diagnostics.sorted { output.printError(DiagnosticPrinter.render(diagnostic)) }
        output.printError("Error: \(failure.message.showingControlCharacters)")
    }

    private static func usageFailure(_ error: any Error, path: [CommandSpec], output: Output) -> Int32 {
        output.printError("Error: \(error)")
        output.printError("Usage: \(HelpGenerator.usage(for: path))")
        output.printError("  See '\(path.map(\.name).joined(separator: " ")) --help'.")
        return ExitStatus.usage
    }

    private struct HelpRequested: Error {}

    private static func parse(
        _ words: [String], for command: CommandSpec, root: CommandSpec, into parsed: inout ParsedArguments,
        global: inout ParsedArguments
    ) throws {
        var rest = words[...]
        var positionals: [String] = []
        var onlyPositionals = false
        while let word = rest.first {
            rest = rest.dropFirst()
            if onlyPositionals || !word.hasPrefix("-") || word == "-" {
                positionals.append(word)
                continue
            }
            if word == "--" {
                onlyPositionals = true
                continue
            }
            if word == "--help" || word == "-h" { throw HelpRequested() }
            let name = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
            if command.options.contains(where: { $0.name == name }) {
                rest = try consumeOption(word, rest: rest, from: command.options, into: &parsed)
            } else if root.options.contains(where: { $0.name == name }) {
                rest = try consumeOption(word, rest: rest, from: root.options, into: &global)
            } else {
                let known = (command.options + root.options).map(\.name).joined(separator: ", ")
                throw UsageError("unknown option '\(name)'" + (known.isEmpty ? "" : "; the options are: \(known)"))
            }
        }
        var index = 0
        for spec in command.arguments {
            if spec.isVariadic {
                let taken = Array(positionals[min(index, positionals.count)...])
                if taken.isEmpty && !spec.isOptional { throw UsageError("missing <\(spec.name)>") }
                parsed.positionals[spec.name] = taken
                index = positionals.count
            } else if index < positionals.count {
                parsed.positionals[spec.name] = [positionals[index]]
                index += 1
            } else if !spec.isOptional {
                throw UsageError("missing <\(spec.name)>")
            }
        }
        if index < positionals.count {
            throw UsageError("unexpected argument '\(positionals[index])'")
        }
    }

    /// Reads one option (`--name`, `--name value` or `--name=value`) and returns the words left.
    private static func consumeOption(
        _ word: String, rest: ArraySlice<String>, from options: [OptionSpec], into parsed: inout ParsedArguments
    ) throws(UsageError) -> ArraySlice<String> {
        let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
        let name = parts[0]
        guard let spec = options.first(where: { $0.name == name }) else {
            throw UsageError("unknown option '\(name)'")
        }
        if spec.isFlag {
            if parts.count > 1 { throw UsageError("\(name) takes no value") }
            parsed.flags.insert(name)
            return rest
        }
        var rest = rest
        let value: String
        if parts.count > 1 {
            value = parts[1]
        } else if let next = rest.first {
            value = next
            rest = rest.dropFirst()
        } else {
            throw UsageError("\(name) needs a value <\(spec.valueName ?? "value")>")
        }
        if !spec.isRepeatable, parsed.values[name] != nil {
            throw UsageError("\(name) was given more than once")
        }
        parsed.values[name, default: []].append(value)
        return rest
    }
}

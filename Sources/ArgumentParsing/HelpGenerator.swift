/// Help and usage text generated from a command tree.
enum HelpGenerator {
    static func usage(for path: [CommandSpec]) -> String {
        let command = path[path.count - 1]
        var parts = [path.map(\.name).joined(separator: " ")]
        if path.count > 1, !path[0].options.isEmpty, command.handler != nil || !command.subcommands.isEmpty {
            parts[0] =
                path[0].name + " " + path[0].options.map(optionUsage).joined(separator: " ") + " "
                + path.dropFirst().map(\.name).joined(separator: " ")
        }
        if !command.subcommands.isEmpty { parts.append("<command>") }
        for argument in command.arguments {
            var text = "<\(argument.name)>"
            if argument.isVariadic { text += " ..." }
            parts.append(argument.isOptional ? "[\(text)]" : text)
        }
        parts += command.options.map(optionUsage)
        return parts.joined(separator: " ")
    }

    static func help(for path: [CommandSpec]) -> String {
        let command = path[path.count - 1]
        var out = "OVERVIEW: \(command.abstract)\n"
        if let discussion = command.discussion { out += "\n\(discussion)\n" }
        out += "\nUSAGE: \(usage(for: path))\n"
        if !command.arguments.isEmpty {
            out += "\nARGUMENTS:\n"
            out += table(command.arguments.map { ("<\($0.name)>", $0.help) })
        }
        var options = command.options.map { (optionLabel($0), $0.help) }
        if path.count > 1 { options += path[0].options.map { (optionLabel($0), $0.help) } }
        options.append(("-h, --help", "Show help information."))
        out += "\nOPTIONS:\n" + table(options)
        if !command.subcommands.isEmpty {
            out += "\nSUBCOMMANDS:\n" + table(command.subcommands.map { ($0.name, $0.abstract) })
            out += "\n  See '\(path.map(\.name).joined(separator: " ")) <subcommand> --help' for detailed help.\n"
        }
        return out
    }

    private static func optionUsage(_ option: OptionSpec) -> String {
        "[\(optionLabel(option))]"
    }

    private static func optionLabel(_ option: OptionSpec) -> String {
        option.valueName.map { "\(option.name) <\($0)>" } ?? option.name
    }

    private static func table(_ rows: [(String, String)]) -> String {
        let width = min((rows.map(\.0.count).max() ?? 0) + 2, 28)
        return rows.map { label, help in
            let padded =
                label.count >= width
                ? label + "\n" + String(repeating: " ", count: width + 2)
                : label
                    + String(repeating: " ", count: width - label.count)
            return "  \(padded)\(help)\n"
        }.joined()
    }
}

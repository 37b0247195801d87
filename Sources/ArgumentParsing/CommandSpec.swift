public import Basics

/// A command of a command-line tool, declared as data: its name, what it is for, its arguments
/// and options, and either subcommands or a handler. Help and usage text are generated from it,
/// as swift-argument-parser generates them from its property wrappers.
public struct CommandSpec: Sendable {
    public typealias Handler = @Sendable (Invocation) throws -> Int32

    public var name: String
    public var abstract: String
    public var discussion: String?
    public var arguments: [ArgumentSpec]
    public var options: [OptionSpec]
    public var subcommands: [CommandSpec]
    public var handler: Handler?

    public init(
        _ name: String, abstract: String, discussion: String? = nil, arguments: [ArgumentSpec] = [],
        options: [OptionSpec] = [], subcommands: [CommandSpec] = [], handler: Handler? = nil
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
        self.options = options
        self.subcommands = subcommands
        self.handler = handler
    }
}

/// A positional argument such as `<path>`.
public struct ArgumentSpec: Sendable {
    public var name: String
    public var help: String
    public var isOptional: Bool
    /// Takes every remaining positional word (`NAME=VALUE …`).
    public var isVariadic: Bool

    public init(_ name: String, help: String, isOptional: Bool = false, isVariadic: Bool = false) {
        self.name = name
        self.help = help
        self.isOptional = isOptional
        self.isVariadic = isVariadic
    }
}

/// A named option: a flag (`--json`) when it has no value name, else an option with a value
/// (`--lang en`, `--lang=en`).
public struct OptionSpec: Sendable {
    public var name: String
    public var valueName: String?
    public var help: String
    public var isRepeatable: Bool

    public init(_ name: String, valueName: String? = nil, help: String, isRepeatable: Bool = false) {
        precondition(name.hasPrefix("--"), "options are spelled --name")
        self.name = name
        self.valueName = valueName
        self.help = help
        self.isRepeatable = isRepeatable
    }

    public var isFlag: Bool { valueName == nil }

    public static let json = OptionSpec("--json", help: "Print the result as JSON on standard output.")
    public static let dryRun = OptionSpec("--dry-run", help: "Print what would be done and change nothing.")
}

/// What the user typed, after parsing against a `CommandSpec`.
public struct ParsedArguments: Sendable {
    public internal(set) var flags: Set<String> = []
    public internal(set) var values: [String: [String]] = [:]
    public internal(set) var positionals: [String: [String]] = [:]

    public init() {}

    public func flag(_ name: String) -> Bool { flags.contains(name) }
    public func value(_ name: String) -> String? { values[name]?.last }
    public func values(_ name: String) -> [String] { values[name] ?? [] }
    public func argument(_ name: String) -> String? { positionals[name]?.first }
    public func arguments(_ name: String) -> [String] { positionals[name] ?? [] }

    /// An integer option, or a usage error naming it.
    public func intValue(_ name: String) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text) else { throw UsageError("\(name) takes a whole number, not '\(text)'") }
        return number
    }
}

/// One run of a command: what was typed, where output goes, the environment.
public struct Invocation: Sendable {
    /// The command names from the root, e.g. `["addonhost", "addon", "install"]`.
    public var commandPath: [String]
    public var arguments: ParsedArguments
    /// Options of the root command (such as `--store`), wherever they were typed.
    public var global: ParsedArguments
    public var output: Output
    public var environment: [String: String]

    public init(
        commandPath: [String], arguments: ParsedArguments, global: ParsedArguments, output: Output,
        environment: [String: String]
    ) {
        self.commandPath = commandPath
        self.arguments = arguments
        self.global = global
        self.output = output
        self.environment = environment
    }

    public var wantsJSON: Bool { arguments.flag("--json") }
}

/// Where a command writes. The real tool writes to the process's standard streams; tests can
/// capture.
public struct Output: Sendable {
    public let standardOutput: @Sendable (String) -> Void
    public let standardError: @Sendable (String) -> Void

    public init(
        standardOutput: @escaping @Sendable (String) -> Void, standardError: @escaping @Sendable (String) -> Void
    ) {
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// Writes text for people to standard output, control characters shown as codes
    /// (`<U+001B>`): an add-on's name or a setting from a hostile package would otherwise drive
    /// the terminal. Data (a page, a `.po` file) goes through `standardOutput` as it is.
    public func print(_ line: String) {
        standardOutput(line.showingControlCharacters(keepingLineBreaks: true) + "\n")
    }
    /// Writes text for people to standard error, as `print` does.
    public func printError(_ line: String) {
        standardError(line.showingControlCharacters(keepingLineBreaks: true) + "\n")
    }
    public func printJSON(_ value: JSONValue) { print(value.pretty) }
}

/// The user typed something the command does not take. Exit code 64 (EX_USAGE).
public struct UsageError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The command ran and failed. The message is printed as `Error: …`; `diagnostics` (if any)
/// are printed before it.
public struct CommandFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var diagnostics: Diagnostics
    /// Data to print on standard output when `--json` was asked for.
    public var json: JSONValue?

    public init(_ message: String, diagnostics: Diagnostics = Diagnostics(), json: JSONValue? = nil) {
        self.message = message
        self.diagnostics = diagnostics
        self.json = json
    }

    public var description: String { message }
}

import ArgumentParsing
import Basics
import Foundation
import Testing

final class Capture: @unchecked Sendable {
    private let lock = NSLock()
    private var out = ""
    private var err = ""
    var output: Output {
        Output(
            standardOutput: { text in self.lock.withLock { self.out += text } },
            standardError: { text in self.lock.withLock { self.err += text } })
    }
    var standardOutput: String { lock.withLock { out } }
    var standardError: String { lock.withLock { err } }
}

@Suite struct CommandRunnerTests {
    let root = CommandSpec(
        "tool", abstract: "A tool.", options: [OptionSpec("--store", valueName: "dir", help: "Store.")],
        subcommands: [
            CommandSpec(
                "greet", abstract: "Greets.", arguments: [ArgumentSpec("name", help: "Who.")],
                options: [.json, OptionSpec("--lang", valueName: "code", help: "Language.")],
                handler: { invocation in
                    let name = invocation.arguments.argument("name") ?? ""
                    if name == "fail" { throw CommandFailure("cannot greet \(name)") }
                    let store = invocation.global.value("--store") ?? "-"
                    invocation.output.print("hello \(name) \(invocation.arguments.value("--lang") ?? "en") \(store)")
                    return 0
                })
        ])

    func run(_ arguments: [String]) -> (Int32, Capture) {
        let capture = Capture()
        let status = CommandRunner.run(root, arguments: arguments, output: capture.output, environment: [:])
        return (status, capture)
    }

    @Test func runsTheHandlerWithOptionsAnywhere() {
        let (status, capture) = run(["greet", "ann", "--lang=ru", "--store", "s"])
        #expect(status == 0)
        #expect(capture.standardOutput == "hello ann ru s\n")
    }

    @Test func helpGoesToStandardOutputWithZero() {
        let (status, capture) = run(["greet", "--help"])
        #expect(status == 0)
        #expect(capture.standardOutput.contains("USAGE: tool [--store <dir>] greet <name> [--json] [--lang <code>]"))
    }

    @Test(arguments: [["greet"], ["greet", "a", "b"], ["greet", "a", "--nope"], ["nope"], ["greet", "a", "--lang"]])
    func usageErrorsExitWith64(_ arguments: [String]) {
        let (status, capture) = run(arguments)
        #expect(status == 64)
        #expect(capture.standardError.contains("Usage: "))
        #expect(capture.standardOutput.isEmpty)
    }

    @Test func failuresExitWithOneAndKeepJSONOnStandardOutput() throws {
        let (status, capture) = run(["greet", "fail", "--json"])
        #expect(status == 1)
        #expect(capture.standardError.contains("Error: cannot greet fail"))
        let json = try JSONValue.parse(capture.standardOutput)
        #expect(json["ok"] == .bool(false))
    }
}

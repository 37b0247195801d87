public import AddonSDK
public import ArgumentParsing
import Foundation

/// The `addonhost` command line. The executable calls `main`; tests call `run` in process or
/// run the real binary.
public enum AddonHost {
    /// The CS-Cart core version and edition the host declares, for `<compatibility>` checks.
    public static let coreVersion = "4.17.1"
    public static let edition = "MULTIVENDOR"

    public static func main(addons: [any NativeAddon]) -> Never {
        let output = Output(
            standardOutput: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
            standardError: { text in FileHandle.standardError.write(Data(text.utf8)) })
        let status = run(
            arguments: Array(CommandLine.arguments.dropFirst()), addons: addons, output: output,
            environment: processEnvironment())
        exit(status)
    }

    /// The process's environment, read from `environ`: `ProcessInfo.environment` costs every
    /// command 700,000 instructions the first time (3% of an uninstall).
    private static func processEnvironment() -> [String: String] {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            entry += 1
            // As Foundation does: an entry that is not UTF-8 or has no `=` is left out. Split at
            // the first `=` byte, as getenv reads it.
            guard let text = String(validatingCString: pointer),
                let equals = text.utf8.firstIndex(of: UInt8(ascii: "="))
            else { continue }
            variables[String(text[..<equals])] = String(text[text.utf8.index(after: equals)...])
        }
        return variables
    }

    public static func run(
        arguments: [String], addons: [any NativeAddon], output: Output, environment: [String: String]
    ) -> Int32 {
        CommandRunner.run(rootCommand(addons: addons), arguments: arguments, output: output, environment: environment)
    }
}

import ArgumentParsing
import Basics
import Foundation
import Gettext

extension AddonHost {
    /// `addonhost po …`: read and lint one .po file as GNU gettext reads it.
    static var poCommand: CommandSpec {
        CommandSpec(
            "po", abstract: "Read and lint gettext .po files.",
            subcommands: [
                CommandSpec(
                    "dump", abstract: "Print the entries as JSON lines (header and obsolete entries included).",
                    arguments: [ArgumentSpec("file", help: "The .po file.")], handler: poDump),
                CommandSpec(
                    "check", abstract: "Lint a .po file as `msgfmt --check` does, plus CS-Cart's rules.",
                    discussion:
                        "When the file lies in `langs/<code>/`, the header language must match the folder.",
                    arguments: [ArgumentSpec("file", help: "The .po file.")], options: [.json], handler: poCheck),
            ])
    }

    private static func readPo(_ invocation: Invocation) throws -> (PoCatalog, Diagnostics) {
        let path = invocation.arguments.argument("file") ?? ""
        guard let bytes = readBytes(path) else { throw CommandFailure("cannot read \(path)") }
        return PoParser.parse(SourceFile(path: path, bytes: bytes))
    }

    /// Reads a file straight into the array the parser takes; through `Data` a large catalog
    /// would be copied once more.
    private static func readBytes(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            return FileManager.default.contents(atPath: path).map { [UInt8]($0) }  // a pipe, a device
        }
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: Int(status.st_size)) { buffer, initialized in
            while initialized < buffer.count {
                let count = read(descriptor, buffer.baseAddress! + initialized, buffer.count - initialized)
                if count < 0, errno == EINTR { continue }
                if count < 0 { failed = true }
                if count <= 0 { break }
                initialized += count
            }
        }
        return failed ? nil : bytes
    }

    @Sendable private static func poDump(_ invocation: Invocation) throws -> Int32 {
        let (catalog, diagnostics) = try readPo(invocation)
        var out = ""
        for entry in [catalog.headerEntry].compactMap({ $0 }) + catalog.entries {
            out += poEntryJSON(entry).compact
            out += "\n"
        }
        invocation.output.standardOutput(out)
        if diagnostics.hasErrors { throw diagnostics }
        return ExitStatus.success
    }

    private static func poEntryJSON(_ entry: PoEntry) -> JSONValue {
        .object([
            ("msgctxt", entry.msgctxt.map(JSONValue.string) ?? .null),
            ("msgid", .string(entry.msgid)),
            ("msgid_plural", entry.msgidPlural.map(JSONValue.string) ?? .null),
            ("msgstr", .array(entry.msgstr.map(JSONValue.string))),
            ("flags", .array(entry.flags.map(JSONValue.string))),
            ("obsolete", .bool(entry.isObsolete)),
        ])
    }

    @Sendable private static func poCheck(_ invocation: Invocation) throws -> Int32 {
        let (catalog, parsed) = try readPo(invocation)
        // The process ends after this command: its exit frees the entries at once, where freeing
        // them one by one would take a tenth of the run on a large file (clang's -disable-free).
        _ = Unmanaged.passRetained(KeptUntilExit(catalog))
        var diagnostics = parsed
        if let language = CSCartLanguagePack.folderLanguage(ofPath: catalog.source.path) {
            diagnostics.append(contentsOf: CSCartLanguagePack.read(catalog, folderLanguage: language).1)
        }
        let summary: JSONValue = .object([
            ("file", .string(catalog.source.path)),
            ("entries", .int(catalog.entries.count)),
            ("errors", .int(diagnostics.errors.count)),
            ("warnings", .int(diagnostics.warnings.count)),
        ])
        if diagnostics.hasErrors {
            throw CommandFailure(DiagnosticPrinter.summary(diagnostics), diagnostics: diagnostics, json: summary)
        }
        if invocation.wantsJSON {
            invocation.output.printJSON(
                .object([
                    ("ok", .bool(true)), ("result", summary),
                    ("diagnostics", .array(diagnostics.sorted.map(DiagnosticPrinter.json))),
                ]))
        } else {
            for diagnostic in diagnostics.sorted { invocation.output.printError(DiagnosticPrinter.render(diagnostic)) }
            invocation.output.print("\(catalog.source.path): \(DiagnosticPrinter.summary(diagnostics))")
        }
        return ExitStatus.success
    }
}

/// Holds a value the process never frees (see `poCheck`).
private final class KeptUntilExit<Value> {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }
}

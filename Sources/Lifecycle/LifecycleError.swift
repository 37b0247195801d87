public import Basics
internal import Foundation

/// Why an operation stopped: the step (`queries`, `settings`, `files`, …), what went wrong, and
/// where — the file and line, the SQL — so that the user can act. Nothing was changed.
public struct LifecycleError: Error, Sendable, CustomStringConvertible {
    public var step: String
    public var message: String
    public var location: SourceLocation?
    public var sql: String?
    /// Located problems found by a reader (manifest, .po, SQL translator).
    public var diagnostics: Diagnostics
    public var hint: String?

    public init(
        step: String, message: String, location: SourceLocation? = nil, sql: String? = nil,
        diagnostics: Diagnostics = Diagnostics(), hint: String? = nil
    ) {
        self.step = step
        self.message = message
        self.location = location
        self.sql = sql
        self.diagnostics = diagnostics
        self.hint = hint
    }

    public var description: String {
        var text = "\(step): \(message)"
        if let location { text = "\(location): " + text }
        if let sql { text += "\n  SQL: \(sql)" }
        return text
    }

    /// The error as diagnostics for `DiagnosticPrinter`: the readers' own, then one summary.
    public var asDiagnostics: Diagnostics {
        var all = diagnostics
        var summary = Diagnostic(
            LifecycleError.id(step), .error, message + (sql.map { " — SQL: \($0)" } ?? ""), at: location, hint: hint)
        if let location, summary.excerpt == nil,
            let text = try? String(contentsOfFile: location.file, encoding: .utf8)
        {
            summary.excerpt = SourceFile(path: location.file, text: text).excerpt(
                line: location.line, column: location.column)
        }
        all.append(summary)
        return all
    }

    /// The error with the paths below `folder` (an archive's extraction) named `NAME:path`.
    func showing(_ folder: String, as name: String) -> LifecycleError {
        let summary = Diagnostic(LifecycleError.id(step), .error, message, at: location, hint: hint)
            .showing(folder, as: name)
        var result = self
        result.message = summary.message
        result.location = summary.location
        result.hint = summary.hint
        result.diagnostics = Diagnostics(diagnostics.map { $0.showing(folder, as: name) })
        return result
    }

    static func id(_ step: String) -> DiagnosticID { DiagnosticID(rawValue: "lifecycle.\(step)") }
}

/// The lifecycle's messages, one factory per kind of failure.
extension LifecycleError {
    static func alreadyInstalled(_ id: String) -> LifecycleError {
        LifecycleError(
            step: "already-installed", message: "add-on '\(id)' is already installed",
            hint:
                "use --reinstall (uninstall, then install: its data is lost) or --keep-data (replace files, keep settings and tables)"
        )
    }
    /// An operation refused because of other add-ons (dependencies, conflicts), naming them
    /// and what to do with them first.
    static func refused(
        _ step: String, _ action: String, _ id: String, because reason: String, _ others: [String], fix: String
    ) -> LifecycleError {
        let names = others.joined(separator: ", ")
        return LifecycleError(
            step: step, message: "cannot \(action) '\(id)': \(reason) \(names)", hint: "\(fix) \(names) first")
    }

    static func notInstalled(_ id: String) -> LifecycleError {
        LifecycleError(
            step: "not-installed", message: "add-on '\(id)' is not installed", hint: "see 'addonhost addon list'")
    }
    /// A failure after the commit: while the files were moved into place, or the journal cleared.
    static func unfinished(_ error: any Error) -> LifecycleError {
        LifecycleError(
            step: "files",
            message:
                "the operation is committed but did not finish (\(error)); the next addonhost command finishes it",
            hint: "fix what stopped it (free space, permissions), then run 'addonhost doctor'")
    }

    static func fileSystem(_ step: String, _ message: String, path: String) -> LifecycleError {
        LifecycleError(step: step, message: "\(path): \(message)", hint: "check the store's folders and free space")
    }
}

extension Diagnostics {
    /// One `file:line:col: message` line each, for warnings and notes that do not stop an operation;
    /// control characters shown as codes, as `DiagnosticPrinter` shows them.
    var lines: [String] {
        all.map { "\($0.location.map { "\($0): " } ?? "")\($0.message)".showingControlCharacters }
    }
}

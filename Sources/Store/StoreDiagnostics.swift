public import Basics
import Foundation

/// The store's messages, one factory per kind of problem, each with a stable id.
public enum StoreDiagnostics {
    public static func notFound(_ root: String) -> Diagnostic {
        Diagnostic(
            "store.not-found", .error, "no store at \(root) (store.db is missing)",
            hint: "create one with 'addonhost init', or point --store / ADDONHOST_STORE at an existing store")
    }

    public static func alreadyExists(_ root: String) -> Diagnostic {
        Diagnostic(
            "store.exists", .error, "a store already exists at \(root)",
            hint: "use 'addonhost init --force' to replace it (its add-ons, settings and orders are lost)")
    }

    public static func notAStore(_ root: String) -> Diagnostic {
        Diagnostic(
            "store.not-a-store", .error, "\(root) exists and is not an empty folder or a store; refusing to replace it",
            hint: "choose another path, or remove the folder yourself")
    }

    public static func newerSchema(path: String, version: Int, known: Int) -> Diagnostic {
        Diagnostic(
            "store.newer-schema", .error,
            "\(path) was written by a newer addonhost (schema version \(version); this addonhost knows up to \(known))",
            hint: "use the addonhost that wrote this store, or a newer one; this version never downgrades a store")
    }

    public static func schemaMismatch(path: String, version: Int, recorded: String, expected: String) -> Diagnostic {
        Diagnostic(
            "store.schema-mismatch", .error,
            "\(path): schema version \(version) is '\(recorded)' in the store but '\(expected)' in this addonhost",
            hint: "the store was written by a different build of addonhost; use that build")
    }

    public static func busy(root: String, holder: String?, waited: Double) -> Diagnostic {
        let who = holder.map { " by \($0)" } ?? " by another process"
        return Diagnostic(
            "store.busy", .error,
            "store busy: \(root) is locked\(who); gave up after \(formatSeconds(waited)) s",
            hint: "wait for that operation to finish and try again, or raise ADDONHOST_LOCK_TIMEOUT (seconds)")
    }

    static func replaced(root: String) -> Diagnostic {
        Diagnostic(
            "store.busy", .error,
            "store busy: \(root) was replaced (addonhost init --force) while this command waited; nothing was changed",
            hint: "run the command again: it will work on the new store")
    }

    public static func fileSystem(_ action: String, _ path: String, errno code: Int32) -> Diagnostic {
        Diagnostic("store.file-system", .error, "cannot \(action) \(path): \(String(cString: strerror(code)))")
    }

    private static func formatSeconds(_ seconds: Double) -> String {
        let tenths = (seconds * 10).rounded() / 10
        return tenths == tenths.rounded() ? String(Int(tenths)) : String(tenths)
    }
}

import AddonSDK
import ArgumentParsing
import Basics
import Foundation
import Lifecycle
import Store

extension AddonHost {
    static let reinstallOption = OptionSpec(
        "--reinstall", help: "If installed: uninstall (its data is lost), then install.")
    static let keepDataOption = OptionSpec(
        "--keep-data",
        help:
            "If installed: replace files, rebuild settings keeping values, rewrite language variables, run no queries.")

    /// `addon install|uninstall|enable|disable|list|show`.
    static func addonLifecycleCommands(addons: [any NativeAddon]) -> [CommandSpec] {
        [
            CommandSpec(
                "install", abstract: "Install an add-on from a package folder or a .zip, .tgz or .gz archive.",
                arguments: [
                    ArgumentSpec("path", help: "The package folder or archive (holding app/addons/<id>/addon.xml).")
                ],
                options: [.dryRun, .json, reinstallOption, keepDataOption]
            ) { invocation in
                let arguments = invocation.arguments
                if arguments.flag("--reinstall") && arguments.flag("--keep-data") {
                    throw UsageError("--reinstall and --keep-data exclude each other")
                }
                let mode: ReinstallMode =
                    arguments.flag("--reinstall") ? .reinstall : arguments.flag("--keep-data") ? .keepData : .refuse
                return try withManager(invocation, addons: addons) { manager in
                    try manager.install(
                        arguments.argument("path") ?? "", mode: mode, dryRun: arguments.flag("--dry-run"))
                }
            },
            idCommand("uninstall", "Uninstall an add-on: its settings, texts, tables and files.", addons) {
                try $0.uninstall($1, dryRun: $2)
            },
            idCommand("enable", "Activate an installed add-on.", addons) { try $0.enable($1, dryRun: $2) },
            idCommand("disable", "Deactivate an installed add-on.", addons) { try $0.disable($1, dryRun: $2) },
            CommandSpec("list", abstract: "List installed add-ons in load order.", options: [.json]) { invocation in
                let manager = try openManager(invocation, addons: addons)
                let list = try lifecycleFailure { try manager.list() }
                if invocation.wantsJSON {
                    invocation.output.printJSON(.array(list.map(\.listJSON)))
                } else {
                    if list.isEmpty { invocation.output.print("No add-ons installed.") }
                    for addon in list {
                        invocation.output.print(
                            "\(addon.id)\t\(addon.isActive ? "active" : "disabled")\t\(addon.version)\t\(addon.priority)\t\(addon.name)"
                        )
                    }
                }
                return ExitStatus.success
            },
            CommandSpec(
                "show", abstract: "Show an installed add-on.", arguments: [ArgumentSpec("id", help: "The add-on id.")],
                options: [.json]
            ) { invocation in
                let manager = try openManager(invocation, addons: addons)
                let details = try lifecycleFailure { try manager.show(invocation.arguments.argument("id") ?? "") }
                if invocation.wantsJSON {
                    invocation.output.printJSON(details)
                } else {
                    invocation.output.print(details.pretty)
                }
                return ExitStatus.success
            },
        ]
    }

    /// `addon NAME ID [--dry-run] [--json]`: one operation of the manager on an installed add-on.
    private static func idCommand(
        _ name: String, _ abstract: String, _ addons: [any NativeAddon],
        _ operation: @escaping @Sendable (AddonManager, _ id: String, _ dryRun: Bool) throws -> OperationResult
    ) -> CommandSpec {
        CommandSpec(
            name, abstract: abstract, arguments: [ArgumentSpec("id", help: "The add-on id.")],
            options: [.dryRun, .json]
        ) { invocation in
            try withManager(invocation, addons: addons) { manager in
                try operation(
                    manager, invocation.arguments.argument("id") ?? "", invocation.arguments.flag("--dry-run"))
            }
        }
    }

    static func openManager(_ invocation: Invocation, addons: [any NativeAddon]) throws -> AddonManager {
        let store = try Store.open(at: storePath(invocation))
        return AddonManager(
            store: store, host: HostInfo(coreVersion: coreVersion, edition: edition), addons: addons,
            environment: invocation.environment)
    }

    /// Writes a command's `--out` file (a page, an exported `.po`), never over the store's own
    /// files (`store.db`, `var/addonhost/`), which a mistyped path would replace.
    static func writeOutput(_ text: String, to out: String, store: StoreLayout) throws {
        let path = URL(fileURLWithPath: Paths.absolute(out)).resolvingSymlinksInPath().path
        let root = URL(fileURLWithPath: store.root).resolvingSymlinksInPath().path + "/"
        if path.hasPrefix(root), StoreLayout.isHostOwned(String(path.dropFirst(root.count))) {
            throw CommandFailure("\(out) is the store's own file; write the output elsewhere")
        }
        guard FileManager.default.createFile(atPath: out, contents: Data(text.utf8)) else {
            throw CommandFailure("cannot write \(out): \(String(cString: strerror(errno)))")
        }
    }

    /// Turns a lifecycle error into a failure with its located diagnostics.
    static func lifecycleFailure<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as LifecycleError {
            throw CommandFailure("\(error.step): \(error.message)", diagnostics: error.asDiagnostics)
        }
    }

    private static func withManager(
        _ invocation: Invocation, addons: [any NativeAddon], _ body: (AddonManager) throws -> OperationResult
    ) throws -> Int32 {
        let manager = try openManager(invocation, addons: addons)
        let dryRun = invocation.arguments.flag("--dry-run")
        let result = try lifecycleFailure { try body(manager) }
        let output = invocation.output
        for line in result.recovered { output.printError("note: recovery: \(line)") }
        for warning in result.warnings { output.printError("warning: \(warning)") }
        if invocation.wantsJSON {
            output.printJSON(
                .object([
                    ("ok", .bool(true)), ("dry_run", .bool(dryRun)), ("plan", result.plan.json),
                    ("warnings", .array(result.warnings.map(JSONValue.string))),
                ]))
        } else if dryRun {
            output.print(result.plan.text)
            output.print("\n(dry run: nothing was changed)")
        } else {
            output.print("\(result.plan.kind.rawValue): \(result.plan.addonID) \(result.plan.version) — done")
        }
        return ExitStatus.success
    }
}

extension InstalledAddon {
    var listJSON: JSONValue {
        .object([
            ("id", .string(id)), ("status", .string(status)), ("version", .string(version)),
            ("priority", .int(priority)),
            ("name", .string(name)),
        ])
    }
}

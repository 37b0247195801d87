import AddonSDK
import ArgumentParsing
import Lifecycle
import Settings
import Store

extension AddonHost {
    /// The command groups native add-ons register (`addonhost reliability …`). Each leaf runs with
    /// a context on the store, and only while its add-on is installed and active, as CS-Cart runs
    /// an add-on's controllers only when it is enabled.
    static func nativeAddonCommands(addons: [any NativeAddon]) -> [CommandSpec] {
        addons.flatMap { addon in
            AddonRegistration(of: addon).commands.map { command in
                withStoreContext(command.spec, addonID: addon.id, addons: addons, run: command.run)
            }
        }
    }

    private static func withStoreContext(
        _ spec: CommandSpec, addonID: String, addons: [any NativeAddon],
        run: @escaping @Sendable (Invocation, AddonContext) throws -> Int32
    ) -> CommandSpec {
        var spec = spec
        guard spec.subcommands.isEmpty else {
            spec.subcommands = spec.subcommands.map {
                withStoreContext($0, addonID: addonID, addons: addons, run: run)
            }
            return spec
        }
        spec.options.append(languageOption)
        let operation = "\(addonID) \(spec.name)"
        spec.handler = { invocation in
            let store = try Store.open(at: storePath(invocation))
            let manager = AddonManager(
                store: store, host: HostInfo(coreVersion: coreVersion, edition: edition), addons: addons,
                environment: invocation.environment)
            // Under the shared lock, so that no uninstall or disable runs while the command does
            // (a check saved into a table being dropped); its own writes are SQLite transactions.
            return try manager.withReaderLock(operation) {
                guard let installed = try manager.list().first(where: { $0.id == addonID }) else {
                    throw CommandFailure(
                        "the add-on \(addonID) is not installed in \(store.root); install it with 'addonhost addon install'"
                    )
                }
                guard installed.isActive else {
                    throw CommandFailure(
                        "the add-on \(addonID) is disabled; enable it with 'addonhost addon enable \(addonID)'")
                }
                try TestHooks(environment: invocation.environment).checkpoint("addon-command")
                let settings = SettingsService(store: store, addons: addons, environment: invocation.environment)
                let context = try AddonContextFactory(store: store, environment: invocation.environment).context(
                    addonID, settings: try settings.values(addonID),
                    language: invocation.arguments.value("--lang") ?? "en", storefront: nil)
                return try run(invocation, context)
            }
        }
        return spec
    }
}

import AddonSDK
import ArgumentParsing

extension AddonHost {
    static let storeOption = OptionSpec(
        "--store", valueName: "dir", help: "The store folder (default: $ADDONHOST_STORE, else ./store).")

    /// The whole command tree. Each command group lives in its own file under `Commands/`.
    static func rootCommand(addons: [any NativeAddon]) -> CommandSpec {
        CommandSpec(
            "addonhost",
            abstract: "Runs CS-Cart 4.x add-ons: validate, install, configure, translate, render.",
            options: [storeOption],
            subcommands: nativeAddonCommands(addons: addons) + [
                initCommand,
                addonCommand(addons: addons),
                templateCommand,
                settingsCommand(addons: addons),
                renderCommand(addons: addons),
                poCommand,
            ])
    }
}

/// Where the store is: `--store`, else `$ADDONHOST_STORE`, else `./store`.
func storePath(_ invocation: Invocation) -> String {
    invocation.global.value("--store") ?? invocation.environment["ADDONHOST_STORE"] ?? "store"
}

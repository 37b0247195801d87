import AddonSDK
import ArgumentParsing

extension AddonHost {
    /// `addonhost addon …`: validate, pack, install, uninstall, enable, disable, list, show.
    static func addonCommand(addons: [any NativeAddon]) -> CommandSpec {
        CommandSpec(
            "addon", abstract: "Validate and manage add-on packages.",
            subcommands: [
                addonValidateCommand,
                packCommand,
            ] + addonLifecycleCommands(addons: addons))
    }
}

import ArgumentParsing

extension AddonHost {
    /// `addonhost addon …`: validate, install, uninstall, enable, disable, list, show.
    static var addonCommand: CommandSpec {
        CommandSpec(
            "addon", abstract: "Validate and manage add-on packages.",
            subcommands: [
                addonValidateCommand
            ])
    }
}

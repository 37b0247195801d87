import AddonHostCLI

AddonHost.main(addons: [])

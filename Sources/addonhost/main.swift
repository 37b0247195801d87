import AddonHostCLI
import CustomerReliability

AddonHost.main(addons: [CustomerReliabilityAddon()])

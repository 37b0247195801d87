import AddonSDK
import ArgumentParsing
import Basics
import Foundation
import Lifecycle
import Pages
import Store

extension AddonHost {
    static let renderOptions = [
        OptionSpec("--lang", valueName: "code", help: "The page's language: en or ru (default en)."),
        OptionSpec(
            "--storefront", valueName: "id",
            help: "The storefront whose setting values apply (default: the order's; the root values for settings)."),
        OptionSpec("--out", valueName: "file.html", help: "Write the HTML there instead of standard output."),
    ]

    /// `addonhost render order|settings`: admin pages as HTML with every active add-on's hooks.
    static func renderCommand(addons: [any NativeAddon]) -> CommandSpec {
        CommandSpec(
            "render", abstract: "Render admin pages to HTML with the active add-ons' hooks.",
            discussion: "Missing language variables are shown as _name on the page and reported on standard error.",
            subcommands: [
                CommandSpec(
                    "order", abstract: "Render the order details page.",
                    arguments: [ArgumentSpec("order_id", help: "The order id.")], options: renderOptions
                ) { invocation in
                    let text = invocation.arguments.argument("order_id") ?? ""
                    guard let id = Int(text) else { throw UsageError("ORDER_ID takes a whole number, not '\(text)'") }
                    return try renderPage(invocation, addons: addons) { renderer, language, storefront in
                        try renderer.renderOrder(id, language: language, storefront: storefront)
                    }
                },
                CommandSpec(
                    "settings", abstract: "Render an add-on's settings page.",
                    arguments: [ArgumentSpec("id", help: "The add-on id.")], options: renderOptions
                ) { invocation in
                    try renderPage(invocation, addons: addons) { renderer, language, storefront in
                        try renderer.renderSettings(
                            invocation.arguments.argument("id") ?? "", language: language, storefront: storefront)
                    }
                },
            ])
    }

    private static func renderPage(
        _ invocation: Invocation, addons: [any NativeAddon],
        _ body: (PageRenderer, _ language: String, _ storefront: Int?) throws -> RenderedPage
    ) throws -> Int32 {
        let arguments = invocation.arguments
        let storefront = try arguments.intValue("--storefront")
        let store = try Store.open(at: storePath(invocation))
        let manager = AddonManager(
            store: store, host: HostInfo(coreVersion: coreVersion, edition: edition), addons: addons,
            environment: invocation.environment)
        for line in try manager.recoverIfNeeded() { invocation.output.printError("note: recovery: \(line)") }
        let renderer = PageRenderer(store: store, addons: addons, environment: invocation.environment)
        let page = try manager.withReaderLock("render") {
            try body(renderer, arguments.value("--lang") ?? "en", storefront)
        }
        for warning in page.warnings { invocation.output.printError(DiagnosticPrinter.render(warning)) }
        if let out = arguments.value("--out") {
            try writeOutput(page.html, to: out, store: store.layout)
            invocation.output.print("Wrote \(out)")
        } else {
            invocation.output.standardOutput(page.html)
        }
        return ExitStatus.success
    }
}

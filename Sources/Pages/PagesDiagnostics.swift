public import Basics

/// The messages of page rendering, one factory per kind of problem.
public enum PagesDiagnostics {
    public static func orderNotFound(_ id: Int) -> Diagnostic {
        Diagnostic(
            "pages.order-not-found", .error, "there is no order #\(id) in the store",
            hint: "pick an order id from the store (addonhost init --sample-data makes orders 1…N)")
    }

    public static func addonNotInstalled(_ id: String, installed: [String]) -> Diagnostic {
        Diagnostic(
            "pages.addon-not-installed", .error, "add-on '\(id)' is not installed",
            hint: installed.isEmpty ? "no add-ons are installed" : "installed: \(installed.joined(separator: ", "))")
    }

    public static func unknownLanguage(_ code: String, known: [String]) -> Diagnostic {
        Diagnostic(
            "pages.unknown-language", .error, "the store has no language '\(code)'",
            hint: "use one of: \(known.joined(separator: ", "))")
    }

    public static func unknownStorefront(_ id: Int, known: [Int]) -> Diagnostic {
        Diagnostic(
            "pages.unknown-storefront", .error, "the store has no storefront \(id)",
            hint: "use one of: \(known.map(String.init).joined(separator: ", "))")
    }

    public static func missingTranslation(_ name: String, language: String) -> Diagnostic {
        Diagnostic(
            "pages.missing-translation", .warning,
            "language variable '\(name)' is missing in '\(language)'; the page shows '_\(name)'",
            hint: "add it to the add-on's var/langs/\(language)/addons/<id>.po and run 'addonhost lang sync <id>'")
    }

    public static func pageDataFailed(addon: String, page: String, error: any Error) -> Diagnostic {
        Diagnostic(
            "pages.page-data-failed", .warning,
            "add-on '\(addon)' could not prepare the data of \(page): \(error); its blocks render without it")
    }
}

import AddonSDK
import Basics
import Foundation
import Pages
import SQLite
import Store
import Templates
import TestSupport
import Testing

@Suite("The order details page")
struct OrderPageTests {
    @Test func coreLayoutShowsTheOrderAndItsCustomer() throws {
        let shop = try PageStore()
        let row = try #require(try shop.store.database.rows("SELECT * FROM cscart_orders WHERE order_id = 3").first)
        let html = try shop.order(3).html
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<style>"))
        #expect(html.contains("Order #3"))
        #expect(html.contains("id=\"order_info_form\""))
        for field in ["b_address", "s_city", "email"] {
            #expect(html.contains(HTMLText.escaped(row[field].text ?? "")), "\(field) missing")
        }
        #expect(html.contains("Billing address") && html.contains("Shipping address"))
        #expect(html.contains("Customer information"))
        #expect(try shop.order(3, language: "ru").html.contains("Адрес доставки"))
    }

    @Test func hooksRenderInAscendingPriorityOrder() throws {
        let shop = try PageStore()
        try shop.install("alpha", "zeta")  // zeta (priority 100) runs before alpha (900), whatever the names
        let html = try shop.order(1).html
        let zetaPre = try #require(html.offset(of: "zeta pre"))
        let zetaPost = try #require(html.offset(of: "zeta post 1"))
        let alphaPost = try #require(html.offset(of: "alpha post"))
        #expect(zetaPre < zetaPost && zetaPost < alphaPost)
        #expect(!html.contains("misnamed"), "a .post_.tpl file is never a hook")
    }

    @Test func theLastNonBlankOverrideWins() throws {
        let shop = try PageStore()
        try shop.install("zeta", "alpha")
        let html = try shop.order(1).html
        #expect(html.contains("alpha shipping override"))
        #expect(!html.contains("zeta shipping override"))
        #expect(!html.contains("Shipping address"), "an effective override replaces the core body")
        #expect(html.contains("Billing address"), "a blank override does not count")
    }

    @Test func disabledAddOnsAreSkipped() throws {
        let shop = try PageStore()
        try shop.install("zeta", "alpha")
        try shop.disable("alpha")
        var html = try shop.order(1).html
        #expect(!html.contains("alpha post"))
        #expect(html.contains("zeta shipping override"))
        try shop.disable("zeta")
        html = try shop.order(1).html
        #expect(!html.contains("zeta"))
        #expect(html.contains("Shipping address"))
        try shop.enable("alpha")
        #expect(try shop.order(1).html.contains("alpha post"))
    }

    @Test func crossAddOnHooksOnlyWhileTheOtherIsActive() throws {
        let shop = try PageStore()
        try shop.install("zeta")
        #expect(!(try shop.order(1).html.contains("zeta for alpha")))
        try shop.install("alpha")
        #expect(try shop.order(1).html.contains("zeta for alpha"))
        try shop.disable("alpha")
        #expect(!(try shop.order(1).html.contains("zeta for alpha")))
    }

    @Test func theFirstTemplateOverrideWins() throws {
        let shop = try PageStore()
        try shop.install("over_two", "over_one")  // over_one has the lower priority number
        var html = try shop.order(1).html
        #expect(html.contains("over_one replaces the customer sidebar"))
        #expect(!html.contains("over_two replaces"))
        #expect(!html.contains("Billing address"))
        try shop.disable("over_one")
        html = try shop.order(1).html
        #expect(html.contains("over_two replaces the customer sidebar"))
        try shop.disable("over_two")
        #expect(try shop.order(1).html.contains("Billing address"))
    }

    @Test func htmlInCustomerNamesIsEscaped() throws {
        let shop = try PageStore()
        try shop.install("over_one")
        try shop.store.database.execute(
            "UPDATE cscart_orders SET firstname = ?, s_lastname = ? WHERE order_id = 1",
            [.text("<script>alert(\"x\")</script>"), .text("O'Brien & <b>Sons</b>")])
        var html = try shop.order(1).html
        #expect(!html.contains("<script>alert"))
        #expect(
            html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"), "escaped in the add-on override too")
        try shop.disable("over_one")
        html = try shop.order(1).html
        #expect(!html.contains("<script>alert") && !html.contains("<b>Sons</b>"))
        #expect(html.contains("O&#039;Brien &amp; &lt;b&gt;Sons&lt;/b&gt;"))
    }

    @Test func aMissingLanguageVariableShowsItsNameAndIsReported() throws {
        let shop = try PageStore()
        try shop.install("zeta")
        let page = try shop.order(1)
        #expect(page.html.contains("Zeta sidebar"))
        #expect(page.html.contains("<p>_zeta.not_translated</p>"))
        #expect(page.missingTranslations == ["zeta.not_translated"])
        #expect(page.warnings.map(\.id) == ["pages.missing-translation"])
        let russian = try shop.order(1, language: "ru")
        #expect(russian.html.contains("Боковая панель Зеты"))
        #expect(russian.missingTranslations == ["zeta.not_translated"])
    }

    @Test func activeAddOnsAddPageDataWithTheirSettings() throws {
        let shop = try PageStore()
        try shop.install("zeta")
        var html = try shop.order(2, language: "ru").html
        #expect(html.contains("zeta saw order 2 in ru, mode test"))
        #expect(html.contains("note is on (test)"), "$addons carries the add-on's settings")
        #expect(shop.log.all == ["zeta 2"])
        try shop.disable("zeta")
        html = try shop.order(2).html
        #expect(shop.log.all == ["zeta 2"], "a disabled add-on's page data is not asked for")
        #expect(!html.contains("zeta saw"))
    }

    @Test func aPageReadsOneSnapshotOfTheStore() throws {
        struct SnapshotZeta: NativeAddon {
            let id = "zeta"
            func register(_ registration: inout AddonRegistration) {
                registration.pageData("orders.details") { _, context in
                    ["zeta_data": .string(Self.reads(context))]
                }
                registration.infoHandler("fn_zeta_status_line") { _, context in Self.reads(context) }
            }
            static func reads(_ context: AddonContext) -> String {
                context.database.isInTransaction ? "reads one snapshot" : "reads statement by statement"
            }
        }
        let shop = try PageStore()
        try shop.install("zeta")
        let renderer = shop.renderer(addons: [SnapshotZeta()])
        #expect(try renderer.renderOrder(1).html.contains("reads one snapshot"))
        #expect(try renderer.renderSettings("zeta").html.contains("reads one snapshot"))
        #expect(!shop.store.database.isInTransaction, "the read transaction ends with the page")
    }

    @Test func aFailingPageDataProviderIsAWarningNotABrokenPage() throws {
        struct FailingZeta: NativeAddon {
            struct Broken: Error, CustomStringConvertible { var description: String { "the statistics table is gone" } }
            let id = "zeta"
            func register(_ registration: inout AddonRegistration) {
                registration.pageData("orders.details") { _, _ in throw Broken() }
            }
        }
        let shop = try PageStore()
        try shop.install("zeta")
        let page = try shop.renderer(addons: [FailingZeta()]).renderOrder(1)
        #expect(page.html.contains("zeta pre") && page.html.contains("no page data"))
        let warning = try #require(page.warnings.first { $0.id == "pages.page-data-failed" })
        #expect(warning.message.contains("the statistics table is gone"))
    }

    @Test func aMissingOrderOrLanguageIsAClearError() throws {
        let shop = try PageStore(orders: 3)
        #expect(throws: Diagnostic.self) { try shop.order(99) }
        do {
            _ = try shop.order(99)
        } catch let error as Diagnostic {
            #expect(error.id == "pages.order-not-found")
            #expect(error.message.contains("#99"))
        }
        do {
            _ = try shop.order(1, language: "de")
            Issue.record("German is not a language of the store")
        } catch let error as Diagnostic {
            #expect(error.id == "pages.unknown-language")
        }
    }
}

/// HTML escaping as the page applies it, for expectations built from stored values.
enum HTMLText {
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#039;")
    }
}

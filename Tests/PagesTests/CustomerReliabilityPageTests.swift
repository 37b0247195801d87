import Foundation
import TestSupport
import Testing

/// The Customer rating block of the shipped add-on on the order page, through the real binary
/// (which registers the add-on's native code). Runs once `addons/customer_reliability` exists.
@Suite(
    "Customer reliability on the order page",
    .enabled(
        if: FileManager.default.fileExists(atPath: TestPaths.addons.appendingPathComponent("customer_reliability").path)
    ))
struct CustomerReliabilityPageTests {
    let folder = TemporaryDirectory("render-reliability")

    func addonhost(_ arguments: String...) throws -> ProcessResult {
        try runProcess(
            TestPaths.binary.path, ["--store", folder.path + "/store"] + arguments,
            environment: ["PATH": "/usr/bin:/bin"])
    }

    @Test(arguments: [
        ("en", "Customer rating", "Orders in this store"), ("ru", "Рейтинг покупателя", "Заказы в этом магазине"),
    ])
    func theBlockRendersInTheSidebar(language: String, title: String, statistics: String) throws {
        #expect(try addonhost("init", "--orders", "40").status == 0)
        let install = try addonhost(
            "addon", "install", TestPaths.addons.appendingPathComponent("customer_reliability").path)
        #expect(install.status == 0, "\(install.standardError)")
        let out = folder.path + "/order-\(language).html"
        let result = try addonhost("render", "order", "5", "--lang", language, "--out", out)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(!result.standardError.contains("customer_reliability."), "every string of the block is translated")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        let block = try #require(html.offset(of: "id=\"customer_reliability_5\""))
        let shipping = try #require(
            html.offset(of: "<h6>\(language == "ru" ? "Адрес доставки" : "Shipping address")</h6>"))
        #expect(block < shipping, "a .pre template comes before the shipping address")
        #expect(html.contains(title) && html.contains(statistics))
    }

    /// "Total purchases" reads like the page's own totals (`number_format:2:".":" "`).
    @Test func totalPurchasesIsFormattedAsThePagesPrices() throws {
        #expect(try addonhost("init").status == 0)
        let install = try addonhost(
            "addon", "install", TestPaths.addons.appendingPathComponent("customer_reliability").path)
        #expect(install.status == 0, "\(install.standardError)")
        let insert = try runProcess(
            "sqlite3",
            [
                folder.path + "/store/store.db",
                """
                INSERT INTO cscart_orders (order_id, user_id, status, total, phone, storefront_id, timestamp)
                VALUES (1, 0, 'C', 13000.02, '+7 (912) 345-67-89', 1, 0), (2, 0, 'P', 365.5, '+79123456789', 1, 0)
                """,
            ])
        #expect(insert.status == 0, "\(insert.standardError)")
        let out = folder.path + "/order.html"
        let result = try addonhost("render", "order", "1", "--out", out)
        #expect(result.status == 0, "\(result.standardError)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains("Total purchases: <strong>13 365.52</strong>"))
        #expect(html.contains(">13 000.02</td>"), "the page's own total, formatted the same way")
    }
}

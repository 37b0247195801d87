import AddonSDK
import Foundation
import TestSupport
import Testing

@testable import CustomerReliability

/// The package in `addons/customer_reliability` agrees with the native code.
struct PackageTests {
    private static let root = TestPaths.addons.appendingPathComponent("customer_reliability")

    private static func read(_ relative: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }

    /// `msgctxt` values of a language pack, in order.
    private static func contexts(_ lang: String) throws -> [String] {
        try read("var/langs/\(lang)/addons/customer_reliability.po").split(separator: "\n")
            .filter { $0.hasPrefix("msgctxt \"") }.map { String($0.dropFirst(9).dropLast()) }
    }

    @Test func theIndexExpressionIsTheOneTheStatisticsQueryUses() throws {
        let manifest = try Self.read("app/addons/customer_reliability/addon.xml")
        #expect(manifest.contains("((\(Phone.indexedSQL)))"))
        #expect(manifest.contains("<handler>fn_customer_reliability_connection_status</handler>"))
        #expect(registration().infoHandlers["fn_customer_reliability_connection_status"] != nil)
    }

    /// The fixture store's covering index is the package's: the same columns, in the same order.
    @Test func theUserIndexHoldsEveryColumnTheStatisticsRead() throws {
        let manifest = try Self.read("app/addons/customer_reliability/addon.xml")
        #expect(
            manifest.contains(
                "CREATE INDEX `?:customer_reliability_orders_user` ON `?:orders` (`user_id`, `is_parent_order`, `status`, `total`)"
            ))
        #expect(manifest.contains("DROP INDEX `?:customer_reliability_orders_user` ON `?:orders`"))
        let fixture = try String(
            contentsOf: TestPaths.fixtures("CustomerReliabilityTests").appendingPathComponent("store_schema.sql"),
            encoding: .utf8)
        #expect(
            fixture.contains(
                "CREATE INDEX cscart_customer_reliability_orders_user ON cscart_orders (user_id, is_parent_order, status, total)"
            ))
    }

    @Test func bothLanguagesHaveEveryString() throws {
        let english = try Self.contexts("en")
        #expect(english == (try Self.contexts("ru")))
        #expect(Set(english).count == english.count)
        // Every language variable the code and the template use is defined.
        let template = try Self.read(
            "design/backend/templates/addons/customer_reliability/hooks/order_management/profile_shipping_address.pre.tpl"
        )
        let sources = try FileManager.default.contentsOfDirectory(
            atPath: TestPaths.packageRoot.appendingPathComponent("Sources/CustomerReliability").path
        ).filter { $0.hasSuffix(".swift") }.map {
            try String(
                contentsOf: TestPaths.packageRoot.appendingPathComponent("Sources/CustomerReliability/\($0)"),
                encoding: .utf8)
        }
        let used = Set(
            ([template] + sources).flatMap { text in
                text.matches(of: /"(customer_reliability\.[a-z_]+)"/).map { String($0.1) }
            } + ReliabilityStatus.allCases.map(\.languageVariable))
        let defined = Set(english.filter { $0.hasPrefix("Languages::") }.map { String($0.dropFirst(11)) })
        #expect(used.subtracting(defined).isEmpty, "undefined: \(used.subtracting(defined).sorted())")
    }
}

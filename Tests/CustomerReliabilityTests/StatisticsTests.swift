import AddonSDK
import SQLite
import Testing

@testable import CustomerReliability

struct StatisticsTests {
    /// One customer in every status, plus a Multi-Vendor parent order that must not count.
    private func store() throws -> TestStore {
        let store = try TestStore()
        for (id, status, total) in [
            (1, "C", 100.0), (2, "P", 50.5), (3, "I", 70.0), (4, "D", 10.0), (5, "F", 20.0), (6, "N", 30.0),
            (7, "O", 40.0),
        ] {
            try store.order(id, user: 9, status: status, total: total, phone: "+7 (912) 345-67-80")
        }
        try store.order(8, user: 9, status: "C", total: 150.5, parent: true)
        try store.order(9, user: 10, status: "C", total: 1000)
        return store
    }

    @Test func aRegisteredCustomerIsCountedByAccount() throws {
        let store = try store()
        let statistics = try CustomerStatistics.load(for: .user(9), database: store.database, prefix: "cscart_")
        // Orders: all but N; purchases: P + C; canceled: I; unfinished: N, D, F; the parent is skipped.
        #expect(statistics == CustomerStatistics(orders: 6, totalPurchases: 150.5, canceled: 1, unfinished: 3))
    }

    @Test func guestsAreMatchedByNormalizedPhoneWhateverTheFormat() throws {
        let store = try TestStore()
        try store.order(1, status: "C", total: 10, phone: "+7 (912) 345-67-89")
        try store.order(2, status: "I", phone: "+79123456789")
        try store.order(3, status: "C", total: 5, phone: "7 912 345 67 89", email: "x@example.com")
        try store.order(4, status: "C", total: 99, phone: "79123456780")
        let customer = try #require(try OrderCustomer.load(orderID: 1, database: store.database, prefix: "cscart_"))
        #expect(customer.identity == .phone("79123456789"))
        let statistics = try CustomerStatistics.load(
            for: customer.identity, database: store.database, prefix: "cscart_")
        #expect(statistics == CustomerStatistics(orders: 3, totalPurchases: 15, canceled: 1, unfinished: 0))
    }

    @Test func guestsWithoutPhoneAreMatchedByEmailIgnoringCase() throws {
        let store = try TestStore()
        try store.order(1, status: "C", total: 10, email: "Ann@Example.com")
        try store.order(2, status: "N", email: "ann@example.com")
        try store.order(3, status: "C", email: "bob@example.com")
        let customer = try #require(try OrderCustomer.load(orderID: 1, database: store.database, prefix: "cscart_"))
        #expect(customer.identity == .email("ann@example.com"))
        let statistics = try CustomerStatistics.load(
            for: customer.identity, database: store.database, prefix: "cscart_")
        #expect(statistics == CustomerStatistics(orders: 1, totalPurchases: 10, canceled: 0, unfinished: 1))
    }

    /// A guest known by the billing phone alone counts that order, and the orders that give the
    /// same number as their phone.
    @Test func aGuestKnownByTheBillingPhoneCountsItsOwnOrder() throws {
        let store = try TestStore()
        try store.order(1, status: "C", total: 10, phone: " ", bPhone: "+7 912 345-67-89")
        try store.order(2, status: "I", phone: "8 912 345 67 89", bPhone: "+7 000 000-00-00")
        try store.order(3, status: "C", total: 99, bPhone: "79123456780")
        let customer = try #require(try OrderCustomer.load(orderID: 1, database: store.database, prefix: "cscart_"))
        let statistics = try CustomerStatistics.load(
            for: customer.identity, database: store.database, prefix: "cscart_")
        #expect(statistics == CustomerStatistics(orders: 1, totalPurchases: 10, canceled: 0, unfinished: 0))
        try store.order(4, status: "I", phone: "+7 (912) 345-67-89")
        #expect(
            try CustomerStatistics.load(for: customer.identity, database: store.database, prefix: "cscart_")
                == CustomerStatistics(orders: 2, totalPurchases: 10, canceled: 1, unfinished: 0))
    }

    /// SQLite's `LOWER()` (without ICU) folds ASCII only: the identity must fold the same way.
    @Test func aGuestWithNonASCIICapitalsInTheEmailCountsItsOwnOrders() throws {
        let store = try TestStore()
        try store.order(1, status: "C", total: 10, email: "ИВАН@Почта.рф")
        try store.order(2, status: "C", total: 5, email: "ИВАН@почта.РФ")
        let customer = try #require(try OrderCustomer.load(orderID: 1, database: store.database, prefix: "cscart_"))
        let statistics = try CustomerStatistics.load(
            for: customer.identity, database: store.database, prefix: "cscart_")
        #expect(statistics == CustomerStatistics(orders: 1, totalPurchases: 10, canceled: 0, unfinished: 0))
    }

    @Test func theBillingPhoneIsUsedWhenTheOrderPhoneIsEmpty() throws {
        let store = try TestStore()
        try store.order(1, status: "C", bPhone: "8 912 345-67-80")
        let customer = try #require(try OrderCustomer.load(orderID: 1, database: store.database, prefix: "cscart_"))
        #expect(customer.phone == "8 912 345-67-80")
        #expect(Phone.canonical(customer.phone) == "79123456780")
    }

    /// The guest query must use the add-on's expression index, not scan the orders; a registered
    /// customer's statistics come from the add-on's covering index alone, no order row read.
    @Test(arguments: [
        (CustomerIdentity.phone("79123456789"), "USING INDEX cscart_customer_reliability_orders_phone"),
        (.email("ann@example.com"), "USING INDEX cscart_customer_reliability_orders_email"),
        (.user(9), "USING COVERING INDEX cscart_customer_reliability_orders_user"),
    ])
    func lookupsUseAnIndex(identity: CustomerIdentity, search: String) throws {
        let store = try store()
        let (sql, arguments) = CustomerStatistics.query(for: identity, prefix: "cscart_")
        let plan = try store.database.rows("EXPLAIN QUERY PLAN " + sql, arguments).compactMap { $0["detail"].text }
        #expect(plan.contains { $0.contains(search) }, "plan: \(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN") }, "plan: \(plan)")
    }

    @Test(arguments: [
        ("+7 (912) 345-67-89", "79123456789", "79123456789"),
        ("89123456789", "89123456789", "79123456789"),
        ("912 345 67 89", "9123456789", "79123456789"),
        ("  ", "", ""),
    ])
    func phones(typed: String, normalized: String, canonical: String) throws {
        #expect(Phone.normalized(typed) == normalized)
        #expect(Phone.canonical(typed) == canonical)
        // The Swift normalization and the indexed SQL expression agree.
        let store = try TestStore()
        #expect(
            try store.database.scalar("SELECT " + Phone.normalizedSQL("?"), [.text(typed)])?.text
                == Phone.normalized(typed))
    }
}

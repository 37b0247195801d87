import AddonSDK
import Basics
import Foundation
import SQLite
import TestSupport
import Testing

@testable import CustomerReliability

/// The one-click check: the checker, the store and the real simulator together.
struct CheckTests {
    private func check(
        _ store: TestStore, _ simulator: Simulator, order: Int, refresh: Bool = false,
        now: Date = Date(timeIntervalSince1970: 1_714_572_000),
        timeout: TimeInterval = 10
    ) throws -> CheckOutcome {
        let context = store.context(settings: activeSettings(simulator), now: now)
        return try ReliabilityChecker(context: context, client: simulator.client(timeout: timeout)).check(
            orderID: order, refresh: refresh)
    }

    @Test(arguments: [
        ("+7 (912) 345-67-80", ReliabilityStatus.trusted, false),
        ("8 912 345 67 85", .neutral, false),
        ("+7 912 345-67-87", .distrust, false),
        ("79123456789", .invalidPhone, true),
    ])
    func eachStatusIsSaved(phone: String, status: ReliabilityStatus, free: Bool) throws {
        let store = try TestStore()
        let simulator = try Simulator()
        try store.order(5, user: 3, phone: phone)
        let outcome = try check(store, simulator, order: 5)
        #expect(outcome.check.status == status)
        #expect(outcome.check.isFree == free)
        #expect(!outcome.reused)
        let rows = try store.savedChecks()
        #expect(rows.count == 1)
        #expect(rows.first?["status"].text == status.rawValue)
        #expect(rows.first?["order_id"].integer == 5)
    }

    @Test func aSavedCheckIsReusedAndNeverPaidTwiceByAccident() throws {
        let store = try TestStore()
        let simulator = try Simulator(balance: 30)
        try store.order(1, phone: "+7 (912) 345-67-80")
        try store.order(2, phone: "89123456780")  // the same customer, typed another way
        let start = Date(timeIntervalSince1970: 1_714_572_000)

        let first = try check(store, simulator, order: 1, now: start)
        #expect(first.check.balance == 27)
        // Another order of the same phone, and the same order again: the saved check is shown.
        #expect(try check(store, simulator, order: 2, now: start.addingTimeInterval(3600)).reused)
        #expect(try check(store, simulator, order: 1, now: start.addingTimeInterval(7200)).reused)
        // A refresh right after a check (a double click) shows that check.
        #expect(try check(store, simulator, order: 1, refresh: true, now: start.addingTimeInterval(30)).reused)
        #expect(try store.savedChecks().count == 1)

        // A refresh later pays for one new check.
        let refreshed = try check(store, simulator, order: 1, refresh: true, now: start.addingTimeInterval(7200))
        #expect(!refreshed.reused)
        #expect(refreshed.check.balance == 24)
        #expect(try store.savedChecks().count == 2)
        #expect(try simulator.client().ping() == 24)
    }

    /// A retry after a failure sends the same request id, so the service does not charge again
    /// for an answer the store never saved.
    @Test func aRetryAfterAFailureIsNotChargedAgain() throws {
        let store = try TestStore()
        let simulator = try Simulator(balance: 30)
        try store.order(1, phone: "79123456780")
        let requestID = String(
            SHA256.hash(Array("customer_reliability|\(store.directory.path)|1714500000|79123456780|0".utf8))
                .hexString.prefix(32))
        // The service answered, but the store never got the answer (say, the connection dropped).
        _ = try simulator.client().check(phone: "79123456780", requestID: requestID)
        #expect(try store.savedChecks().isEmpty)

        let outcome = try check(store, simulator, order: 1)
        #expect(outcome.check.balance == 27)
        #expect(try simulator.client().ping() == 27)
        #expect(try store.savedChecks().first?["request_id"].text == requestID)
    }

    /// A reinstall drops the saved checks; the next check of a phone is a new request, not the
    /// first one again (which the service would answer from its memory, with the old answer).
    @Test func aCheckAfterAReinstallIsANewRequest() throws {
        let store = try TestStore()
        let simulator = try Simulator(balance: 30)
        try store.order(1, phone: "79123456780")
        #expect(try check(store, simulator, order: 1).check.balance == 27)
        try store.database.execute("DELETE FROM cscart_customer_reliability_checks")
        try store.database.execute("UPDATE cscart_addons SET install_datetime = install_datetime + 60")
        let again = try check(store, simulator, order: 1)
        #expect(!again.reused)
        #expect(again.check.balance == 24)
        // The same phone in another store with the same partner code is a new request too.
        let other = try TestStore()
        try other.order(1, phone: "79123456780")
        #expect(try check(other, simulator, order: 1).check.balance == 21)
    }

    /// A signed answer to an earlier request, resent by someone on the path, is not the answer to
    /// this one: refused, and nothing is saved.
    @Test func anAnswerToAnotherRequestIsRefused() throws {
        let store = try TestStore()
        let simulator = try Simulator(fault: "replay", balance: 30)
        try store.order(1, phone: "79123456780")
        try store.order(2, phone: "79123456787")
        #expect(try check(store, simulator, order: 1).check.status == .trusted)
        #expect(throws: ReliabilityError.answerToAnotherRequest) { try check(store, simulator, order: 2) }
        #expect(try store.savedChecks().map(\.["order_id"].integer) == [1])
    }

    @Test(arguments: ["error500", "malformed", "reset", "bad-signature", "slow"])
    func aFailureSavesNothing(fault: String) throws {
        let store = try TestStore()
        let simulator = try Simulator(fault: fault, delay: 5)
        try store.order(1, phone: "79123456780")
        #expect(throws: ReliabilityError.self) { try check(store, simulator, order: 1, timeout: 1) }
        #expect(try store.savedChecks().isEmpty)
    }

    @Test func anOrderWithoutPhoneIsNotSentToTheService() throws {
        let store = try TestStore()
        let simulator = try Simulator(balance: 30)
        try store.order(1, email: "a@example.com")
        #expect(throws: ReliabilityError.noPhone) { try check(store, simulator, order: 1) }
        #expect(throws: ReliabilityError.orderNotFound(orderID: 99)) { try check(store, simulator, order: 99) }
        #expect(try simulator.client().ping() == 30)
        #expect(try store.savedChecks().isEmpty)
    }
}

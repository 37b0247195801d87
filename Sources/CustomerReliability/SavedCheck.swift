import AddonSDK
import Basics
public import Foundation
import SQLite

/// A check saved in `?:customer_reliability_checks`.
public struct SavedCheck: Sendable, Hashable {
    public let checkID: Int
    /// The canonical phone the service was asked about.
    public let phone: String
    public let userID: Int
    public let orderID: Int
    public let status: ReliabilityStatus
    public let isFree: Bool
    public let balance: Double?
    public let requestID: String
    public let checkedAt: Date

    static let columns = "check_id, phone, user_id, order_id, status, is_free, balance, request_id, checked_at"

    init?(_ row: Row) {
        guard let status = ReliabilityStatus(rawValue: row["status"].text ?? "") else { return nil }
        checkID = Int(row["check_id"].integer ?? 0)
        phone = row["phone"].text ?? ""
        userID = Int(row["user_id"].integer ?? 0)
        orderID = Int(row["order_id"].integer ?? 0)
        self.status = status
        isFree = row["is_free"].text == "Y"
        balance = row["balance"].real
        requestID = row["request_id"].text ?? ""
        checkedAt = Date(timeIntervalSince1970: TimeInterval(row["checked_at"].integer ?? 0))
    }

    /// The latest check of a phone, if any.
    static func latest(phone: String, database: Database, prefix: String) throws -> SavedCheck? {
        try database.rows(
            "SELECT \(columns) FROM \(prefix)customer_reliability_checks WHERE phone = ? ORDER BY checked_at DESC, check_id DESC LIMIT 1",
            [.text(phone)]
        ).first.flatMap(SavedCheck.init)
    }

    static func count(phone: String, database: Database, prefix: String) throws -> Int {
        Int(
            try database.scalar(
                "SELECT COUNT(*) FROM \(prefix)customer_reliability_checks WHERE phone = ?", [.text(phone)])?.integer
                ?? 0)
    }

    /// "2024-05-01 14:03 UTC": the date the block and the CLI show.
    var checkedOn: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: checkedAt)
        return String(
            format: "%04d-%02d-%02d %02d:%02d UTC", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }
}

/// The result of `check`: the saved check shown, and whether it was reused rather than paid for.
public struct CheckOutcome: Sendable, Hashable {
    public let check: SavedCheck
    public let reused: Bool
}

/// Runs the one-click check of an order's customer, so that no check is paid for twice by
/// accident:
/// - a saved check of the phone is shown again unless a refresh is asked for;
/// - a refresh within `refreshInterval` of the last check shows that check (a double click);
/// - the request id is derived from the phone and the number of checks saved for it (in this
///   store and install), so a retry after a failure, or a second process checking the same phone
///   at the same time, sends the same id and the service answers it without charging again;
/// - the answer is saved in one immediate transaction that first looks for a row with the same
///   request id, so two processes never save two rows for one paid check.
/// A failure saves nothing.
struct ReliabilityChecker {
    static let refreshInterval: TimeInterval = 60

    let context: AddonContext
    let client: CheckClient

    func check(orderID: Int, refresh: Bool) throws -> CheckOutcome {
        let database = context.database
        let prefix = context.tablePrefix
        guard let customer = try OrderCustomer.load(orderID: orderID, database: database, prefix: prefix) else {
            throw ReliabilityError.orderNotFound(orderID: orderID)
        }
        let phone = Phone.canonical(customer.phone)
        guard !phone.isEmpty else { throw ReliabilityError.noPhone }
        let now = context.now()

        if let latest = try SavedCheck.latest(phone: phone, database: database, prefix: prefix),
            !refresh || now.timeIntervalSince(latest.checkedAt) < Self.refreshInterval
        {
            return CheckOutcome(check: latest, reused: true)
        }

        let requestID = try Self.requestID(phone: phone, context: context)
        let answer = try client.check(phone: phone, requestID: requestID)

        // Inside the host's transaction when it opened one; else in our own immediate one.
        let save = {
            let existing = try database.rows(
                "SELECT \(SavedCheck.columns) FROM \(prefix)customer_reliability_checks WHERE phone = ? AND request_id = ?",
                [.text(phone), .text(requestID)])
            if let saved = existing.first.flatMap(SavedCheck.init) { return CheckOutcome(check: saved, reused: true) }
            try database.execute(
                """
                INSERT INTO \(prefix)customer_reliability_checks
                    (phone, user_id, order_id, status, is_free, balance, request_id, checked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(phone), DatabaseValue(customer.userID), DatabaseValue(orderID), .text(answer.status.rawValue),
                    .text(answer.isFree ? "Y" : "N"), answer.balance.map(DatabaseValue.real) ?? .null, .text(requestID),
                    .integer(Int64(now.timeIntervalSince1970)),
                ])
            let saved = try database.rows(
                "SELECT \(SavedCheck.columns) FROM \(prefix)customer_reliability_checks WHERE check_id = ?",
                [.integer(database.lastInsertedRowID)])
            return CheckOutcome(check: SavedCheck(saved[0])!, reused: false)
        }
        return try database.isInTransaction ? save() : database.transaction(.immediate, save)
    }

    /// The phone and the number of checks saved for it, in this store and this install of the
    /// add-on: a reinstall drops the checks, and another store may use the same partner code, so
    /// the count alone would repeat an id the service answers from its memory, with an old answer.
    static func requestID(phone: String, context: AddonContext) throws -> String {
        let prefix = context.tablePrefix
        let previous = try SavedCheck.count(phone: phone, database: context.database, prefix: prefix)
        let installed =
            try context.database.scalar(
                "SELECT install_datetime FROM \(prefix)addons WHERE addon = ?", [.text(context.addonID)])?.integer ?? 0
        // The folder with links resolved: the same store reached through a link is one store.
        let store = URL(fileURLWithPath: context.storeRoot).resolvingSymlinksInPath().path
        let key = "customer_reliability|\(store)|\(installed)|\(phone)|\(previous)"
        return String(SHA256.hash(Array(key.utf8)).hexString.prefix(32))
    }
}

import Foundation
import SQLite

/// The customer an order belongs to, as far as the store can tell.
struct OrderCustomer: Sendable, Hashable {
    let orderID: Int
    let userID: Int
    /// The first non-empty of the order's phone, billing phone and shipping phone, as typed.
    let phone: String
    let email: String

    static func load(orderID: Int, database: Database, prefix: String) throws -> OrderCustomer? {
        let rows = try database.rows(
            "SELECT order_id, user_id, phone, b_phone, s_phone, email FROM \(prefix)orders WHERE order_id = ?",
            [DatabaseValue(orderID)])
        guard let row = rows.first else { return nil }
        // Spaces only, as `Phone.orderPhoneSQL` trims in the statistics query.
        let phones = ["phone", "b_phone", "s_phone"].map { (row[$0].text ?? "").trimmingCharacters(in: [" "]) }
        return OrderCustomer(
            orderID: orderID, userID: Int(row["user_id"].integer ?? 0), phone: phones.first { !$0.isEmpty } ?? "",
            email: (row["email"].text ?? "").trimmingCharacters(in: .whitespaces))
    }

    /// `LOWER()` of SQLite without ICU (Debian's): ASCII letters only, so that an address with
    /// other capitals ("ИВАН@почта.рф") still matches its own orders.
    static func lowercasedAsSQLite(_ text: String) -> String {
        String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// How the customer's other orders are found.
    var identity: CustomerIdentity {
        if userID > 0 { return .user(userID) }
        let phone = Phone.normalized(phone)
        if !phone.isEmpty { return .phone(phone) }
        if !email.isEmpty { return .email(Self.lowercasedAsSQLite(email)) }
        return .order(orderID)
    }
}

/// The key the store's statistics are gathered by.
enum CustomerIdentity: Sendable, Hashable {
    /// A registered customer: all orders of the account.
    case user(Int)
    /// A guest: all orders with the same normalized phone (guest or not: it is the same person),
    /// each order's phone taken as `OrderCustomer` takes it.
    case phone(String)
    /// A guest without a phone: all orders with the same e-mail, case-insensitively.
    case email(String)
    /// Nothing to match by: the order alone.
    case order(Int)

    /// `user`, `phone`, `email` or `order`, as the template tells them apart.
    var kind: String {
        switch self {
        case .user: "user"
        case .phone: "phone"
        case .email: "email"
        case .order: "order"
        }
    }
}

/// The store's own statistics for one customer, in the Customer rating block.
///
/// Which order statuses count where (CS-Cart's letters):
/// - **Orders**: every order except `N` (incomplete: checkout left before it finished; CS-Cart
///   hides these from the order list too).
/// - **Total purchases**: the sum of `total` over paid orders, `P` (processed) and `C` (complete).
/// - **Canceled orders**: `I` (canceled) only — the order was placed and then called off, the
///   refusal to buy that the rating is about.
/// - **Unfinished orders**: `N` (incomplete), `D` (declined) and `F` (failed). Declined and failed
///   are payments that did not go through: the purchase never finished, but that says little
///   about whether the customer would have taken the goods, so they are not counted as canceled.
/// - Open, backordered and awaiting-call orders (`O`, `B`, `Y`, and custom statuses) count only
///   in Orders.
/// Parent orders of a Multi-Vendor split (`is_parent_order = 'Y'`) are skipped: their vendor
/// orders are counted instead, so nothing is counted twice.
public struct CustomerStatistics: Sendable, Hashable {
    public var orders: Int
    public var totalPurchases: Double
    public var canceled: Int
    public var unfinished: Int

    static let paidStatuses = ["P", "C"]
    static let canceledStatuses = ["I"]
    static let unfinishedStatuses = ["N", "D", "F"]

    /// The statistics query for an identity, with its arguments. Guest phones are compared with
    /// the indexed expression so that SQLite (and MySQL) use the add-on's functional index.
    static func query(for identity: CustomerIdentity, prefix: String) -> (sql: String, arguments: [DatabaseValue]) {
        func list(_ statuses: [String]) -> String { statuses.map { "'\($0)'" }.joined(separator: ", ") }
        let match: String
        let argument: DatabaseValue
        switch identity {
        case .user(let id): (match, argument) = ("user_id = ?", DatabaseValue(id))
        case .phone(let phone): (match, argument) = ("\(Phone.indexedSQL) = ?", .text(phone))
        case .email(let email): (match, argument) = ("LOWER(email) = ?", .text(email))
        case .order(let id): (match, argument) = ("order_id = ?", DatabaseValue(id))
        }
        let sql = """
            SELECT COUNT(CASE WHEN status <> 'N' THEN 1 END),
                   COALESCE(SUM(CASE WHEN status IN (\(list(paidStatuses))) THEN total END), 0),
                   COUNT(CASE WHEN status IN (\(list(canceledStatuses))) THEN 1 END),
                   COUNT(CASE WHEN status IN (\(list(unfinishedStatuses))) THEN 1 END)
            FROM \(prefix)orders
            WHERE \(match) AND is_parent_order <> 'Y'
            """
        return (sql, [argument])
    }

    static func load(for identity: CustomerIdentity, database: Database, prefix: String) throws -> CustomerStatistics {
        let (sql, arguments) = query(for: identity, prefix: prefix)
        let row = try database.rows(sql, arguments)[0]
        return CustomerStatistics(
            orders: Int(row[0].integer ?? 0), totalPurchases: row[1].real ?? 0, canceled: Int(row[2].integer ?? 0),
            unfinished: Int(row[3].integer ?? 0))
    }
}

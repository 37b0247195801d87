import SQLite

/// A realistic store, generated deterministically: the same seed and order count always give the
/// same database (the generator and the clock are fixed, see `endDate`).
public enum SampleData {
    /// What a run produced.
    public struct Summary: Sendable, Hashable {
        public var storefronts: Int
        public var registeredCustomers: Int
        public var guests: Int
        public var orders: Int
    }

    /// The newest order is just before this moment (2026-11-01 00:00 UTC), and the oldest about
    /// two years earlier. Fixed rather than "now" so that a seed always gives the same store.
    public static let endDate: Int64 = 1_793_491_200
    public static let span: Int64 = 2 * 365 * 86_400

    /// Adds storefronts, customers and `orders` orders to a store made by `Store.create`, in one
    /// transaction with one prepared statement per table.
    @discardableResult
    public static func generate(store: Store, orders: Int, seed: UInt64) throws -> Summary {
        precondition(orders >= 0, "a negative number of orders")
        var random = SplitMix64(seed: seed)
        return try store.database.transaction(.immediate) {
            try generate(in: store.database, orders: orders, random: &random)
        }
    }

    static let storefronts: [(url: String, name: String, status: String)] = [
        ("opt.example.ru", "Оптовый магазин", "Y"),
        ("kids.example.com", "Kids & Toys", "Y"),
        ("old.example.ru", "Старая витрина", "N"),
    ]

    /// CS-Cart's order statuses by how often a real shop has them.
    static let statusWeights: [(String, Int)] = [
        ("C", 40), ("P", 15), ("O", 10), ("I", 8), ("N", 7), ("F", 5), ("D", 5), ("B", 5), ("Y", 5),
    ]

    struct Customer {
        var userID: Int
        var person: SampleNames.Person
        var email: String
        /// Ten digits, or nil for a customer who gave only an e-mail.
        var phone: String?
        var storefrontID: Int
    }

    private static func generate(in database: Database, orders: Int, random: inout SplitMix64) throws -> Summary {
        let storefrontInsert = try database.prepare(
            "INSERT INTO cscart_storefronts (url, name, status, is_default) VALUES (?, ?, ?, 'N')")
        for storefront in storefronts {
            try storefrontInsert.run([.text(storefront.url), .text(storefront.name), .text(storefront.status)])
        }
        let storefrontIDs = [1, 1, 1, 2, 2, 3, 4]  // the default storefront sells most
        let start = endDate - span

        // Registered customers.
        let userInsert = try database.prepare(
            """
            INSERT INTO cscart_users (user_id, user_type, status, firstname, lastname, email, phone, storefront_id, timestamp)
            VALUES (?, 'C', ?, ?, ?, ?, ?, ?, ?)
            """)
        var registered: [Customer] = []
        for index in 0..<max(5, orders / 4) {
            let person = SampleNames.person(&random)
            let userID = index + 1
            let customer = Customer(
                userID: userID, person: person, email: SampleNames.email(person, unique: userID, &random),
                phone: random.percent(92) ? SampleNames.mobile(&random) : nil, storefrontID: random.pick(storefrontIDs))
            registered.append(customer)
            try userInsert.run([
                DatabaseValue(userID), random.percent(97) ? "A" : "D", .text(person.firstname), .text(person.lastname),
                .text(customer.email), .text(customer.phone.map { SampleNames.formatted($0, &random) } ?? ""),
                DatabaseValue(customer.storefrontID), .integer(start - Int64(random.below(Int(span)))),
            ])
        }

        // Guests: fewer people than guest orders, so many order again, each time typing their
        // phone as it comes; some leave only an e-mail.
        var guests: [Customer] = []
        for index in 0..<max(5, orders / 6) {
            let person = SampleNames.person(&random)
            guests.append(
                Customer(
                    userID: 0, person: person, email: SampleNames.email(person, unique: index + 1, &random),
                    phone: random.percent(85) ? SampleNames.mobile(&random) : nil,
                    storefrontID: random.pick(storefrontIDs)))
        }

        let orderInsert = try database.prepare(
            """
            INSERT INTO cscart_orders (order_id, is_parent_order, parent_order_id, company_id, user_id, total, subtotal,
                discount, shipping_cost, timestamp, status, notes, firstname, lastname, company, email, phone,
                b_firstname, b_lastname, b_address, b_city, b_state, b_country, b_zipcode, b_phone,
                s_firstname, s_lastname, s_address, s_city, s_state, s_country, s_zipcode, s_phone, s_address_type,
                payment_id, lang_code, storefront_id)
            VALUES (?, 'N', 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                ?, ?, ?)
            """)
        let step = orders > 0 ? max(1, span / Int64(orders)) : span
        for index in 0..<orders {
            let customer = random.percent(60) ? random.pick(registered) : random.pick(guests)
            let person = customer.person
            // The first nine orders take every status once, so that any store has them all.
            let status = index < statusWeights.count ? statusWeights[index].0 : random.pick(weighted: statusWeights)
            let subtotal = Int64(30_000 + random.below(random.percent(10) ? 15_000_000 : 2_000_000))
            let discount = random.percent(20) ? subtotal * Int64(random.pick([5, 10, 15])) / 100 : 0
            let shipping = Int64(random.pick([0, 25_000, 35_000, 49_000]))
            let phone = customer.phone.map { SampleNames.formatted($0, &random) } ?? ""
            let (place, address) = SampleNames.address(isRussian: person.isRussian, &random)
            let notes =
                random.percent(10)
                ? random.pick(person.isRussian ? SampleNames.russianNotes : SampleNames.englishNotes) : nil
            let name: [DatabaseValue] = [.text(person.firstname), .text(person.lastname)]
            let location: [DatabaseValue] = [
                .text(address), .text(place.city), .text(place.state), .text(place.country), .text(place.zipcode),
                .text(phone),
            ]
            try orderInsert.run(
                [
                    DatabaseValue(index + 1), DatabaseValue(1 + random.below(3)), DatabaseValue(customer.userID),
                    money(subtotal - discount + shipping), money(subtotal), money(discount), money(shipping),
                    .integer(start + Int64(index) * step + Int64(random.below(Int(step)))), .text(status),
                    DatabaseValue(notes),
                ] + name + [
                    random.percent(5) ? .text(random.pick(SampleNames.companies)) : "", .text(customer.email),
                    .text(phone),
                ] + name + location + name + location + [
                    random.percent(80) ? "residential" : "commercial", DatabaseValue(1 + random.below(4)),
                    person.isRussian ? "ru" : "en", DatabaseValue(customer.storefrontID),
                ])
        }
        return Summary(
            storefronts: 1 + storefronts.count, registeredCustomers: registered.count, guests: guests.count,
            orders: orders)
    }

    /// Kopecks (cents) as the decimal CS-Cart stores.
    private static func money(_ cents: Int64) -> DatabaseValue { .real(Double(cents) / 100) }
}

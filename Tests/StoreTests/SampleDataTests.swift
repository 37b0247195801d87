import Foundation
import SQLite
import Store
import TestSupport
import Testing

struct SampleDataTests {
    let folder = TemporaryDirectory()

    func sampleStore(_ name: String, orders: Int = 3000, seed: UInt64 = 7) throws -> Store {
        try Store.create(at: folder.path + "/" + name) { store in
            try SampleData.generate(store: store, orders: orders, seed: seed)
        }
    }

    @Test func theSameSeedGivesTheSameDatabase() throws {
        let first = try sampleStore("a").layout.databasePath
        let second = try sampleStore("b").layout.databasePath
        let other = try sampleStore("c", seed: 8).layout.databasePath
        let dumped = try dumpWithoutMigrationTimes(first)
        #expect(dumped.contains("INSERT INTO cscart_orders"))
        #expect(try dumpWithoutMigrationTimes(second) == dumped)
        #expect(try dumpWithoutMigrationTimes(other) != dumped)
    }

    @Test func ordersComeInEveryStatusFromSeveralStorefronts() throws {
        let database = try sampleStore("s").database
        let statuses = try database.rows("SELECT DISTINCT status FROM cscart_orders ORDER BY status").compactMap {
            $0[0].text
        }
        #expect(statuses == ["B", "C", "D", "F", "I", "N", "O", "P", "Y"])
        #expect(try database.scalar("SELECT count(DISTINCT storefront_id) FROM cscart_orders")?.integer ?? 0 >= 3)
        #expect(try database.scalar("SELECT count(*) FROM cscart_orders WHERE user_id = 0")?.integer ?? 0 > 0)
        #expect(try database.scalar("SELECT count(*) FROM cscart_orders WHERE user_id > 0")?.integer ?? 0 > 0)
        let wrongTotals = try database.scalar(
            "SELECT count(*) FROM cscart_orders WHERE abs(total - (subtotal - discount + shipping_cost)) > 0.001")
        #expect(wrongTotals == 0)
        let range = try database.rows("SELECT min(timestamp), max(timestamp) FROM cscart_orders")[0]
        #expect(range[0].integer! >= SampleData.endDate - SampleData.span)
        #expect(range[1].integer! < SampleData.endDate)
        #expect(range[1].integer! - range[0].integer! > SampleData.span * 9 / 10)
    }

    @Test func customersHaveRussianAndEnglishNamesAndEmails() throws {
        let database = try sampleStore("s").database
        let names = try database.rows("SELECT firstname FROM cscart_users").compactMap { $0[0].text }
        #expect(names.contains { $0.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) } })
        #expect(names.contains { $0.unicodeScalars.allSatisfy(\.isASCII) })
        #expect(try database.scalar("SELECT count(*) FROM cscart_users WHERE email NOT LIKE '_%@_%._%'") == 0)
    }

    @Test func phonesAreWrittenTheWaysPeopleTypeThem() throws {
        let database = try sampleStore("s").database
        let phones = try database.rows("SELECT DISTINCT phone FROM cscart_orders WHERE phone <> ''").compactMap {
            $0[0].text
        }
        let formats = [
            #/\+7 \(\d{3}\) \d{3}-\d{2}-\d{2}/#, #/8\d{10}/#, #/\+7\d{10}/#, #/\d{3} \d{3} \d{2} \d{2}/#,
        ]
        for phone in phones {
            #expect(formats.contains { phone.wholeMatch(of: $0) != nil }, "\(phone)")
        }
        for format in formats {
            #expect(phones.contains { $0.wholeMatch(of: format) != nil })
        }
    }

    @Test func guestsOrderAgainTypingTheirPhoneDifferentlyAndSomeGiveOnlyAnEmail() throws {
        let database = try sampleStore("s").database
        var phonesByGuest: [String: Set<String>] = [:]
        for row in try database.rows("SELECT email, phone FROM cscart_orders WHERE user_id = 0 AND phone <> ''") {
            phonesByGuest[row[0].text!, default: []].insert(row[1].text!)
        }
        let retyped = phonesByGuest.values.filter { spellings in
            spellings.count > 1 && Set(spellings.map { String($0.filter(\.isNumber).suffix(10)) }).count == 1
        }
        #expect(retyped.count > 10)
        let emailOnly = try database.scalar(
            "SELECT count(*) FROM cscart_orders WHERE user_id = 0 AND phone = '' AND email <> ''")
        #expect(emailOnly?.integer ?? 0 > 0)
    }
}

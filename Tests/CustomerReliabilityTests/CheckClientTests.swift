import Foundation
import Testing

@testable import CustomerReliability

/// The client against the real simulator over 127.0.0.1.
struct CheckClientTests {
    @Test(arguments: [
        ("79123456780", ReliabilityStatus.trusted, false),
        ("79123456785", .neutral, false),
        ("79123456787", .distrust, false),
        ("79123456789", .invalidPhone, true),
        ("12345", .invalidPhone, true),
    ])
    func eachStatus(phone: String, status: ReliabilityStatus, free: Bool) throws {
        let simulator = try Simulator(balance: 30)
        let answer = try simulator.client().check(phone: phone, requestID: "req-\(phone)")
        #expect(answer.status == status)
        #expect(answer.isFree == free)
        #expect(answer.balance == (free ? 30 : 27))
    }

    @Test func aRepeatedRequestIDIsNotChargedAgain() throws {
        let simulator = try Simulator(balance: 30)
        let client = simulator.client()
        #expect(try client.check(phone: "79123456780", requestID: "same").balance == 27)
        #expect(try client.check(phone: "79123456780", requestID: "same").balance == 27)
        #expect(try client.check(phone: "79123456780", requestID: "other").balance == 24)
    }

    @Test func pingReportsTheBalance() throws {
        let simulator = try Simulator(balance: 12.5)
        #expect(try simulator.client().ping() == 12.5)
    }

    @Test(arguments: [
        ("error500", ReliabilityError.serverError(status: 500)),
        ("malformed", .malformedResponse),
        ("reset", .connectionFailed),
        ("bad-signature", .responseSignatureInvalid),
    ])
    func faultModes(fault: String, expected: ReliabilityError) throws {
        let simulator = try Simulator(fault: fault)
        #expect(throws: expected) { try simulator.client().check(phone: "79123456780", requestID: "r") }
        #expect(throws: expected) { try simulator.client().ping() }
    }

    @Test func aSlowServiceTimesOut() throws {
        let simulator = try Simulator(fault: "slow", delay: 5)
        #expect(throws: ReliabilityError.timedOut) {
            try simulator.client(timeout: 1).check(phone: "79123456780", requestID: "r")
        }
    }

    @Test func aWrongRequestSignatureIsRejected() throws {
        let simulator = try Simulator()
        #expect(throws: ReliabilityError.signatureRejected) {
            try simulator.client(secret: "not-the-signature").check(phone: "79123456780", requestID: "r")
        }
    }

    @Test func anEmptyBalanceIsReported() throws {
        let simulator = try Simulator(balance: 2)
        #expect(throws: ReliabilityError.insufficientBalance) {
            try simulator.client().check(phone: "79123456780", requestID: "r")
        }
        // A check of a number that does not exist is still free.
        #expect(try simulator.client().check(phone: "79123456789", requestID: "r2").status == .invalidPhone)
    }

    @Test func aStoppedServiceIsNoConnection() throws {
        let simulator = try Simulator()
        simulator.stop()
        #expect(throws: ReliabilityError.connectionFailed) { try simulator.client(timeout: 2).ping() }
    }

    @Test func theSignatureIsNeverShown() throws {
        let simulator = try Simulator()
        let client = simulator.client()
        var dumped = ""
        dump(client, to: &dumped)
        for text in [client.description, String(describing: client), String(reflecting: client), dumped] {
            #expect(!text.contains(Simulator.secret))
        }
        let request = CheckClientWire.checkRequest(
            base: simulator.baseURL, partnerCode: "P", phone: "79123456780", requestID: "r", timestamp: 1,
            key: Array(Simulator.secret.utf8), timeout: 1)
        #expect(!request.url.absoluteString.contains(Simulator.secret))
        #expect(!String(decoding: request.body, as: UTF8.self).contains(Simulator.secret))
        #expect(request.header("x-signature")?.count == 64)
    }
}

internal import CHTTP
public import Foundation

/// A customer's status in the checkclient.ru Black List. The raw values are what the store
/// saves and what templates compare with.
public enum ReliabilityStatus: String, Sendable, CaseIterable {
    /// "Can be trusted".
    case trusted
    /// "There is no reason not to trust".
    case neutral
    /// "It's better not to trust": ship only on prepayment.
    case distrust
    /// "The number does not exist": such a check is free.
    case invalidPhone = "invalid_phone"

    /// The language variable of the status's wording.
    public var languageVariable: String { "customer_reliability.status_\(rawValue)" }
}

/// What the service answered to one check.
public struct ServiceAnswer: Sendable, Hashable {
    public let status: ReliabilityStatus
    public let isFree: Bool
    /// The partner's balance after the check, when the service reports it.
    public let balance: Double?
}

/// An HTTP request or answer: its headers, looked up as HTTP compares names.
protocol HTTPMessage {
    var headers: [String: String] { get }
}

extension HTTPMessage {
    func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// A POST as the wire builds it.
struct HTTPRequest: HTTPMessage, Sendable {
    let url: URL
    let headers: [String: String]
    let body: [UInt8]
    let timeout: TimeInterval
}

/// An HTTP answer as the wire decoder needs it.
struct HTTPAnswer: HTTPMessage, Sendable {
    let status: Int
    let headers: [String: String]
    let body: [UInt8]
}

/// Talks to the checkclient.ru service (or its simulator) over HTTPS with libcurl (`CHTTP`).
/// The request signature is a key only: it is never part of a URL, a message or `description`.
public struct CheckClient: Sendable, CustomStringConvertible, CustomReflectable {
    public let baseURL: URL
    public let partnerCode: String
    private let key: [UInt8]
    public let timeout: TimeInterval

    /// The production address, used when neither `CHECKCLIENT_URL` nor the hidden setting gives one.
    public static let defaultBaseURL = "https://checkclient.ru/api/v1"

    public init(baseURL: URL, partnerCode: String, requestSignature: String, timeout: TimeInterval = 10) {
        self.baseURL = baseURL
        self.partnerCode = partnerCode
        self.key = Array(requestSignature.utf8)
        self.timeout = timeout
    }

    public var description: String { "CheckClient(\(baseURL.absoluteString), partner \(partnerCode))" }
    public var customMirror: Mirror {
        Mirror(self, children: ["baseURL": baseURL, "partnerCode": partnerCode, "timeout": timeout])
    }

    /// Asks for the status of a phone number. `requestID` makes a repeated call free (see the wire).
    public func check(phone: String, requestID: String) throws(ReliabilityError) -> ServiceAnswer {
        let request = CheckClientWire.checkRequest(
            base: baseURL, partnerCode: partnerCode, phone: phone, requestID: requestID, timestamp: Self.timestamp(),
            key: key, timeout: timeout)
        return try CheckClientWire.decodeCheck(send(request), key: key, requestID: requestID)
    }

    /// The connection test: a signed call that costs nothing. Returns the balance if reported.
    @discardableResult
    public func ping() throws(ReliabilityError) -> Double? {
        let request = CheckClientWire.pingRequest(
            base: baseURL, partnerCode: partnerCode, timestamp: Self.timestamp(), key: key, timeout: timeout)
        return try CheckClientWire.decodePing(send(request), key: key)
    }

    /// The service's clock check needs real time, not a test's fixed clock.
    private static func timestamp() -> Int { Int(Date().timeIntervalSince1970) }

    /// The most the service's headers or body may hold: its answers are a few hundred bytes, and a
    /// server that sends without end (a fault, or not the service) must not fill memory.
    static let maxAnswerBytes = 1 << 20

    /// One request, synchronously: the CLI is synchronous and a check is a single round trip.
    private func send(_ request: HTTPRequest) throws(ReliabilityError) -> HTTPAnswer {
        var cHeaders = request.headers.map { strdup("\($0.key): \($0.value)") }
        defer { cHeaders.forEach { free($0) } }
        var answer = addonhost_http_answer()
        let result = cHeaders.withUnsafeMutableBufferPointer { pointers in
            pointers.withMemoryRebound(to: UnsafePointer<CChar>?.self) { headerList in
                request.body.withUnsafeBytes { body in
                    addonhost_http_post(
                        request.url.absoluteString, headerList.baseAddress, headerList.count, body.baseAddress,
                        body.count, Int(request.timeout * 1000), Self.maxAnswerBytes, &answer)
                }
            }
        }
        defer { addonhost_http_answer_free(&answer) }
        switch result {
        case ADDONHOST_HTTP_OK: break
        case ADDONHOST_HTTP_TIMED_OUT: throw .timedOut
        case ADDONHOST_HTTP_MALFORMED, ADDONHOST_HTTP_TOO_LARGE: throw .malformedResponse
        default: throw .connectionFailed
        }
        let headerText = String(
            decoding: UnsafeRawBufferPointer(start: answer.headers, count: answer.headers_length), as: UTF8.self)
        return HTTPAnswer(
            status: answer.status, headers: Self.headers(headerText),
            body: Array(UnsafeRawBufferPointer(start: answer.body, count: answer.body_length)))
    }

    /// The `Name: value` lines by name; the status lines (`HTTP/1.1 200 OK`) are skipped.
    private static func headers(_ text: String) -> [String: String] {
        var headers: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":"), !line.hasPrefix("HTTP/") else { continue }
            headers[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return headers
    }
}

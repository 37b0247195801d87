public import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

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

/// An HTTP answer as the wire decoder needs it.
struct HTTPAnswer: Sendable {
    let status: Int
    let headers: [String: String]
    let body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// Talks to the checkclient.ru service (or its simulator) over HTTPS with URLSession.
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
        return try CheckClientWire.decodeCheck(send(request), key: key)
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

    /// One request, synchronously: the CLI is synchronous and a check is a single round trip.
    private func send(_ request: URLRequest) throws(ReliabilityError) -> HTTPAnswer {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 2
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }

        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            box.set(Self.answer(data: data, response: response, error: error))
            done.signal()
        }
        task.resume()
        done.wait()
        return try box.get().get()
    }

    private static func answer(data: Data?, response: URLResponse?, error: (any Error)?) -> Result<
        HTTPAnswer, ReliabilityError
    > {
        if let error {
            let code = (error as? URLError)?.code
            if code == .timedOut { return .failure(.timedOut) }
            if code == .badServerResponse || code == .cannotParseResponse { return .failure(.malformedResponse) }
            return .failure(.connectionFailed)
        }
        guard let http = response as? HTTPURLResponse else { return .failure(.malformedResponse) }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name] = value }
        }
        return .success(HTTPAnswer(status: http.statusCode, headers: headers, body: Array(data ?? Data())))
    }
}

/// Carries the completion handler's result back to the waiting thread.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<HTTPAnswer, ReliabilityError> = .failure(.connectionFailed)
    func set(_ value: Result<HTTPAnswer, ReliabilityError>) { lock.withLock { result = value } }
    func get() -> Result<HTTPAnswer, ReliabilityError> { lock.withLock { result } }
}

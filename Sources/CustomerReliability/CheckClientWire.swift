import Basics
import Foundation

/// The checkclient.ru wire format, all of it in this one file so that it can be replaced by the
/// provider's real one. No public API documentation exists; this is our own small design:
///
///     POST {base}/check   {"partner_code":"P","phone":"79123456789","request_id":"…","timestamp":1714572000}
///       → 200 {"request_id":"…","status":"trusted|neutral|distrust|invalid_phone","free":false,"balance":97.0}
///     POST {base}/ping    {"partner_code":"P","timestamp":1714572000}
///       → 200 {"ok":true,"balance":97.0}
///
/// Every request carries `X-Signature: hex(HMAC-SHA256(key: request signature, message: body))`
/// and every answer is signed the same way, so a forged or garbled answer is refused. The
/// signature itself never travels. `request_id` is an idempotency key: the service answers a
/// repeated id from its memory without charging again. Errors: 400 `bad_request`,
/// 401 `bad_signature` / `unknown_partner` / `stale_request`, 402 `insufficient_balance`, 5xx.
enum CheckClientWire {
    static let checkPath = "check"
    static let pingPath = "ping"
    static let signatureHeader = "X-Signature"

    static func checkRequest(
        base: URL, partnerCode: String, phone: String, requestID: String, timestamp: Int, key: [UInt8],
        timeout: TimeInterval
    ) -> HTTPRequest {
        let body = JSONValue.object([
            ("partner_code", .string(partnerCode)), ("phone", .string(phone)), ("request_id", .string(requestID)),
            ("timestamp", .int(timestamp)),
        ])
        return signedPost(base.appendingPathComponent(checkPath), body: body, key: key, timeout: timeout)
    }

    static func pingRequest(base: URL, partnerCode: String, timestamp: Int, key: [UInt8], timeout: TimeInterval)
        -> HTTPRequest
    {
        let body = JSONValue.object([("partner_code", .string(partnerCode)), ("timestamp", .int(timestamp))])
        return signedPost(base.appendingPathComponent(pingPath), body: body, key: key, timeout: timeout)
    }

    /// The answer to the check `requestID`, or the error it stands for. A signed answer to
    /// another request (resent by someone on the path) is refused: the signature covers only
    /// the body, and the body names the request.
    static func decodeCheck(_ response: HTTPAnswer, key: [UInt8], requestID: String) throws(ReliabilityError)
        -> ServiceAnswer
    {
        let json = try verifiedBody(response, key: key)
        guard json["request_id"]?.stringValue == requestID else { throw .answerToAnotherRequest }
        guard let wireStatus = json["status"]?.stringValue, let status = status(fromWire: wireStatus),
            case .bool(let free) = json["free"] ?? .null
        else { throw .malformedResponse }
        return ServiceAnswer(status: status, isFree: free, balance: number(json["balance"]))
    }

    /// The balance reported by a successful connection test.
    static func decodePing(_ response: HTTPAnswer, key: [UInt8]) throws(ReliabilityError) -> Double? {
        let json = try verifiedBody(response, key: key)
        guard json["ok"] == .bool(true) else { throw .malformedResponse }
        return number(json["balance"])
    }

    private static func status(fromWire text: String) -> ReliabilityStatus? {
        switch text {
        case "trusted": .trusted
        case "neutral": .neutral
        case "distrust": .distrust
        case "invalid_phone": .invalidPhone
        default: nil
        }
    }

    private static func signedPost(_ url: URL, body: JSONValue, key: [UInt8], timeout: TimeInterval) -> HTTPRequest {
        let bytes = Array(body.compact.utf8)
        return HTTPRequest(
            url: url,
            headers: [
                "Content-Type": "application/json", "Accept": "application/json",
                signatureHeader: SHA256.hmac(key: key, message: bytes).hexString,
            ],
            body: bytes, timeout: timeout)
    }

    /// Maps HTTP errors, then checks the answer's signature before anything in it is believed.
    private static func verifiedBody(_ response: HTTPAnswer, key: [UInt8]) throws(ReliabilityError) -> JSONValue {
        switch response.status {
        case 200: break
        case 401, 403: throw .signatureRejected
        case 402: throw .insufficientBalance
        default: throw .serverError(status: response.status)
        }
        let expected = SHA256.hmac(key: key, message: response.body).hexString
        guard let signature = response.header(signatureHeader), constantTimeEquals(signature.lowercased(), expected)
        else { throw .responseSignatureInvalid }
        guard let text = String(validating: response.body, as: UTF8.self),
            let json = try? JSONValue.parse(text, path: "checkclient answer"), case .object = json
        else { throw .malformedResponse }
        return json
    }

    private static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .int(let number): Double(number)
        case .double(let number): number
        default: nil
        }
    }
}

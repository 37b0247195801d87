/// Why a check or a connection test did not give an answer. The catalogue of the module's
/// messages: each case names the add-on's language variable that explains it to the admin.
/// No case carries a secret, a URL with credentials, or a raw server body.
public enum ReliabilityError: Error, Sendable, Hashable, CustomStringConvertible {
    case orderNotFound(orderID: Int)
    case serviceNotActive
    /// The service is active but these settings are empty.
    case notConfigured(missing: [String])
    /// The request signature is `env:NAME`, and NAME is not set.
    case variableNotSet(String)
    /// The service URL (`checkclient_url` or `CHECKCLIENT_URL`) is not an http(s) URL.
    case badServiceURL
    case noPhone
    case connectionFailed
    case timedOut
    case serverError(status: Int)
    case malformedResponse
    /// The service refused the partner code or the request signature.
    case signatureRejected
    /// The answer was not signed with our key: it may be forged or garbled.
    case responseSignatureInvalid
    /// A signed answer, but to another request: resent, not answered.
    case answerToAnotherRequest
    case insufficientBalance

    /// A stable id for scripts (`--json`) and tests.
    public var id: String {
        switch self {
        case .orderNotFound: "customer_reliability.order-not-found"
        case .serviceNotActive: "customer_reliability.service-not-active"
        case .notConfigured: "customer_reliability.not-configured"
        case .variableNotSet: "customer_reliability.variable-not-set"
        case .badServiceURL: "customer_reliability.bad-service-url"
        case .noPhone: "customer_reliability.no-phone"
        case .connectionFailed: "customer_reliability.connection-failed"
        case .timedOut: "customer_reliability.timed-out"
        case .serverError: "customer_reliability.server-error"
        case .malformedResponse: "customer_reliability.malformed-response"
        case .signatureRejected: "customer_reliability.signature-rejected"
        case .responseSignatureInvalid: "customer_reliability.response-signature-invalid"
        case .answerToAnotherRequest: "customer_reliability.answer-to-another-request"
        case .insufficientBalance: "customer_reliability.insufficient-balance"
        }
    }

    /// The message in the admin's language, through the add-on's language variables.
    public func message(_ translate: (String, [String: String]) -> String, labels: [String: String] = [:]) -> String {
        switch self {
        case .orderNotFound(let orderID):
            translate("customer_reliability.error_order_not_found", ["[order_id]": String(orderID)])
        case .serviceNotActive: translate("customer_reliability.error_service_not_active", [:])
        case .notConfigured(let missing):
            missing.map {
                translate("customer_reliability.error_required_field", ["[field]": labels[$0] ?? $0])
            }.joined(separator: " ")
        case .variableNotSet(let name):
            translate("customer_reliability.error_variable_not_set", ["[variable]": name])
        case .badServiceURL: translate("customer_reliability.error_service_url", [:])
        case .noPhone: translate("customer_reliability.error_no_phone", [:])
        case .connectionFailed: translate("customer_reliability.error_connection", [:])
        case .timedOut: translate("customer_reliability.error_timeout", [:])
        case .serverError(let status): translate("customer_reliability.error_server", ["[code]": String(status)])
        case .malformedResponse: translate("customer_reliability.error_malformed", [:])
        case .signatureRejected: translate("customer_reliability.error_signature_rejected", [:])
        case .responseSignatureInvalid: translate("customer_reliability.error_response_signature", [:])
        case .answerToAnotherRequest: translate("customer_reliability.error_answer_to_another_request", [:])
        case .insufficientBalance: translate("customer_reliability.error_balance", [:])
        }
    }

    public var description: String { id }
}

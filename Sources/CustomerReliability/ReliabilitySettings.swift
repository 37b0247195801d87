import AddonSDK
import Foundation

/// The add-on's settings as its code uses them (names as in `addon.xml`).
struct ReliabilitySettings {
    static let showEmptyParams = "show_empty_params"
    static let active = "checkclient_active"
    static let partnerCode = "partner_code"
    static let requestSignature = "request_signature"
    static let serviceURL = "checkclient_url"
    /// Replaces `serviceURL` when set and not empty (declared to the host, which shows it).
    static let serviceURLVariable = "CHECKCLIENT_URL"
    /// Mandatory while the service is active, in the order the form shows them.
    static let credentials = [partnerCode, requestSignature]

    let values: SettingValues
    let environment: [String: String]

    var isActive: Bool { values.isOn(Self.active) }

    /// The credentials that are empty. An `env:NAME` reference counts as given; it is resolved
    /// only when a request is made.
    static func missingCredentials(in values: SettingValues) -> [String] {
        credentials.filter { (values[$0] ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// `CHECKCLIENT_URL` wins over the hidden setting, so that tests and demos can point a store
    /// at the simulator without changing it.
    var baseURL: URL? {
        let variable = environment[Self.serviceURLVariable].flatMap { $0.isEmpty ? nil : $0 }
        let text = variable ?? values[Self.serviceURL] ?? CheckClient.defaultBaseURL
        return Self.serviceURL(text.isEmpty ? CheckClient.defaultBaseURL : text)
    }

    /// An `http://` or `https://` URL with a host; nil for anything else (`ftp://`, a bare name).
    static func serviceURL(_ text: String) -> URL? {
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
            !(url.host ?? "").isEmpty
        else { return nil }
        return url
    }

    /// A client for the service, or why there is none.
    func client(timeout: TimeInterval) throws(ReliabilityError) -> CheckClient {
        guard isActive else { throw .serviceNotActive }
        let missing = Self.missingCredentials(in: values)
        guard missing.isEmpty else { throw .notConfigured(missing: missing) }
        guard let signature = values.resolved(Self.requestSignature, environment: environment), !signature.isEmpty
        else {
            // Not missing: an `env:NAME` reference to a variable this process does not have.
            throw .variableNotSet(String((values[Self.requestSignature] ?? "").dropFirst("env:".count)))
        }
        guard let baseURL else { throw .badServiceURL }
        return CheckClient(
            baseURL: baseURL, partnerCode: values[Self.partnerCode] ?? "", requestSignature: signature, timeout: timeout
        )
    }
}

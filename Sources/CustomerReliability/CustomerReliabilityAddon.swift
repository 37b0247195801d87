public import AddonSDK
import Foundation
import SQLite
import Templates

/// The native code of the Customer reliability add-on (`customer_reliability`): the settings
/// rule, the connection status line, the order page's Customer rating data and the
/// `reliability` command.
public struct CustomerReliabilityAddon: NativeAddon {
    public let id = "customer_reliability"
    /// Seconds a check or a connection test may take.
    let checkTimeout: TimeInterval = 10
    let statusTimeout: TimeInterval = 5

    public init() {}

    public func register(_ registration: inout AddonRegistration) {
        registration.validator(Self.validate)
        registration.environmentOverride(of: ReliabilitySettings.serviceURL, by: ReliabilitySettings.serviceURLVariable)
        registration.infoHandler("fn_customer_reliability_connection_status") { _, context in
            connectionStatus(context)
        }
        registration.pageData("orders.details") { request, context in
            try orderPageData(request, context)
        }
        registration.command(reliabilityCommand(timeout: checkTimeout))
    }

    /// While the service is activated, the partner code and the request signature are mandatory:
    /// one error per empty field, naming it by its label. A service URL, when given, must be an http(s) URL.
    static func validate(_ form: SettingsForm, _ context: AddonContext) -> [FieldError] {
        let url = form.values[ReliabilitySettings.serviceURL] ?? ""
        var errors: [FieldError] = []
        if !url.isEmpty && ReliabilitySettings.serviceURL(url) == nil {
            errors.append(
                FieldError(
                    field: ReliabilitySettings.serviceURL,
                    message: context.translate("customer_reliability.error_service_url", [:])))
        }
        guard form.values.isOn(ReliabilitySettings.active) else { return errors }
        return errors
            + ReliabilitySettings.missingCredentials(in: form.values).map { name in
                FieldError(
                    field: name,
                    message: context.translate(
                        "customer_reliability.error_required_field", ["[field]": form.labels[name] ?? name]))
            }
    }

    /// The Connection status line: a real, free test call to the service. The page prints it as
    /// HTML, so the translated text (a translator's, or a store's) is escaped into it.
    func connectionStatus(_ context: AddonContext) -> String {
        let settings = ReliabilitySettings(values: context.settings, environment: context.environment)
        func line(_ style: String, _ name: String) -> String {
            "<span class=\"\(style)\">\(HTML.escape(context.translate(name, [:])))</span>"
        }
        do {
            try settings.client(timeout: statusTimeout).ping()
            return line("text-success", "customer_reliability.connection_ok")
        } catch .serviceNotActive {
            return line("muted", "customer_reliability.error_service_not_active")
        } catch {
            return line("text-error", "customer_reliability.connection_failed")
        }
    }

    /// `$customer_reliability` for the order details page: the statistics of the order's customer
    /// and the latest saved check of its phone. Nothing is asked of the service here.
    func orderPageData(_ request: PageRequest, _ context: AddonContext) throws -> [String: Value] {
        guard case .map(let order)? = request.variables["order_info"], let orderID = Self.integer(order["order_id"]),
            let customer = try OrderCustomer.load(
                orderID: orderID, database: context.database, prefix: context.tablePrefix)
        else { return [:] }
        let identity = customer.identity
        let statistics = try CustomerStatistics.load(
            for: identity, database: context.database, prefix: context.tablePrefix)
        let phone = Phone.canonical(customer.phone)
        let saved =
            phone.isEmpty
            ? nil : try SavedCheck.latest(phone: phone, database: context.database, prefix: context.tablePrefix)
        let check: Value =
            saved.map { saved in
                [
                    "status": .string(saved.status.rawValue), "is_free": .bool(saved.isFree),
                    "checked_on": .string(saved.checkedOn),
                ]
            } ?? .null
        let block: Value = [
            "matched_by": .string(identity.kind),
            "statistics": [
                // The template formats the total as the order page formats its prices.
                "orders": .int(statistics.orders), "total": .float(statistics.totalPurchases),
                "canceled": .int(statistics.canceled), "unfinished": .int(statistics.unfinished),
            ],
            "service_active": .bool(context.settings.isOn(ReliabilitySettings.active)),
            "has_phone": .bool(!phone.isEmpty),
            "check": check,
            "check_url": .string("admin.php?dispatch=customer_reliability.check&order_id=\(orderID)"),
        ]
        return ["customer_reliability": block]
    }

    private static func integer(_ value: Value?) -> Int? {
        switch value {
        case .int(let number): number
        case .string(let text): Int(text)
        case .float(let number): Int(number)
        default: nil
        }
    }
}

import AddonSDK
import ArgumentParsing
import Basics
import Foundation

extension CustomerReliabilityAddon {
    /// `addonhost reliability check ORDER_ID [--refresh] [--json]` and `addonhost reliability connection`.
    func reliabilityCommand(timeout: TimeInterval) -> AddonCommand {
        let spec = CommandSpec(
            "reliability", abstract: "Check customers with the checkclient.ru Black List service.",
            subcommands: [
                CommandSpec(
                    "check", abstract: "Show the checkclient.ru status of an order's customer.",
                    discussion: """
                        A saved check of the order's phone number is shown again; --refresh asks the service \
                        anew, which costs money (unless the last check is less than a minute old).
                        """,
                    arguments: [ArgumentSpec("order-id", help: "The order whose customer to check.")],
                    options: [OptionSpec("--refresh", help: "Pay for a new check even if one is saved."), .json]),
                CommandSpec(
                    "connection", abstract: "Test the connection to checkclient.ru with the saved settings.",
                    options: [.json]),
            ])
        return AddonCommand(spec) { invocation, context in
            switch invocation.commandPath.last {
            case "check": try runCheck(invocation, context, timeout: timeout)
            default: try runConnection(invocation, context, timeout: timeout)
            }
        }
    }

    private func runCheck(_ invocation: Invocation, _ context: AddonContext, timeout: TimeInterval) throws -> Int32 {
        let text = invocation.arguments.argument("order-id") ?? ""
        guard let orderID = Int(text), orderID > 0 else {
            throw UsageError("<order-id> is an order number, not '\(text)'")
        }
        let outcome: CheckOutcome
        do {
            let client = try ReliabilitySettings(values: context.settings, environment: context.environment)
                .client(timeout: timeout)
            outcome = try ReliabilityChecker(context: context, client: client)
                .check(orderID: orderID, refresh: invocation.arguments.flag("--refresh"))
        } catch let error as ReliabilityError {
            throw failure(error, context, nothingSaved: true, json: [("order_id", .int(orderID))])
        }
        let check = outcome.check
        let label = context.translate(check.status.languageVariable, [:])
        if invocation.wantsJSON {
            invocation.output.printJSON(
                .object([
                    ("ok", .bool(true)), ("order_id", .int(orderID)), ("phone", .string(check.phone)),
                    ("status", .string(check.status.rawValue)), ("label", .string(label)),
                    ("free", .bool(check.isFree)),
                    ("checked_at", .string(ISO8601DateFormatter().string(from: check.checkedAt))),
                    ("reused", .bool(outcome.reused)), ("balance", check.balance.map(JSONValue.double) ?? .null),
                ]))
            return 0
        }
        invocation.output.print("Order #\(orderID), phone \(check.phone): \(label)")
        invocation.output.print(context.translate("customer_reliability.checked_on", ["[date]": check.checkedOn]))
        if let balance = check.balance {
            invocation.output.print(
                context.translate("customer_reliability.balance", ["[balance]": String(format: "%.2f", balance)]))
        }
        if outcome.reused { invocation.output.print(context.translate("customer_reliability.check_reused", [:])) }
        return 0
    }

    private func runConnection(_ invocation: Invocation, _ context: AddonContext, timeout: TimeInterval) throws -> Int32
    {
        let balance: Double?
        do {
            balance = try ReliabilitySettings(values: context.settings, environment: context.environment)
                .client(timeout: timeout).ping()
        } catch {
            throw failure(error, context, nothingSaved: false, json: [("connected", .bool(false))])
        }
        let message = context.translate("customer_reliability.connection_ok", [:])
        if invocation.wantsJSON {
            invocation.output.printJSON(
                .object([
                    ("ok", .bool(true)), ("connected", .bool(true)), ("message", .string(message)),
                    ("balance", balance.map(JSONValue.double) ?? .null),
                ]))
        } else {
            invocation.output.print(message)
            if let balance {
                invocation.output.print(
                    context.translate("customer_reliability.balance", ["[balance]": String(format: "%.2f", balance)]))
            }
        }
        return 0
    }

    /// The error in the admin's language, saying so when a check was attempted and nothing saved.
    private func failure(
        _ error: ReliabilityError, _ context: AddonContext, nothingSaved: Bool, json: [(String, JSONValue)]
    ) -> CommandFailure {
        var message = error.message(context.translate)
        if nothingSaved { message += " " + context.translate("customer_reliability.error_nothing_saved", [:]) }
        return CommandFailure(message, json: .object(json + [("error_id", .string(error.id))]))
    }
}

import ArgumentParsing
import Basics
import Foundation
import Store

extension AddonHost {
    /// `addonhost init`: creates a store, optionally filled with sample customers and orders.
    static var initCommand: CommandSpec {
        CommandSpec(
            "init", abstract: "Create a store: a CS-Cart-like folder with its database, store.db.",
            discussion: """
                The store is built beside its final place and moved there when complete, so a failure leaves \
                nothing. An existing store is kept unless --force is given.
                """,
            options: [
                OptionSpec("--sample-data", help: "Fill the store with storefronts, customers and orders."),
                OptionSpec(
                    "--orders", valueName: "n", help: "How many sample orders (default 1000; implies --sample-data)."),
                OptionSpec(
                    "--seed", valueName: "s",
                    help: "Seed of the sample data (default 1); a seed always gives the same store."),
                OptionSpec("--force", help: "Replace an existing store (its data is lost)."),
                .json,
            ],
            handler: runInit)
    }

    @Sendable static func runInit(_ invocation: Invocation) throws -> Int32 {
        let arguments = invocation.arguments
        let orders = try arguments.intValue("--orders")
        if let orders, orders < 0 { throw UsageError("--orders takes a number of orders, not \(orders)") }
        let seedText = arguments.value("--seed")
        let seed = try seedText.map { text throws(UsageError) -> UInt64 in
            guard let seed = UInt64(text) else { throw UsageError("--seed takes a whole number ≥ 0, not '\(text)'") }
            return seed
        }
        let withSample = arguments.flag("--sample-data") || orders != nil || seed != nil
        let clock = ContinuousClock()
        let started = clock.now
        var summary: SampleData.Summary?
        let store = try Store.create(
            at: storePath(invocation), force: arguments.flag("--force"),
            lockTimeout: StoreLock.timeout(environment: invocation.environment)
        ) { store in
            if withSample { summary = try SampleData.generate(store: store, orders: orders ?? 1000, seed: seed ?? 1) }
        }
        let elapsed = started.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if invocation.wantsJSON {
            var fields: [(String, JSONValue)] = [("ok", .bool(true)), ("store", .string(store.root))]
            if let summary {
                fields += [
                    ("storefronts", .int(summary.storefronts)), ("customers", .int(summary.registeredCustomers)),
                    ("guests", .int(summary.guests)), ("orders", .int(summary.orders)),
                ]
            }
            invocation.output.printJSON(.object(fields))
        } else {
            invocation.output.print("Created store at \(store.root)")
            if let summary {
                invocation.output.print(
                    "Sample data (seed \(seed ?? 1)): \(summary.storefronts) storefronts, "
                        + "\(summary.registeredCustomers) registered customers, \(summary.guests) guests, "
                        + "\(summary.orders) orders in \(String(format: "%.1f", seconds)) s")
            }
        }
        return ExitStatus.success
    }
}

// `make bench`: addonhost measured beside what users would use instead (Smarty, msgfmt,
// sqlite3), in the same run on the same machine. Prints one Markdown table and writes it to
// WORK/results.md. No ratio ever fails the run; a measurement that cannot run is reported as such
// and makes the exit status 1 once the table is written.
import AddonSDK
import CustomerReliability
import Foundation

let nativeAddons: [any NativeAddon] = [CustomerReliabilityAddon()]

do {
    let config = try BenchConfig.parse(CommandLine.arguments)
    try Files.makeDirectory(config.work)
    var report = Report(only: config.only)
    let reliability = config.repository + "/addons/customer_reliability"

    report.measure("Template rendering vs Smarty", goal: "≥5x") {
        let bench = TemplateBench(config: config)
        let (path, hooks) = try bench.makeCase(
            package: reliability,
            data: config.repository + "/Tests/CustomerReliabilityTests/Fixtures/smarty/registered_trusted_en.json")
        return [
            try bench.run(
                casePath: path,
                label:
                    "Customer reliability's \(hooks) hook template\(hooks == 1 ? "" : "s") with a registered customer's statistics and check"
            )
        ]
    }
    report.measure(".po check vs msgfmt", goal: "≥5x") {
        try PoBench(config: config).run(entries: 100_000)
    }
    report.measure("Install/uninstall vs sqlite3", goal: "within 2x of the floor") {
        return try InstallBench(config: config).run(
            package: reliability, id: "customer_reliability", label: "Customer reliability",
            baseStore: try config.sampleStore(orders: 10_000))
    }
    report.measure("Order page growth", goal: "flat") {
        try PageBench(config: config, nativeAddons: nativeAddons).orderPage(
            package: reliability, label: " and Customer reliability's statistics")
    }
    report.measure("200 add-ons", goal: "flat") {
        try PageBench(config: config, nativeAddons: nativeAddons).scale()
    }
    report.measure("CLI start vs sqlite3", goal: "—") {
        [try CLIBench(config: config).run(store: try config.sampleStore(orders: 10_000))]
    }

    let table = markdownTable(report.rows)
    let text = """
        Measured \(ISO8601DateFormatter().string(from: Date())) on \(machine()), \(config.quick ? "BENCH_QUICK=1, " : "")\(buildKind()), \(config.runs) runs per row (medians; spread = min–max).
        Command: `make bench\(config.quick ? " BENCH_QUICK=1" : "")`. Ratio = reference time / addonhost time (above 1: addonhost is faster).

        \(table)

        """
    print(text)
    try Files.write(text, to: config.work + "/results.md")
    log("wrote \(config.work)/results.md")
    exit(report.failed ? 1 : 0)
} catch {
    log("\(error)")
    exit(2)
}

/// "2 cores, AMD EPYC …" from /proc/cpuinfo.
func machine() -> String {
    let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let model = info.split(separator: "\n").first { $0.hasPrefix("model name") }
        .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
    return "\(ProcessInfo.processInfo.activeProcessorCount) cores (nproc), \(model ?? "unknown CPU")"
}

/// The rows measured so far; a measurement that throws becomes a row saying why.
struct Report {
    let only: String?
    var rows: [ResultRow] = []
    var failed = false

    mutating func measure(_ name: String, goal: String, _ body: () throws -> [ResultRow]) {
        if let only, !name.localizedCaseInsensitiveContains(only) { return }
        log("measuring: \(name)")
        do {
            rows += try body()
        } catch {
            failed = true
            log("\(name) failed: \(error)")
            // The first line says what failed; the whole message is on standard error above.
            let first = "\(error)".split(separator: "\n").first.map(String.init) ?? ""
            rows.append(.skipped(name, goal: goal, reason: first.count > 300 ? first.prefix(300) + "…" : first))
        }
    }
}

/// Top-level code runs in order, so this is a function, not a global declared below its use.
func buildKind() -> String {
    #if DEBUG
        "DEBUG build (not for comparison)"
    #else
        "release build"
    #endif
}

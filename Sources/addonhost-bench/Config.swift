import Basics
import Foundation

/// Where things are and how long to measure.
struct BenchConfig {
    /// The release `addonhost` binary.
    var binary: String
    /// The repository (for `addons/` and `Benchmarks/`).
    var repository: String
    /// Generated data and results (`.build/bench`).
    var work: String
    var smartyRender: String
    /// A short run (`BENCH_QUICK=1`): fewer runs and smaller stores.
    var quick: Bool
    /// Samples per measurement (≥5: medians of several runs).
    var runs: Int
    /// Only the measurements whose name contains this (`--only`, `BENCH_ONLY`); nil: all.
    var only: String?

    static func parse(_ arguments: [String]) throws -> BenchConfig {
        var values: [String: String] = [:]
        var quick = ProcessInfo.processInfo.environment["BENCH_QUICK"].map { !$0.isEmpty && $0 != "0" } ?? false
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            if argument == "--quick" {
                quick = true
            } else if argument.hasPrefix("--"), let value = iterator.next() {
                values[String(argument.dropFirst(2))] = value
            } else {
                throw BenchError(
                    "usage: addonhost-bench --binary PATH --repository DIR --work DIR --smarty-render PATH [--runs N] [--only NAME] [--quick]"
                )
            }
        }
        func required(_ name: String) throws -> String {
            guard let value = values[name] else { throw BenchError("missing --\(name)") }
            return Paths.absolute(value)
        }
        let runs = Int(values["runs"] ?? "") ?? (quick ? 5 : 7)
        return BenchConfig(
            binary: try required("binary"), repository: try required("repository"), work: try required("work"),
            smartyRender: try required("smarty-render"), quick: quick, runs: max(5, runs),
            only: values["only"] ?? ProcessInfo.processInfo.environment["BENCH_ONLY"].flatMap { $0.isEmpty ? nil : $0 })
    }

    /// Runs `addonhost --store STORE ARGS…`; a failure stops the bench with its message.
    @discardableResult
    func addonhost(_ store: String, _ arguments: String...) throws -> Run.Result {
        try Run.checked([binary, "--store", store] + arguments, quiet: true)
    }

    /// A store with sample data, generated once and reused (`.build/bench/stores/orders-N`).
    func sampleStore(orders: Int) throws -> String {
        let path = "\(work)/stores/orders-\(orders)"
        if Files.exists(path + "/store.db") { return path }
        log("generating a store with \(orders) orders…")
        try Run.checked(
            [binary, "--store", path, "init", "--orders", String(orders), "--seed", "1", "--force"], quiet: true)
        return path
    }
}

func log(_ message: String) {
    FileHandle.standardError.write(Data("bench: \(message)\n".utf8))
}

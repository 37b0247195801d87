import Foundation

/// One line of the results table.
struct ResultRow {
    var measured: String
    var addonhost: String
    var reference: String
    var ratio: String
    var goal: String
    var spread: String

    /// A comparison of two sample sets: the ratio is how many times faster addonhost is.
    static func compare(
        _ measured: String, addonhost: Samples, reference: Samples, goal: String, unit: Unit = .auto
    ) -> ResultRow {
        ResultRow(
            measured: measured, addonhost: format(addonhost.median, unit), reference: format(reference.median, unit),
            ratio: ratio(reference.median / addonhost.median), goal: goal,
            spread: "\(range(addonhost, unit)) / \(range(reference, unit)) (n=\(addonhost.values.count))")
    }

    /// A row that could not be measured, and why.
    static func skipped(_ measured: String, goal: String, reason: String) -> ResultRow {
        ResultRow(
            measured: measured, addonhost: "—", reference: "—", ratio: "—", goal: goal,
            spread: "not measured: \(reason)")
    }

    enum Unit { case auto, microseconds, milliseconds, seconds }

    static func format(_ seconds: Double, _ unit: Unit = .auto) -> String {
        guard seconds.isFinite else { return "—" }
        switch unit {
        case .microseconds: return String(format: "%.1f µs", seconds * 1e6)
        case .milliseconds: return String(format: "%.2f ms", seconds * 1e3)
        case .seconds: return String(format: "%.3f s", seconds)
        case .auto:
            if seconds < 1e-3 { return format(seconds, .microseconds) }
            if seconds < 1 { return format(seconds, .milliseconds) }
            return format(seconds, .seconds)
        }
    }

    static func range(_ samples: Samples, _ unit: Unit = .auto) -> String {
        "\(format(samples.min, unit))–\(format(samples.max, unit))"
    }

    static func ratio(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        return value >= 10 ? String(format: "%.0fx", value) : String(format: "%.2fx", value)
    }
}

/// The table as Markdown, as the README shows it.
func markdownTable(_ rows: [ResultRow]) -> String {
    let header = [
        "Measured (reference)", "addonhost (median)", "reference (median)", "ratio", "goal",
        "spread: min–max addonhost / reference",
    ]
    var lines = [
        "| " + header.joined(separator: " | ") + " |", "|" + header.map { _ in "---" }.joined(separator: "|") + "|",
    ]
    for row in rows {
        let cells = [row.measured, row.addonhost, row.reference, row.ratio, row.goal, row.spread]
        lines.append("| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
    }
    return lines.joined(separator: "\n")
}

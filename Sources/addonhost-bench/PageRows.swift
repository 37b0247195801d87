import AddonSDK
import Basics
import Foundation
import Pages
import SQLite
import Store

/// Rows 4 and 5: the order page rendered in one process (warm engine), as `addonhost render
/// order` renders it, on stores of growing size and with many add-ons hooking the page.
struct PageBench {
    let config: BenchConfig
    let nativeAddons: [any NativeAddon]

    /// Per-render times of the order page over `count` orders spread across the store, its file in
    /// the OS cache (a store in use is; a cold file measures the disk). The
    /// warm-up render must show `blocks` times the HTML `marker`, so that a row never times a
    /// page without what it claims to measure.
    func renderTimes(store path: String, count: Int, marker: String, blocks: Int) throws -> Samples {
        try Files.readThrough(path + "/store.db")
        let store = try Store.open(at: path)
        let renderer = PageRenderer(store: store, addons: nativeAddons, environment: [:])
        let maxID = Int(try store.database.scalar("SELECT max(order_id) FROM \(store.tablePrefix)orders")?.integer ?? 0)
        guard maxID > 0 else { throw BenchError("\(path): no orders") }
        let ids = (0..<count).map { 1 + ($0 * 7919 % count) * maxID / count }
        let warmUp = try renderer.renderOrder(ids[0])  // compiles the templates
        let drawn = warmUp.html.components(separatedBy: marker).count - 1
        guard drawn == blocks else {
            let warnings = warmUp.warnings.map { "\($0.message)" }.joined(separator: "; ")
            throw BenchError("\(path): the order page shows \(drawn) of \(blocks) '\(marker)' blocks (\(warnings))")
        }
        var samples: [Double] = []
        for id in ids {
            var warnings = 0
            samples.append(try Clock.time { warnings = try renderer.renderOrder(id).warnings.count })
            _ = warnings
        }
        return Samples(samples)
    }

    /// Row 4: the order page on stores with 10k, 100k (and 1M) orders, the package installed and
    /// its block (the customer's statistics) on every page.
    func orderPage(package: String, label: String) throws -> [ResultRow] {
        let sizes = config.quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000]
        let renders = config.quick ? 200 : 1_000
        var baseline: Samples?
        var rows: [ResultRow] = []
        for size in sizes {
            let path = try storeWithPackage(orders: size, package: package)
            let samples = try renderTimes(
                store: path, count: renders, marker: "class=\"sidebar-row customer-reliability\"", blocks: 1)
            let first = baseline ?? samples
            baseline = first
            rows.append(
                ResultRow(
                    measured:
                        "Order page with every hook\(label) on \(grouped(size)) orders, per render in one process, store file in the OS cache (reference: the same page on 10,000 orders)",
                    addonhost: "\(ResultRow.format(samples.median)) (p99 \(ResultRow.format(samples.percentile(99))))",
                    reference: "\(ResultRow.format(first.median)) (p99 \(ResultRow.format(first.percentile(99))))",
                    ratio: ResultRow.ratio(first.median / samples.median), goal: "flat (≈1x: indexed lookups)",
                    spread: "\(ResultRow.range(samples)) over \(renders) orders"))
        }
        return rows
    }

    /// A copy of the sample store with the package installed (generated once per version of the
    /// package's manifest: a store kept from an older one would measure its old queries and indexes).
    private func storeWithPackage(orders: Int, package: String) throws -> String {
        let base = try config.sampleStore(orders: orders)
        let name = URL(fileURLWithPath: package).lastPathComponent
        guard let manifest = FileManager.default.contents(atPath: "\(package)/app/addons/\(name)/addon.xml") else {
            throw BenchError("\(package): no app/addons/\(name)/addon.xml")
        }
        let path = base + "-" + name + "-" + SHA256.hexDigest(manifest).prefix(12)
        if Files.exists(path + "/store.db") { return path }
        try Files.copy(base, to: path + ".tmp")
        try config.addonhost(path + ".tmp", "addon", "install", package)
        try FileManager.default.moveItem(atPath: path + ".tmp", toPath: path)
        return path
    }

    /// Row 5: 200 generated add-ons hooking the order page: installing the 201st and rendering,
    /// against installing the first and rendering with it alone.
    func scale() throws -> [ResultRow] {
        let count = 200
        let packages = try generatePackages(count + 1)
        let empty = try config.sampleStore(orders: 1_000)
        let full = "\(config.work)/stores/addons-\(count)"
        if !Files.exists(full + "/store.db") {
            log("installing \(count) generated add-ons…")
            try Files.copy(empty, to: full + ".tmp")
            for package in packages.prefix(count) { try config.addonhost(full + ".tmp", "addon", "install", package) }
            try FileManager.default.moveItem(atPath: full + ".tmp", toPath: full)
        }
        let last = packages[count]
        var one: [Double] = []
        var many: [Double] = []
        let work1 = "\(config.work)/stores/scale-1"
        let workMany = "\(config.work)/stores/scale-\(count + 1)"
        for _ in 0..<config.runs {
            try Files.copy(empty, to: work1)
            one.append(try config.addonhost(work1, "addon", "install", last).seconds)
            try Files.copy(full, to: workMany)
            many.append(try config.addonhost(workMany, "addon", "install", last).seconds)
        }
        let renders = config.quick ? 100 : 300
        let marker = "bench-addon"
        let renderOne = try renderTimes(store: work1, count: renders, marker: marker, blocks: 1)
        let renderMany = try renderTimes(store: workMany, count: renders, marker: marker, blocks: count + 1)
        return [
            .compare(
                "Install of the 201st generated add-on (`addon install` process, 200 installed, each hooking the order page) (reference: installing the 1st on the same store without add-ons)",
                addonhost: Samples(many), reference: Samples(one), goal: "flat (≈1x)"),
            ResultRow(
                measured:
                    "Order page with 201 add-ons each adding a sidebar block, per render (reference: the same page with 1 add-on)",
                addonhost:
                    "\(ResultRow.format(renderMany.median)) (p99 \(ResultRow.format(renderMany.percentile(99))))",
                reference: "\(ResultRow.format(renderOne.median)) (p99 \(ResultRow.format(renderOne.percentile(99))))",
                ratio: ResultRow.ratio(renderOne.median / renderMany.median),
                goal: "grows with the blocks drawn, not with a disk search",
                spread: "\(ResultRow.range(renderMany)) / \(ResultRow.range(renderOne)) over \(renders) orders"),
        ]
    }

    /// `bench_NNN` packages: a manifest and one `orders:details_sidebar` post hook each.
    private func generatePackages(_ count: Int) throws -> [String] {
        let root = "\(config.work)/addons"
        return try (1...count).map { index in
            let id = String(format: "bench_%03d", index)
            let folder = "\(root)/\(id)"
            if Files.exists(folder + "/app") { return folder }
            try Files.write(
                """
                <?xml version="1.0"?>
                <addon scheme="3.0">
                    <id>\(id)</id>
                    <version>1.0</version>
                    <priority>\(1000 + index)</priority>
                    <status>active</status>
                    <default_language>en</default_language>
                    <name>Bench add-on \(index)</name>
                    <description>Generated by make bench: one block in the order sidebar.</description>
                </addon>

                """, to: "\(folder)/app/addons/\(id)/addon.xml")
            try Files.write(
                """
                <div class="sidebar-row bench-addon"><h6>Bench add-on \(index)</h6>
                <p>Order #{$order_info.order_id}{if $order_info.email} · {$order_info.email}{/if}</p></div>

                """, to: "\(folder)/design/backend/templates/addons/\(id)/hooks/orders/details_sidebar.post.tpl")
            return folder
        }
    }
}

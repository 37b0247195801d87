import AddonSDK
import Foundation
import Lifecycle
import Pages
import Store
import Synchronization
import Templates
import TestSupport

/// Which add-ons' page data providers ran, in order.
final class CallLog: Sendable {
    private let calls = Mutex<[String]>([])
    func record(_ call: String) { calls.withLock { $0.append(call) } }
    var all: [String] { calls.withLock { $0 } }
}

/// The native code of the `zeta` fixture: order page data and its info line's handler.
struct ZetaAddon: NativeAddon {
    let id = "zeta"
    let log: CallLog

    func register(_ registration: inout AddonRegistration) {
        let log = self.log
        registration.pageData("orders.details") { request, context in
            guard case .map(let order)? = request.variables["order_info"] else { return [:] }
            let orderID = order["order_id"]?.phpString ?? "?"
            log.record("zeta \(orderID)")
            return [
                "zeta_data": .string(
                    "zeta saw order \(orderID) in \(context.language), mode \(context.settings["mode"] ?? "")")
            ]
        }
        registration.infoHandler("fn_zeta_status_line") { _, context in
            "<span class=\"zeta-status\">mode is \(context.settings["mode"] ?? "")</span>"
        }
    }
}

/// A temporary store with sample orders, the fixture add-ons it installs and a page renderer.
final class PageStore {
    let folder = TemporaryDirectory("pages")
    let store: Store
    let log = CallLog()

    init(orders: Int = 12) throws {
        store = try Store.create(at: folder.path + "/store") {
            try SampleData.generate(store: $0, orders: orders, seed: 7)
        }
    }

    var manager: AddonManager {
        AddonManager(
            store: store, host: HostInfo(coreVersion: "4.17.1", edition: "MULTIVENDOR"), addons: [ZetaAddon(log: log)],
            environment: [:])
    }

    /// Installs fixture add-ons (folders under Tests/PagesTests/Fixtures) or packages by path.
    func install(_ names: String...) throws {
        for name in names {
            let path = name.hasPrefix("/") ? name : TestPaths.fixtures("PagesTests").appendingPathComponent(name).path
            _ = try manager.install(path)
        }
    }

    func disable(_ id: String) throws { _ = try manager.disable(id) }
    func enable(_ id: String) throws { _ = try manager.enable(id) }

    func renderer(addons: [any NativeAddon]? = nil) -> PageRenderer {
        PageRenderer(store: store, addons: addons ?? [ZetaAddon(log: log)], environment: [:])
    }

    func order(_ id: Int = 1, language: String = "en", storefront: Int? = nil) throws -> RenderedPage {
        try renderer().renderOrder(id, language: language, storefront: storefront)
    }
}

extension String {
    /// Where `text` first occurs, as an offset (nil when absent), for order assertions.
    func offset(of text: String) -> Int? {
        range(of: text).map { distance(from: startIndex, to: $0.lowerBound) }
    }
}

import AddonSDK
import Basics
import Foundation
import Lifecycle
import Store
import TestSupport

/// A temporary store with helpers to snapshot it (database dump and file tree).
final class TestStore {
    let folder = TemporaryDirectory("lifecycle")
    var root: String { folder.path + "/store" }

    init() throws {
        _ = try Store.create(at: folder.path + "/store")
    }

    func manager(addons: [any NativeAddon] = [], environment: [String: String] = [:]) throws -> AddonManager {
        AddonManager(
            store: try Store.open(at: root), host: HostInfo(coreVersion: "4.17.1", edition: "MULTIVENDOR"), addons: addons,
            environment: environment)
    }

    /// `sqlite3 store.db .dump` plus every file and folder with its SHA-256, and the raw
    /// bytes' hash of store.db.
    func snapshot() throws -> String {
        let dump = try runProcess("sqlite3", [root + "/store.db", ".dump"]).standardOutput
        var tree: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let path = enumerator?.nextObject() as? String {
            if path.hasPrefix("var/addonhost/lock") || path.hasPrefix("store.db") { continue }
            let full = root + "/" + path
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
            tree.append(isDirectory.boolValue ? path + "/" : path + " " + SHA256.hexDigest(FileManager.default.contents(atPath: full) ?? Data()))
        }
        return dump + "\n--- tree\n" + tree.sorted().joined(separator: "\n")
    }
}

/// A small scheme 3.0 package with settings, queries, 2.0-style texts, hooks and a theme file.
func writeSamplePackage(in folder: TemporaryDirectory, id: String = "sample", queries: String? = nil, extra: String = "", dependencies: String = "") throws -> String {
    let base = "pkg-\(id)"
    let queryXML = queries ?? """
        <item>CREATE TABLE IF NOT EXISTS ?:sample_items (item_id INTEGER PRIMARY KEY, title TEXT NOT NULL DEFAULT '')</item>
        <item>INSERT INTO ?:sample_items (title) VALUES ('first')</item>
        <item for="uninstall">DROP TABLE IF EXISTS ?:sample_items</item>
        """
    try folder.write("\(base)/app/addons/\(id)/addon.xml", """
        <?xml version="1.0"?>
        <addon scheme="3.0">
            <id>\(id)</id>
            <version>1.2</version>
            <priority>1500</priority>
            <status>active</status>
            <default_language>en</default_language>
            <name>Sample add-on</name>
            <description>Says hello</description>
            <compatibility><core_version><min>4.10.1</min></core_version><dependencies>\(dependencies)</dependencies></compatibility>
            <settings edition_type="ROOT">
                <sections>
                    <section id="general">
                        <items>
                            <item id="enabled"><type>checkbox</type><default_value>Y</default_value></item>
                            <item id="api_key" parent_id="enabled"><type>password</type><default_value>s3cret-default</default_value></item>
                            <item id="mode"><type>selectbox</type><default_value>live</default_value>
                                <variants><item id="live"/><item id="test"/></variants></item>
                        </items>
                    </section>
                </sections>
            </settings>
            <queries>\(queryXML)</queries>
            \(extra)
        </addon>
        """)
    try folder.write("\(base)/design/backend/templates/addons/\(id)/hooks/orders/customer_info.post.tpl", "<p>hello</p>\n")
    try folder.write("\(base)/var/themes_repository/responsive/templates/addons/\(id)/hooks/index/styles.post.tpl", "x\n")
    try folder.write("\(base)/README.md", "not copied\n")
    return folder.path + "/" + base
}

/// Package roots of the corpus: folders holding `app/addons/<name>/addon.xml`.
func corpusPackages() -> [String] {
    let corpus = TestPaths.corpus.path
    var roots: [String] = []
    let enumerator = FileManager.default.enumerator(atPath: corpus)
    while let path = enumerator?.nextObject() as? String {
        guard path.hasSuffix("/addon.xml"), let range = path.range(of: "app/addons/", options: .backwards) else { continue }
        let root = String(path[..<range.lowerBound]).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        roots.append(root.isEmpty ? corpus : corpus + "/" + root)
    }
    return Array(Set(roots)).sorted()
}

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
            store: try Store.open(at: root), host: HostInfo(coreVersion: "4.17.1", edition: "MULTIVENDOR"),
            addons: addons,
            environment: environment)
    }

    /// `sqlite3 store.db .dump` plus every file and folder with its SHA-256.
    func snapshot() throws -> String {
        try snapshot(dump: runProcess("sqlite3", [root + "/store.db", ".dump"]).standardOutput)
    }

    /// The snapshot with the clock's traces (install time, migration time) zeroed, to compare
    /// stores made at different moments. The zeroing is rolled back.
    func normalizedSnapshot() throws -> String {
        let script = """
            BEGIN;
            UPDATE cscart_addons SET install_datetime = 0;
            UPDATE addonhost_migrations SET applied_at = 0;
            .dump
            ROLLBACK;
            """
        return try snapshot(dump: runProcess("sqlite3", [root + "/store.db"], standardInput: script).standardOutput)
    }

    private func snapshot(dump: String) throws -> String {
        var tree: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let path = enumerator?.nextObject() as? String {
            if path.hasPrefix("store.db") { continue }
            // The lock's presence counts; its text is whoever held it last (a killed writer's stays).
            if path == "var/addonhost/lock" {
                tree.append(path)
                continue
            }
            let full = root + "/" + path
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
            tree.append(
                isDirectory.boolValue
                    ? path + "/" : path + " " + SHA256.hexDigest(FileManager.default.contents(atPath: full) ?? Data()))
        }
        return dump + "\n--- tree\n" + tree.sorted().joined(separator: "\n")
    }
}

/// A small scheme 3.0 package with settings, queries, 2.0-style texts, hooks and a theme file.
func writeSamplePackage(
    in folder: TemporaryDirectory, id: String = "sample", queries: String? = nil, extra: String = "",
    dependencies: String = "", conflicts: String = ""
) throws -> String {
    let base = "pkg-\(id)"
    let queryXML =
        queries ?? """
            <item>CREATE TABLE IF NOT EXISTS ?:sample_items (item_id INTEGER PRIMARY KEY, title TEXT NOT NULL DEFAULT '')</item>
            <item>INSERT INTO ?:sample_items (title) VALUES ('first')</item>
            <item for="uninstall">DROP TABLE IF EXISTS ?:sample_items</item>
            """
    try folder.write(
        "\(base)/app/addons/\(id)/addon.xml",
        """
        <?xml version="1.0"?>
        <addon scheme="3.0">
            <id>\(id)</id>
            <version>1.2</version>
            <priority>1500</priority>
            <status>active</status>
            <default_language>en</default_language>
            <name>Sample add-on</name>
            <description>Says hello</description>
            <compatibility><core_version><min>4.10.1</min></core_version><dependencies>\(dependencies)</dependencies>\(conflicts.isEmpty ? "" : "<conflicts>\(conflicts)</conflicts>")</compatibility>
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
    try folder.write(
        "\(base)/design/backend/templates/addons/\(id)/hooks/orders/customer_info.post.tpl", "<p>hello</p>\n")
    try folder.write(
        "\(base)/var/themes_repository/responsive/templates/addons/\(id)/hooks/index/styles.post.tpl", "x\n")
    try folder.write("\(base)/README.md", "not copied\n")
    return folder.path + "/" + base
}

/// Package roots of the corpus: folders holding `app/addons/<name>/addon.xml` (or the 2.x
/// layout `addons/<name>/addon.xml`), one per manifest; the manifest itself where one root
/// holds several add-ons.
func corpusPackages() -> [String] {
    let corpus = TestPaths.corpus.path
    var roots: [(root: String, manifest: String)] = []
    let enumerator = FileManager.default.enumerator(atPath: corpus)
    while let path = enumerator?.nextObject() as? String {
        guard path.hasSuffix("/addon.xml") else { continue }
        let parts = path.split(separator: "/")
        guard parts.count >= 3, parts[parts.count - 3] == "addons" else { continue }
        var rootParts = parts.dropLast(3)
        if rootParts.last == "app" { rootParts = rootParts.dropLast() }
        roots.append(
            (rootParts.isEmpty ? corpus : corpus + "/" + rootParts.joined(separator: "/"), corpus + "/" + path))
    }
    let counts = Dictionary(grouping: roots, by: \.root).mapValues(\.count)
    return roots.map { counts[$0.root] == 1 ? $0.root : $0.manifest }.sorted()
}

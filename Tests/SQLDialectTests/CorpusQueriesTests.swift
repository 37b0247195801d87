import Basics
import Foundation
import SQLite
import TestSupport
import Testing

@testable import SQLDialect

/// Every `<queries>` item of the corpus either translates and runs in SQLite, or is reported with
/// a location inside its addon.xml.
@Suite struct CorpusQueriesTests {
    struct Item {
        var mode: String
        var text: String
        var location: Basics.SourceLocation
        var isFile: Bool
    }

    /// `<item …>text</item>` inside `<queries>`; XML comments are blanked first (keeping offsets).
    static func items(of file: SourceFile) -> [Item] {
        var text = String(decoding: file.bytes, as: UTF8.self)
        while let open = text.range(of: "<!--"),
            let close = text.range(of: "-->", range: open.upperBound..<text.endIndex)
        {
            let blank = String(text[open.lowerBound..<close.upperBound].map { $0 == "\n" ? "\n" : " " })
            text.replaceSubrange(open.lowerBound..<close.upperBound, with: blank)
        }
        guard let queries = text.range(of: "<queries>"), let end = text.range(of: "</queries>") else { return [] }
        let body = text[queries.upperBound..<end.lowerBound]
        let regex = try! NSRegularExpression(
            pattern: #"<item([^>]*)>(.*?)</item>"#, options: [.dotMatchesLineSeparators])
        let ns = String(body) as NSString
        let bodyStart = text.utf8.distance(from: text.startIndex, to: queries.upperBound)
        return regex.matches(in: String(body), range: NSRange(location: 0, length: ns.length)).map { match in
            let attributes = ns.substring(with: match.range(at: 1))
            var content = ns.substring(with: match.range(at: 2))
            let prefix = ns.substring(to: match.range(at: 2).location)
            var offset = bodyStart + prefix.utf8.count
            if let cdata = content.range(of: "<![CDATA["), let cend = content.range(of: "]]>") {
                offset += content.utf8.distance(from: content.startIndex, to: cdata.upperBound)
                content = String(content[cdata.upperBound..<cend.lowerBound])
            } else {
                for (entity, character) in [
                    ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&amp;", "&"),
                ] {
                    content = content.replacingOccurrences(of: entity, with: character)
                }
            }
            let mode =
                attributes.range(of: #"for=["']([a-z_]+)["']"#, options: .regularExpression).map {
                    String(attributes[$0].dropFirst(5).dropLast())
                } ?? "install"
            return Item(
                mode: mode, text: content,
                location: file.location(at: offset), isFile: attributes.contains("type="))
        }
    }

    /// The CS-Cart core tables the corpus alters or fills, each with a row so that ADD COLUMN
    /// meets existing data.
    static let coreTables = [
        "shipping_descriptions", "shippings", "companies", "categories", "products", "product_features",
        "product_feature_variants", "product_options", "product_option_variants", "product_options_inventory",
        "users", "profile_fields", "user_profiles", "pages", "category_descriptions", "page_descriptions",
        "product_feature_variant_descriptions", "shipping_services", "orders", "order_details",
    ]

    static func makeDatabase() throws -> Database {
        let database = try Database(path: ":memory:")
        for table in coreTables {
            try database.execute(
                "CREATE TABLE cscart_\(table) (id INTEGER PRIMARY KEY); INSERT INTO cscart_\(table) VALUES (1)")
        }
        try database.execute(
            """
            CREATE TABLE cscart_privileges (privilege TEXT PRIMARY KEY, is_default TEXT, section_id TEXT, group_id TEXT, is_view TEXT);
            CREATE TABLE cscart_usergroup_privileges (usergroup_id INTEGER, privilege TEXT);
            CREATE TABLE cscart_seo_names (name TEXT, type TEXT, dispatch TEXT, lang_code TEXT, PRIMARY KEY (name, type, lang_code));
            """)
        return database
    }

    @Test func everyCorpusQueryRunsOrIsReported() throws {
        let manifests = FileManager.default.enumerator(atPath: TestPaths.corpus.path)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix("addon.xml") }.sorted()
        var translated = 0
        var reported = 0
        var fileItems = 0
        for path in manifests {
            let data = try Data(contentsOf: TestPaths.corpus.appendingPathComponent(path))
            let file = SourceFile(path: path, bytes: Array(data))
            let items = Self.items(of: file)
            if items.isEmpty { continue }
            let database = try Self.makeDatabase()
            var session = SQLSession()
            // CS-Cart runs install queries, and on uninstall the uninstall ones.
            for item in items.filter({ $0.mode == "install" }) + items.filter({ $0.mode == "uninstall" }) {
                if item.isFile {
                    fileItems += 1
                    continue
                }
                let result = MySQLTranslator.translate(
                    item.text, tablePrefix: "cscart_", location: item.location, session: &session)
                if result.diagnostics.hasErrors {
                    reported += 1
                    for diagnostic in result.diagnostics.errors {
                        #expect(diagnostic.location?.file == path)
                        #expect((diagnostic.location?.line ?? 0) >= item.location.line)
                        print("reported: \(diagnostic)")
                    }
                    continue
                }
                translated += 1
                for statement in result.statements {
                    #expect(throws: Never.self, "\(path): \(statement.text)") { try database.execute(statement.text) }
                }
            }
        }
        print(
            "corpus queries: \(translated) translated and executed, \(reported) reported, \(fileItems) file items without an SQL file in the corpus"
        )
        #expect(translated > 100)
    }

    /// The faq add-on (rualt/cscart-faq-addon) fills its table from `database/data.sql`, a file
    /// the corpus does not hold: rows stamped `UNIX_TIMESTAMP(NOW())`, some minus a number of
    /// seconds. Statements of that form run after the add-on's install items.
    @Test func theFaqAddonsDataFileRuns() throws {
        let path = "rualt__cscart-faq-addon/app/addons/faq_page/addon.xml"
        let manifest = SourceFile(
            path: path, bytes: Array(try Data(contentsOf: TestPaths.corpus.appendingPathComponent(path))))
        let script = SourceFile(
            path: "database/data.sql",
            text: """
                REPLACE INTO ?:faq_questions (`question_id`, `status`, `timestamp`, `position`) VALUES(1, 'A',  UNIX_TIMESTAMP(NOW()), 10);
                REPLACE INTO ?:faq_questions (`question_id`, `status`, `timestamp`, `position`) VALUES(2, 'A',  UNIX_TIMESTAMP(NOW()) - 1000, 0);
                """)
        let database = try Self.makeDatabase()
        var session = SQLSession()
        let items = Self.items(of: manifest).filter { $0.mode == "install" && !$0.isFile }
        let statements =
            items.map { ($0.text, $0.location) } + SQLScript.split(script).statements.map { ($0.text, $0.location) }
        for (text, location) in statements {
            let result = MySQLTranslator.translate(text, tablePrefix: "cscart_", location: location, session: &session)
            #expect(result.isComplete, "\(result.diagnostics.map(\.description))")
            for statement in result.statements { try database.execute(statement.text) }
        }
        #expect(
            try database.scalar(
                "SELECT group_concat(timestamp - strftime('%s', 'now') BETWEEN -1002 AND 0) FROM cscart_faq_questions")
                == .text("1,1"))
        #expect(
            try database.scalar("SELECT abs(max(timestamp) - min(timestamp) - 1000) <= 1 FROM cscart_faq_questions")
                == .integer(1))
    }
}

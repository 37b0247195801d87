import Foundation
import TestSupport
import Testing

// What an install does with addon.xml read as CS-Cart reads it, through the real binary.

@Suite struct ManifestInstallTests {
    /// CS-Cart runs `//queries/*`: a second `<queries>` block (here with the uninstall query)
    /// counts as much as the first, and so does a second `<language_variables>`. Only the first
    /// of each was read: the row was never inserted and the table never dropped.
    @Test func everyQueriesAndLanguageVariablesBlockIsInstalledAndUninstalled() throws {
        let store = try CLIStore(orders: 10)
        let folder = TemporaryDirectory("manifest-install")
        let package = try manifestPackage(
            manifest(
                body: """
                    <queries><item>CREATE TABLE ?:hostile_a (id int)</item></queries>
                    <language_variables><item lang="en" id="hostile_first">First</item></language_variables>
                    <queries><item>INSERT INTO ?:hostile_a VALUES (1)</item><item for="uninstall">DROP TABLE ?:hostile_a</item></queries>
                    <language_variables><item lang="en" id="hostile_second">Second</item></language_variables>
                    """), in: folder)
        let before = try store.dump()

        let install = try store.addonhost(["addon", "install", package])
        #expect(install.status == 0, "\(install.standardError)")
        #expect(try store.query("SELECT count(*) FROM cscart_hostile_a") == "1")
        #expect(
            try store.query(
                "SELECT name, value FROM cscart_language_values WHERE lang_code = 'en' AND name LIKE 'hostile%' ORDER BY name"
            ) == "hostile_first|First\nhostile_second|Second")

        let uninstall = try store.addonhost(["addon", "uninstall", "hostile"])
        #expect(uninstall.status == 0, "\(uninstall.standardError)")
        #expect(try store.dump() == before)
    }

    /// CS-Cart installs a setting whose type it does not know (`<type>text</type>`, or a `type`
    /// attribute, which it does not read) with the empty type, which its form draws as a text
    /// field (`AXmlScheme::_getSettingItem`, `settings_fields.tpl`). These add-ons were refused;
    /// the types are warnings now, and the add-ons install and uninstall. mwl_xlsx needs
    /// vendor_communication, a Multi-Vendor add-on the store does not ship: a package of that
    /// name is installed first. It leaves its tables behind, as it would in CS-Cart: it drops none.
    @Test(arguments: [
        ("Komtet__komtetkassa-cs-cart", "rus_komtet_kassa", "shop_id", "addon.xml:43:31: setting type \"text\""),
        (
            "popstas__cscart_addon_mwl", "mwl_xlsx", "hide_price_for_guests",
            "addon.xml:344:54: the type is given as an attribute"
        ),
    ])
    func corpusAddonsWithTypelessSettingsInstall(package: String, id: String, setting: String, warning: String) throws {
        let store = try CLIStore(orders: 10)
        if id == "mwl_xlsx" {
            let folder = TemporaryDirectory("manifest-install")
            try folder.write(
                "vc/app/addons/vendor_communication/addon.xml",
                "<addon scheme=\"3.0\"><id>vendor_communication</id><version>1.0</version></addon>")
            let dependency = try store.addonhost(["addon", "install", folder.path + "/vc"])
            try #require(dependency.status == 0, "\(dependency.standardError)")
        }
        let before = try store.dump()
        let settingType = """
            SELECT quote(o.type) FROM cscart_settings_objects o
            JOIN cscart_settings_sections s ON s.section_id = o.section_id AND s.type = 'ADDON'
            WHERE s.name = '\(id)' AND o.name = '\(setting)'
            """

        let install = try store.addonhost(["addon", "install", TestPaths.corpus.appendingPathComponent(package).path])
        #expect(install.status == 0, "\(install.standardError.prefix(3000))")
        #expect(install.standardError.contains(warning), "\(install.standardError.prefix(3000))")
        #expect(try store.query(settingType) == "''")
        let get = try store.addonhost(["settings", "get", id, setting])
        #expect(get.status == 0, "\(get.standardError)")

        let uninstall = try store.addonhost(["addon", "uninstall", id])
        #expect(uninstall.status == 0, "\(uninstall.standardError.prefix(3000))")
        #expect(try store.query(settingType) == "")
        if id == "rus_komtet_kassa" { #expect(try store.dump() == before) }
    }

    /// XmlScheme1 names a tab by its section's `name` and skips an `<item>` without an id: such a
    /// scheme 1.0 package was refused (`section-without-id`, `setting-without-id`); it installs.
    @Test func aScheme1PackageInstallsItsSectionsByName() throws {
        let store = try CLIStore(orders: 10)
        let folder = TemporaryDirectory("manifest-install")
        let package = try manifestPackage(
            Array(
                """
                <?xml version="1.0"?>
                <addon><id>hostile</id><version>1.0</version><opt_settings>
                <section name="advanced"><item id="depth"><type>input</type><default_value>3</default_value></item>
                <item><custom_option_function>fn_hostile_list</custom_option_function></item></section>
                </opt_settings></addon>
                """.utf8), in: folder)

        let install = try store.addonhost(["addon", "install", package])
        #expect(install.status == 0, "\(install.standardError)")
        #expect(
            install.standardError.contains("addon.xml:4:1: this setting has no id attribute"),
            "\(install.standardError)")
        #expect(
            try store.query(
                """
                SELECT t.name || ' ' || o.name || '=' || o.value FROM cscart_settings_objects o
                JOIN cscart_settings_sections t ON t.section_id = o.section_tab_id
                JOIN cscart_settings_sections a ON a.section_id = o.section_id AND a.name = 'hostile'
                """) == "advanced depth=3")
    }

    /// `AXmlScheme::_getSettingItem` reads `(string) $xml_node->default_value`: the value is
    /// stored as written, blanks included; it was trimmed.
    @Test func aDefaultValueIsStoredAsWritten() throws {
        let store = try CLIStore(orders: 10)
        let folder = TemporaryDirectory("manifest-install")
        let package = try manifestPackage(
            manifest(
                body: """
                    <settings><sections><section id="general"><items>
                    <item id="greeting"><type>input</type><default_value>  Hello,
                     world </default_value></item>
                    </items></section></sections></settings>
                    """), in: folder)

        let install = try store.addonhost(["addon", "install", package])
        #expect(install.status == 0, "\(install.standardError)")
        #expect(
            try store.query("SELECT hex(value) FROM cscart_settings_objects WHERE name = 'greeting'")
                == Array("  Hello,\n world ".utf8).map { String(format: "%02X", $0) }.joined())
    }

    /// The translator's diagnostics are at the column written: after an entity or an XML comment
    /// in the `<item>` as after a CDATA section. They counted from where the item's text starts,
    /// 4 columns short after `&amp;` and 11 after `<!-- c --> `.
    @Test(arguments: [
        "<item>UPDATE ?:orders SET notes = 'a &amp; b' WHERE timestamp = NOW()</item>",
        "<item>  <!-- c --> UPDATE ?:orders SET timestamp = NOW()</item>",
        "<item><![CDATA[UPDATE ?:orders SET notes = 'a & b' WHERE timestamp = NOW()]]></item>",
    ])
    func sqlDiagnosticsAreAtTheColumnWritten(item: String) throws {
        let store = try CLIStore(orders: 10)
        let folder = TemporaryDirectory("manifest-install")
        let bytes = manifest(body: "<queries>\(item)</queries>")
        let line = String(decoding: bytes, as: UTF8.self).split(separator: "\n")[1]
        let column = line.distance(from: line.startIndex, to: try #require(line.firstRange(of: "NOW()")).lowerBound) + 1
        let package = try manifestPackage(bytes, in: folder)

        let plan = try store.addonhost(["addon", "install", "--dry-run", package])
        #expect(plan.status == 1)
        #expect(
            plan.standardError.contains("addon.xml:2:\(column): error: MySQL function NOW() has no SQLite equivalent"),
            "\(plan.standardError)")
        // The source line is shown under it, the caret under NOW.
        let lines = plan.standardError.split(separator: "\n")
        let shown = try #require(lines.firstIndex { $0.hasPrefix(" 2 | ") })
        let caret = try #require(lines[shown + 1].firstIndex(of: "^"))
        let indent = lines[shown + 1].distance(from: lines[shown + 1].startIndex, to: caret)
        #expect(lines[shown].dropFirst(indent).hasPrefix("NOW()"), "\(plan.standardError)")
    }
}

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
}


import Basics
import Foundation
import Manifest
import TestSupport
import Testing

private var brokenPackage: String { TestPaths.fixtures("ManifestTests").appendingPathComponent("broken").path }

private func read(_ text: String, folder: String? = "demo") -> (AddonManifest?, Diagnostics) {
    ManifestReader.read(SourceFile(path: "addon.xml", text: text), folderName: folder)
}

@Suite("Manifest diagnostics")
struct ManifestTests {
    @Test("the broken fixture reports every kind of problem at its place")
    func brokenFixture() throws {
        let package = try AddonPackage.open(at: brokenPackage)
        let (manifest, diagnostics) = PackageValidator.check(package)
        let tags = diagnostics.sorted.map { "\($0.id.rawValue)@\($0.location!.line):\($0.location!.column)" }
        #expect(
            tags == [
                "manifest.has-icon-n@8:15",
                "manifest.unknown-element@10:5",
                "manifest.unknown-parent@24:51",
                "manifest.unknown-setting-type@25:31",
                "manifest.default-not-a-variant@29:40",
                "manifest.duplicate-setting@35:31",
                "manifest.unknown-setting-type@36:31",
                "manifest.setting-without-id@38:21",
                "manifest.unknown-setting-type@42:31",
                "manifest.duplicate-section@46:26",
                "manifest.table-not-dropped@52:56",
                "manifest.unknown-for@53:20",
                "manifest.hook-template-name@1:1",
            ])
        let hints = Dictionary(
            diagnostics.all.map { ($0.location!.line, $0.hint ?? "") }, uniquingKeysWith: { a, _ in a })
        #expect(hints[25]?.contains("\"input\" (one line) or \"textarea\"") == true)
        #expect(hints[36]?.contains("\"input\"") == true)
        #expect(hints[42]?.contains("\"multiple checkboxes\" (with a space)") == true)
        let model = try #require(manifest)
        #expect(model.hasIcon)
        #expect(model.status == .active)
        #expect(model.unknownElements.map(\.path) == ["addon/position", "addon/colour"])
        #expect(model.compatibility.dependencies == ["seo", "discussion"])
        let settings = try #require(model.settings)
        #expect(settings.layout == .separate)
        #expect(settings.item("api_key")?.editionType.description == "ROOT,STOREFRONT")
        #expect(settings.item("api_key")?.isOverridable == true)
        #expect(settings.item("mode")?.editionType.description == "ROOT,ULT:VENDOR")
        #expect(settings.item("mode")?.editionType.isCreated(onEdition: "MULTIVENDOR") == true)
        #expect(settings.item("enabled")?.type.letter == "C")
        #expect(settings.item("api_key")?.type == SettingType.none)
    }

    @Test("a table install creates is dropped by name, in any case, quoted or listed; comments and strings create none")
    func tablesNotDropped() {
        let (_, diagnostics) = read(
            """
            <addon scheme="3.0"><id>demo</id><queries>
            <item>CREATE TABLE IF NOT EXISTS `?:demo_a` (id int)</item>
            <item>create table ?:Demo_B (id int)</item>
            <item>-- CREATE TABLE ?:demo_commented (id int)
            INSERT INTO ?:demo_a VALUES ('CREATE TABLE ?:demo_quoted (x)')</item>
            <item>/* CREATE TABLE ?:demo_c */ CREATE TABLE ?:demo_kept (id int)</item>
            <item for="uninstall">DROP TABLE IF EXISTS ?:demo_a, `?:demo_b`</item>
            </queries></addon>
            """)
        #expect(
            diagnostics.all.map { "\($0.id)@\($0.location!.line):\($0.location!.column) \($0.message)" } == [
                "manifest.table-not-dropped@6:48 install creates table ?:demo_kept but no uninstall query drops it"
            ])
    }

    @Test("identity: unknown scheme, missing and invalid id, folder mismatch")
    func identity() {
        let (unknownScheme, d1) = read("<addon scheme=\"5.0\"><id>demo</id></addon>")
        #expect(unknownScheme == nil)
        #expect(d1.all.map { "\($0.id)@\($0.location!.column)" } == ["manifest.unknown-scheme@16"])
        #expect(read("<addon scheme=\"3.0\"></addon>").1.all.map(\.id) == ["manifest.missing-id"])
        #expect(read("<addon scheme=\"3.0\"><id>Demo-X</id></addon>").1.all.map(\.id) == ["manifest.invalid-id"])
        let (manifest, d4) = read("<addon scheme=\"3.0\"><id>other</id></addon>")
        #expect(manifest?.id == "other")
        #expect(d4.all.map(\.id) == ["manifest.id-mismatch"])
        #expect(read("<addon><id>demo</id><status>on</status></addon>").1.all.map(\.id) == ["manifest.invalid-status"])
        #expect(read("<config/>").1.all.map(\.id) == ["manifest.not-an-addon"])
    }

    @Test("scheme 1.0 reads top-level dependencies; 2.0 and later only inside compatibility")
    func dependencies() {
        let (v1, d1) = read("<addon><id>demo</id><dependencies>seo</dependencies></addon>")
        #expect(v1?.compatibility.dependencies == ["seo"])
        #expect(d1.isEmpty)
        let (v2, d2) = read("<addon scheme=\"2.0\"><id>demo</id><dependencies>seo</dependencies></addon>")
        #expect(v2?.compatibility.dependencies == [])
        #expect(d2.all.map(\.id) == ["manifest.unknown-element"])
    }

    @Test("CS-Cart version rules: service packs and the loose max")
    func coreVersions() throws {
        let sp2 = try #require(CoreVersion("4.13.3.SP2"))
        #expect(sp2.release == [4, 13, 3] && sp2.servicePack == 2)
        #expect(CoreVersion("4.13.3")! < sp2)
        #expect(CoreVersion("4.9.10")! < CoreVersion("4.13.1")!)
        #expect(CoreVersion("4.3")! < CoreVersion("4.3.0")!)
        #expect(CoreVersion("four") == nil)
        let range = try #require(
            read(
                "<addon scheme=\"3.0\"><id>demo</id><compatibility><core_version><min>4.10.1</min><max>4.13.3</max></core_version><core_edition>ultimate</core_edition></compatibility></addon>"
            ).0)
        #expect(range.compatibility.admitsCore(sp2))
        #expect(!range.compatibility.admitsCore(CoreVersion("4.13.4")!))
        #expect(!range.compatibility.admitsCore(CoreVersion("4.10.0.SP9")!))
        #expect(range.compatibility.admitsEdition("ULTIMATE") && !range.compatibility.admitsEdition("MULTIVENDOR"))
        let strictMax = try #require(
            read(
                "<addon scheme=\"3.0\"><id>demo</id><compatibility><core_version><max>4.13.3.SP1</max></core_version></compatibility></addon>"
            ).0)
        #expect(!strictMax.compatibility.admitsCore(sp2))
    }

    @Test("queries: editions is a substring test; functions default to install")
    func queriesAndFunctions() throws {
        let manifest = try #require(
            read(
                """
                <addon scheme="3.0"><id>demo</id>
                <queries><item editions="ULTIMATE,MULTIVENDOR">A</item><item for="demo" type="file">db/demo.sql</item></queries>
                <functions><item>fn_demo_install</item><item for="uninstall">fn_demo_uninstall</item></functions>
                </addon>
                """
            ).0)
        #expect(manifest.queries.map(\.mode) == ["install", "demo"])
        #expect(
            manifest.queries[0].runs(onEdition: "MULTIVENDOR") && !manifest.queries[0].runs(onEdition: "PROFESSIONAL"))
        #expect(manifest.queries[1].isFile)
        #expect(manifest.functions.map(\.mode) == ["install", "uninstall"])
    }

    /// CS-Cart selects `//queries/*` and `//language_variables/item` (`XmlScheme2::getQueries`,
    /// `AXmlScheme::getLanguageValues`): every block counts, the second as much as the first.
    @Test("queries and language variables come from every block, in document order")
    func everyBlock() throws {
        let (manifest, diagnostics) = read(
            """
            <addon scheme="3.0"><id>demo</id>
            <queries><item>CREATE TABLE ?:demo_a (id int)</item></queries>
            <language_variables><item lang="en" id="demo_first">First</item></language_variables>
            <queries><item for="uninstall">DROP TABLE ?:demo_a</item><query>DELETE FROM ?:demo_b</query></queries>
            <language_variables><item lang="en" id="demo_second">Second</item></language_variables>
            </addon>
            """)
        let model = try #require(manifest)
        #expect(
            model.queries.map { "\($0.mode): \($0.text)@\($0.location.line)" } == [
                "install: CREATE TABLE ?:demo_a (id int)@2", "uninstall: DROP TABLE ?:demo_a@4",
                "install: DELETE FROM ?:demo_b@4",
            ])
        #expect(model.languageVariables.map(\.id) == ["demo_first", "demo_second"])
        // The second block drops the table the first creates.
        #expect(diagnostics.isEmpty)
        let (v1, _) = read(
            """
            <addon><id>demo</id><opt_queries><item>A</item></opt_queries><opt_queries><item>B</item></opt_queries>
            <opt_language_variables><item lang="en" id="x">X</item></opt_language_variables>
            <opt_language_variables><item lang="en" id="y">Y</item></opt_language_variables></addon>
            """)
        #expect(v1?.queries.map(\.text) == ["A", "B"])
        #expect(v1?.languageVariables.map(\.id) == ["x", "y"])
    }

    /// `XmlScheme1::getSections`: a section's id is its `name` attribute (its `id` is not read),
    /// `general` when it has none; `getSettings` and `fn_update_addon_settings` skip an `<item>`
    /// without an id, in every scheme.
    @Test("scheme 1.0 sections are named by their name attribute, general without one; an item without id is skipped")
    func scheme1Sections() throws {
        func sections(_ body: String) throws -> (sections: [String], diagnostics: [String]) {
            let (manifest, diagnostics) = read("<addon><id>demo</id><opt_settings>\n\(body)</opt_settings></addon>")
            let tree = try #require(manifest?.settings)
            return (
                tree.sections.map { "\($0.id) (\($0.name ?? "-")): \($0.items.map(\.id).joined(separator: ","))" },
                diagnostics.all.map { "\($0.severity) \($0.id)@\($0.location!.line):\($0.location!.column)" }
            )
        }
        let named = try sections(
            """
            <section id="ignored" name="advanced"><item id="a"><type>input</type></item>
            <item><custom_option_function>fn</custom_option_function></item></section>
            <section name="more"><item id="b"><type>checkbox</type></item></section>

            """)
        #expect(named.sections == ["advanced (advanced): a", "more (more): b"])
        #expect(named.diagnostics == ["warning manifest.setting-without-id@3:1"])
        let unnamed = try sections("<section><item id=\"a\"><type>input</type></item></section>\n")
        #expect(unnamed.sections == ["general (General): a"])
        #expect(unnamed.diagnostics.isEmpty)
        let loose = try sections("<item id=\"a\"><type>input</type></item><item/>\n")
        #expect(loose.sections == ["general (General): a"])
        #expect(loose.diagnostics == ["warning manifest.setting-without-id@2:39"])
        let (v2, diagnostics) = read(
            """
            <addon scheme="3.0"><id>demo</id><settings><sections><section id="g"><items>
            <item><type>input</type></item></items></section></sections></settings></addon>
            """)
        #expect(v2?.settings?.allItems.isEmpty == true)
        #expect(diagnostics.all.map { "\($0.severity) \($0.id)" } == ["warning manifest.setting-without-id"])
    }

    /// `AXmlScheme::_getSettingItem` reads `(string) $xml_node->default_value`: not trimmed.
    @Test("a default value is kept as written, blanks included")
    func defaultValueAsWritten() throws {
        let (manifest, diagnostics) = read(
            """
            <addon scheme="3.0"><id>demo</id><settings><sections><section id="g"><items>
            <item id="note"><type>textarea</type><default_value>
              two lines,
              indented </default_value></item>
            <item id="mode"><type>selectbox</type><default_value> live</default_value><variants><item id="live"/></variants></item>
            </items></section></sections></settings></addon>
            """)
        let tree = try #require(manifest?.settings)
        #expect(tree.item("note")?.defaultValue == "\n  two lines,\n  indented ")
        #expect(tree.item("mode")?.defaultValue == " live")
        // CS-Cart stores " live", which the select box does not show as chosen.
        #expect(diagnostics.all.map(\.id) == ["manifest.default-not-a-variant"])
    }

    /// The table's place is found through the text as written, not counted from where it starts.
    @Test("a table not dropped is located where it is written, after an entity or a comment")
    func tableNotDroppedAfterAnEntityOrAComment() {
        let (_, diagnostics) = read(
            """
            <addon scheme="3.0"><id>demo</id><queries>
            <item>/* a &amp; b */ CREATE TABLE ?:demo_a (id int)</item>
            <item>  <!-- c --> CREATE TABLE ?:demo_b (id int)</item>
            <item><![CDATA[ CREATE TABLE ?:demo_c (id int)]]></item>
            </queries></addon>
            """)
        #expect(
            diagnostics.all.map { "\($0.id)@\($0.location!.line):\($0.location!.column)" } == [
                "manifest.table-not-dropped@2:36", "manifest.table-not-dropped@3:33",
                "manifest.table-not-dropped@4:30",
            ])
    }

    @Test("a default that is not a variant names the values that are not, and at most ten variants")
    func defaultsNotAmongTheVariants() throws {
        func reported(_ defaultValue: String, variants: Int) -> Diagnostic? {
            let items = (1...variants).map { "<item id=\"v\($0)\"/>" }.joined()
            return read(
                """
                <addon scheme="3.0"><id>demo</id><settings><sections><section id="g"><items>
                <item id="m"><type>multiple checkboxes</type><default_value>\(defaultValue)</default_value>
                <variants>\(items)</variants></item></items></section></sections></settings></addon>
                """
            ).1.all.first { $0.id == "manifest.default-not-a-variant" }
        }
        #expect(reported("#M#v1=Y&amp;v2=Y", variants: 2) == nil)
        let one = try #require(reported("#M#v1=Y&amp;zz=Y", variants: 3))
        #expect(one.message == "default value \"zz\" is not one of the variants")
        #expect(one.hint == "use one of: v1, v2, v3")
        let several = try #require(
            reported("#M#" + (1...8).map { "x\($0)=Y" }.joined(separator: "&amp;"), variants: 12))
        #expect(
            several.message
                == "default values \"x1\", \"x2\", \"x3\", \"x4\", \"x5\", … (8 in all) are not one of the variants")
        #expect(several.hint == "use one of: v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, … (12 in all)")
        #expect(several.location?.line == 2)
    }

    @Test("a bare addon.xml inside a package opens the package; a folder without one is refused")
    func packageDiscovery() throws {
        let manifest = brokenPackage + "/app/addons/broken_demo/addon.xml"
        let package = try AddonPackage.open(at: manifest)
        #expect(package.folderName == "broken_demo")
        #expect(package.poFiles == ["en": "var/langs/en/addons/broken_demo.po"])
        #expect(package.backendTemplates.count == 2)
        let wrapper = TemporaryDirectory()
        try wrapper.write("wrap/app/addons/demo/addon.xml", "<addon scheme=\"3.0\"><id>demo</id></addon>")
        #expect(try AddonPackage.open(at: wrapper.path).folderName == "demo")
        let empty = TemporaryDirectory()
        #expect(throws: Diagnostic.self) { try AddonPackage.open(at: empty.path) }
    }
}

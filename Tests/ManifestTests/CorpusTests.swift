import Basics
import Foundation
import Manifest
import TestSupport
import Testing

/// What the validator says about each corpus add-on: `id@line` for the manifest, `id@file` for
/// other files, `error id@…` for an error (the rest are warnings). The INDEX.md quirks are among
/// them (seven's id, Komtet's `text`, rus_exim_1c's `inputbox`, mwl_xlsx's attribute types and
/// hook names, Yotpo 2.x's `EN`, …). Only what CS-Cart itself would get wrong is an error.
private let corpusExpectations: [(path: String, id: String, diagnostics: [String])] = [
    ("CaptchaFox__captchafox-addon-cs-cart/src/app/addons/captchafox/addon.xml", "captchafox", []),
    (
        "Komtet__komtetkassa-cs-cart/app/addons/rus_komtet_kassa/addon.xml", "rus_komtet_kassa",
        [
            "missing-default-language-po@8", "unknown-setting-type@43", "unknown-setting-type@46",
            "unknown-setting-type@49",
        ]
    ),
    ("Newsman__CS-Cart-Newsman/src/app/addons/newsman/addon.xml", "newsman", []),
    ("Payselection__CS-Cart/csc_payselection/app/addons/csc_payselection/addon.xml", "csc_payselection", []),
    ("YotpoLtd__cscart-plugin/2.x/addons/yotpo/addon.xml", "yotpo", ["default-language-case@9", "unknown-element@11"]),
    ("YotpoLtd__cscart-plugin/4.x/app/addons/yotpo/addon.xml", "yotpo", []),
    (
        "cscart__addons/credit_card_information_keeper/addons/credit_card_information_keeper/addon.xml",
        "credit_card_information_keeper", []
    ),
    (
        "cscart__addons/custom_countries_selectbox/addons/custom_countries_selectbox/addon.xml",
        "custom_countries_selectbox", ["setting-without-id@34"]
    ),
    ("cscart__addons/static_pages/app/addons/static_pages/addon.xml", "static_pages", []),
    ("cscart__addons/upgrade/app/addons/upgrade/addon.xml", "upgrade", ["missing-default-language-po@7"]),
    ("cscart__affiliate/app/addons/affiliate/addon.xml", "affiliate", []),
    (
        "dani32iz__public_addons_for_cscart/4.1.x/products/super_knopka/app/addons/super_knopka/addon.xml",
        "super_knopka", []
    ),
    (
        "dani32iz__public_addons_for_cscart/4.1.x/shippings/ship_extended/app/addons/ship_extended/addon.xml",
        "ship_extended", []
    ),
    (
        "dani32iz__public_addons_for_cscart/4.2.x/birthday_promo/app/addons/birthday_promo/addon.xml", "birthday_promo",
        []
    ),
    ("dani32iz__public_addons_for_cscart/4.2.x/ship_extended/app/addons/ship_extended/addon.xml", "ship_extended", []),
    ("dani32iz__public_addons_for_cscart/4.2.x/wholesale_price/app/addons/first_addon/addon.xml", "first_addon", []),
    ("intarget__CS-Cart/app/addons/intarget/addon.xml", "intarget", []),
    (
        "kativanova__cscart_addons/confirmation_message/app/addons/confirmation_message/addon.xml",
        "confirmation_message", ["unknown-element@8"]
    ),
    ("kativanova__cscart_addons/custom_carriers/app/addons/custom_carriers/addon.xml", "custom_carriers", []),
    ("kativanova__cscart_addons/ei_profile_fields/app/addons/ei_profile_fields/addon.xml", "ei_profile_fields", []),
    ("kativanova__cscart_addons/mailcatcher/app/addons/mailcatcher/addon.xml", "mailcatcher", []),
    ("kativanova__cscart_addons/my_h1_header/app/addons/my_h1_header/addon.xml", "my_h1_header", []),
    (
        "kativanova__cscart_addons/my_hidden_settings/app/addons/my_hidden_settings/addon.xml", "my_hidden_settings",
        ["missing-default-language-po@9"]
    ),
    (
        "kativanova__cscart_addons/order_status_change_date/app/addons/order_status_change_date/addon.xml",
        "order_status_change_date", []
    ),
    (
        "popstas__cscart_addon_mwl/app/addons/mwl_xlsx/addon.xml", "mwl_xlsx",
        [
            "unknown-element@26", "unknown-element@27", "table-not-dropped@33", "table-not-dropped@45",
            "table-not-dropped@56", "table-not-dropped@70", "table-not-dropped@89", "table-not-dropped@100",
            "table-not-dropped@116", "unknown-element@163", "type-attribute@344", "unknown-element@346",
            "type-attribute@348", "unknown-element@350", "type-attribute@352", "unknown-element@354",
            "type-attribute@356", "unknown-element@358", "type-attribute@360", "unknown-element@362",
            "type-attribute@364", "unknown-element@366", "type-attribute@368", "unknown-element@370",
            "type-attribute@372", "unknown-element@374", "type-attribute@376", "unknown-element@378",
            "type-attribute@380", "unknown-element@382", "type-attribute@384", "unknown-element@386",
            "type-attribute@388", "unknown-element@391", "type-attribute@393", "type-attribute@396",
            "type-attribute@399", "unknown-element@401", "type-attribute@403", "unknown-element@405",
            "type-attribute@407", "unknown-element@410", "type-attribute@412", "unknown-element@415",
            "type-attribute@417", "unknown-element@420", "type-attribute@422", "unknown-element@425",
            "type-attribute@427", "unknown-element@430", "type-attribute@432", "unknown-element@443",
            "type-attribute@449", "unknown-element@459", "type-attribute@461", "type-attribute@464",
            "type-attribute@467", "type-attribute@474", "type-attribute@478", "type-attribute@482",
            "type-attribute@486", "type-attribute@490", "type-attribute@494", "type-attribute@498",
            "unknown-element@501", "type-attribute@503", "unknown-element@506", "type-attribute@508",
            "hook-template-name@price.tpl", "hook-template-name@view_tabs.post_.tpl",
        ]
    ),
    ("rees46__rees46_cscart_embedded/app/addons/rees46/addon.xml", "rees46", []),
    ("robokassa__cs-cart/app/addons/csc_robokassa/addon.xml", "csc_robokassa", []),
    ("rualt__cscart-faq-addon/app/addons/faq_page/addon.xml", "faq_page", []),
    ("sendSMS-RO__sendsms-cscart/app/addons/sendsms_cscart/addon.xml", "sendsms_cscart", []),
    ("sergeevizh__CS_Cart-RetailCRM/app/addons/anti_fraud/addon.xml", "anti_fraud", []),
    (
        "sergeevizh__CS_Cart-RetailCRM/app/addons/rus_exim_1c/addon.xml", "rus_exim_1c",
        [
            "unknown-setting-type@149", "unknown-setting-type@162", "unknown-setting-type@203",
            "unknown-setting-type@289", "table-not-dropped@322", "table-not-dropped@328",
        ]
    ),
    ("seven-io__CS-Cart/app/addons/seven/addon.xml", "sms77", ["error id-mismatch@3"]),
]

@Suite("Corpus manifests")
struct CorpusTests {
    @Test("each corpus add-on is read and its diagnostics are pinned", arguments: corpusExpectations.map(\.path))
    func corpus(_ path: String) throws {
        let expected = try #require(corpusExpectations.first { $0.path == path })
        let package = try AddonPackage.open(at: TestPaths.corpus.appendingPathComponent(path).path)
        let (manifest, diagnostics) = PackageValidator.check(package)
        let read = try #require(manifest)
        #expect(read.id == expected.id)
        let tags = diagnostics.sorted.map { diagnostic -> String in
            let location = diagnostic.location!
            let place =
                location.file.hasSuffix("addon.xml")
                ? String(location.line) : String(location.file.split(separator: "/").last!)
            return (diagnostic.severity == .error ? "error " : "") + diagnostic.id.rawValue.dropFirst("manifest.".count)
                + "@" + place
        }
        #expect(tags == expected.diagnostics)
    }

    @Test("all 32 corpus manifests are covered")
    func coverage() throws {
        let enumerator = FileManager.default.enumerator(atPath: TestPaths.corpus.path)!
        let manifests = enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix("/addon.xml") }
        #expect(Set(manifests) == Set(corpusExpectations.map(\.path)))
        #expect(manifests.count == 32)
    }

    @Test("the model reads every scheme")
    func model() throws {
        func read(_ path: String) throws -> AddonManifest {
            let package = try AddonPackage.open(at: TestPaths.corpus.appendingPathComponent(path).path)
            return try #require(PackageValidator.check(package).manifest)
        }
        let legacy = try read("cscart__addons/custom_countries_selectbox")
        #expect(legacy.scheme == .v1)
        #expect(legacy.settings?.allItems.map(\.id) == ["selectbox_style", "popular_count"])
        #expect(legacy.settings?.sections.map { "\($0.id) \($0.name ?? "")" } == ["general General"])
        // XmlScheme1 names a section by its name attribute, not its id.
        let yotpo2 = try read("YotpoLtd__cscart-plugin/2.x")
        #expect(
            yotpo2.settings?.sections.map { "\($0.id): \($0.items.count)" } == [
                "Signup: 5", "Settings: 4", "Costumize: 1",
            ])
        #expect(legacy.languageVariables.count == 4)
        let newsman = try read("Newsman__CS-Cart-Newsman/src")
        #expect(newsman.scheme == .v4)
        #expect(newsman.bootstrap != nil && newsman.installer != nil && !newsman.autoload.isEmpty)
        #expect(newsman.settings?.allItems.allSatisfy(\.isOverridable) == true)
        let faq = try read("rualt__cscart-faq-addon/app/addons/faq_page/addon.xml")
        #expect(faq.queries.contains { $0.isFile && $0.lang == "ru" && $0.table != nil })
        #expect(faq.compatibility.dependencies == ["seo"])
        let affiliate = try read("cscart__affiliate")
        #expect(affiliate.queries.contains { $0.mode == "demo" })
        #expect(affiliate.languageVariables.count == 1276)
        let exim = try read("sergeevizh__CS_Cart-RetailCRM/app/addons/rus_exim_1c/addon.xml")
        #expect(exim.settings?.allItems.contains { $0.type == .multipleCheckboxes && $0.type.letter == "N" } == true)
        #expect(exim.queries.first { $0.editions != nil }?.runs(onEdition: "MULTIVENDOR") == true)
        let seven = try read("seven-io__CS-Cart")
        #expect(seven.compatibility.editions == ["ULTIMATE"])
        #expect(seven.compatibility.phpExtensions.map(\.name).sorted() == ["curl", "json"])
        let keeper = try AddonPackage.open(
            at: TestPaths.corpus.appendingPathComponent("cscart__addons/credit_card_information_keeper").path)
        #expect(keeper.folderName == "credit_card_information_keeper")
        #expect(keeper.themeTemplates.count == 1)
    }
}

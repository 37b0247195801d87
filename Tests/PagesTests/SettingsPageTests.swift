import Basics
import Foundation
import Pages
import SQLite
import Settings
import Store
import TestSupport
import Testing

@Suite("The add-on settings page")
struct SettingsPageTests {
    @Test func eachSettingIsDrawnByItsType() throws {
        let shop = try PageStore()
        try shop.install("zeta")
        let html = try shop.renderer().renderSettings("zeta").html
        #expect(html.contains("<span class=\"muted\">zeta 1.0</span>"))
        #expect(html.contains("<legend>general</legend>") && html.contains("<legend>advanced</legend>"))
        #expect(html.contains("<h3 class=\"setting-header\""))
        #expect(html.contains("value=\"Y\" checked=\"checked\""), "checkbox on")
        #expect(html.contains("<option value=\"test\" selected=\"selected\">"))
        #expect(html.contains("value=\"large\" checked=\"checked\""))
        #expect(
            html.contains("[sms]\" value=\"Y\" checked=\"checked\"")
                && html.contains("[mail]\" value=\"Y\" checked=\"checked\""))
        #expect(html.contains("[push]\" value=\"Y\">"))
        #expect(html.contains("value=\"Hello &lt;b&gt;admin&lt;/b&gt;\""), "an input's value is escaped")
        #expect(html.contains(">Second tab</textarea>"))
        #expect(html.contains("<span class=\"zeta-status\">mode is test</span>"), "info line from its handler, as HTML")
        #expect(!html.contains("internal_token") && !html.contains("hidden-value"), "hidden settings are not shown")
    }

    @Test func passwordsShowOnlyWhetherTheyAreSet() throws {
        let shop = try PageStore()
        try shop.install("zeta")
        for language in ["en", "ru"] {
            let html = try shop.renderer().renderSettings("zeta", language: language).html
            #expect(!html.contains("planted-secret-value"))
            #expect(html.components(separatedBy: "type=\"password\"").count == 3)
        }
        let html = try shop.renderer().renderSettings("zeta").html
        #expect(html.contains("set (not shown)") && html.contains(">not set</span>"))
    }

    @Test func aStorefrontSeesItsOwnValues() throws {
        let shop = try PageStore()
        try shop.install("zeta")
        let objectID = try #require(
            try shop.store.database.scalar("SELECT object_id FROM cscart_settings_objects WHERE name = 'mode'")?.integer
        )
        try shop.store.database.execute(
            "INSERT INTO cscart_settings_vendor_values (object_id, company_id, storefront_id, value) VALUES (?, 0, 2, 'live')",
            [.integer(objectID)])
        let renderer = shop.renderer()
        #expect(
            try renderer.renderSettings("zeta", storefront: 2).html.contains(
                "<option value=\"live\" selected=\"selected\">"))
        #expect(try renderer.renderSettings("zeta").html.contains("<option value=\"test\" selected=\"selected\">"))
        #expect(try renderer.renderOrder(1, storefront: 2).html.contains("note is on (live)"))
    }

    @Test func anAddOnThatIsNotInstalledIsAClearError() throws {
        let shop = try PageStore()
        #expect(throws: Basics.Diagnostic.self) { try shop.renderer().renderSettings("nope") }
    }
}

internal import Basics
internal import Foundation
internal import Manifest
internal import SQLite
public import Store

/// One text an add-on's files give a language, keyed by its CS-Cart context: `Languages::<name>`
/// (name lower-cased), `Addons::name::<id>`, `Addons::description::<id>`,
/// `SettingsSections::<id>::<section>`, `SettingsOptions::<id>::<setting>`,
/// `SettingsTooltips::<id>::<setting>`, `SettingsVariants::<id>::<setting>::<variant>`.
public struct ShippedText: Sendable, Hashable {
    public var language: String
    public var context: String
    public var value: String

    public init(language: String, context: String, value: String) {
        self.language = language
        self.context = context
        self.value = value
    }
}

extension OperationPlan {
    /// Every text the plan writes, one per language and context, as `addonhost_shipped_texts` records it.
    public var shippedTexts: [ShippedText] {
        let id = addonID
        var result: [ShippedText] = []
        for description in descriptions {
            result.append(
                ShippedText(language: description.language, context: "Addons::name::\(id)", value: description.name))
            result.append(
                ShippedText(
                    language: description.language, context: "Addons::description::\(id)",
                    value: description.description))
        }
        for section in settings {
            for text in section.descriptions {
                result.append(
                    ShippedText(
                        language: text.language, context: "SettingsSections::\(id)::\(section.name)", value: text.value)
                )
            }
            for item in section.items {
                for text in item.descriptions {
                    result.append(
                        ShippedText(
                            language: text.language, context: "SettingsOptions::\(id)::\(item.name)", value: text.value)
                    )
                    result.append(
                        ShippedText(
                            language: text.language, context: "SettingsTooltips::\(id)::\(item.name)",
                            value: text.tooltip))
                }
                for variant in item.variants {
                    for text in variant.descriptions {
                        result.append(
                            ShippedText(
                                language: text.language,
                                context: "SettingsVariants::\(id)::\(item.name)::\(variant.name)",
                                value: text.value))
                    }
                }
            }
        }
        for value in languageValues {
            result.append(
                ShippedText(language: value.language, context: "Languages::\(value.name)", value: value.value))
        }
        return result
    }
}

extension PlanExecutor {
    /// Records what the add-on's files gave each language, so that `lang sync` can tell an
    /// admin's change from a shipped text later.
    func recordShippedTexts(_ plan: OperationPlan) throws {
        try ShippedTexts.replace(plan.addonID, with: plan.shippedTexts, database: database)
    }

    func forgetShippedTexts(_ addonID: String) throws {
        try database.execute("DELETE FROM addonhost_shipped_texts WHERE addon = ?", [.text(addonID)])
    }
}

/// The `addonhost_shipped_texts` table.
public enum ShippedTexts {
    /// The recorded texts of an add-on: language → context → value.
    public static func read(_ addonID: String, store: Store) throws -> [String: [String: String]] {
        let database = store.database
        var result: [String: [String: String]] = [:]
        for row in try database.rows(
            "SELECT lang_code, context, value FROM addonhost_shipped_texts WHERE addon = ?", [.text(addonID)])
        {
            result[row["lang_code"].text ?? "", default: [:]][row["context"].text ?? ""] = row["value"].text ?? ""
        }
        return result
    }

    /// Replaces the add-on's record with `texts` (inside the caller's transaction).
    public static func replace(_ addonID: String, with texts: [ShippedText], store: Store) throws {
        try replace(addonID, with: texts, database: store.database)
    }

    static func replace(_ addonID: String, with texts: [ShippedText], database: Database) throws {
        try database.execute("DELETE FROM addonhost_shipped_texts WHERE addon = ?", [.text(addonID)])
        let insert = try database.prepare(
            "INSERT OR REPLACE INTO addonhost_shipped_texts (addon, lang_code, context, value) VALUES (?, ?, ?, ?)")
        for text in texts {
            try insert.run([.text(addonID), .text(text.language), .text(text.context), .text(text.value)])
        }
    }
}

/// An installed add-on's texts as its files in the store give them now (`app/addons/<id>/addon.xml`
/// and `var/langs/*/addons/<id>.po`), merged exactly as install merges them.
public struct InstalledTexts: Sendable {
    /// Only the text parts are filled: settings with labels, descriptions, language values, originals.
    public var plan: OperationPlan
    public var defaultLanguage: String
    /// The installed languages, in the store's order.
    public var languages: [String]
    /// Problems of the .po files that CS-Cart reads past (`file:line:col: message`).
    public var warnings: [String]
}

extension AddonManager {
    /// Runs `body` holding the store's writer lock, after finishing or undoing an interrupted operation.
    public func withWriterLock<T>(_ operation: String, _ body: () throws -> T) throws -> T {
        try locked(operation) { _ in try body() }
    }

    /// The texts the installed copy of `id` ships, merged as install merges them (§2.2 steps 12-16, §4.5).
    public func installedTexts(_ id: String) throws -> InstalledTexts {
        guard let addon = try installed(id) else { throw LifecycleError.notInstalled(id) }
        guard let manifest = try installedManifest(addon.id) else {
            throw LifecycleError.fileSystem(
                "manifest", "the installed addon.xml is missing",
                path: "\(store.layout.addonsDirectory)/\(addon.id)/addon.xml")
        }
        let packs = try LanguagePacks.installed(
            addon: addon.id, languagesDirectory: store.layout.languagesDirectory, step: "language-files")
        var plan = OperationPlan(kind: .keepData, addonID: addon.id, version: addon.version)
        try planTexts(manifest, packs: packs, into: &plan)
        return InstalledTexts(
            plan: plan, defaultLanguage: manifest.defaultLanguage ?? "en", languages: try installedLanguages(),
            warnings: packs.warnings.lines)
    }

    /// The installed copy of an add-on's manifest (CS-Cart reads the scheme of installed add-ons
    /// too); nil when the file is gone, an error when it no longer reads cleanly.
    func installedManifest(_ id: String) throws -> AddonManifest? {
        let path = "\(store.layout.addonsDirectory)/\(id)/addon.xml"
        guard let bytes = FileManager.default.contents(atPath: path) else { return nil }
        let (manifest, diagnostics) = ManifestReader.read(SourceFile(path: path, bytes: Array(bytes)), folderName: id)
        guard let manifest, !diagnostics.hasErrors else {
            throw LifecycleError(
                step: "manifest", message: "\(path): the installed manifest has errors", diagnostics: diagnostics)
        }
        return manifest
    }
}

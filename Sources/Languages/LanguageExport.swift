internal import Foundation
internal import Gettext
internal import Lifecycle
internal import SQLite
internal import Store

extension LanguageService {
    /// The store's current texts of an installed add-on in one language as a `.po` file, as
    /// CS-Cart writes one (§4.2, §4.3): its header, one entry per context, msgid = the English
    /// original from `original_values`, msgstr = the store's text.
    public func export(_ id: String, language: String) throws -> String {
        try manager.recoverIfNeeded()
        let store = manager.store
        let installed = try manager.installedTexts(id)
        let texts = try StoreTexts(store: store, addonID: installed.plan.addonID)
        let originals = try texts.originals()
        let recorded = try ShippedTexts.read(installed.plan.addonID, store: store)
        // The add-on's contexts: what its files ship, plus variables a sync kept for an admin.
        var contexts: [String] = []
        var seen: Set<String> = []
        let shipped = installed.plan.shippedTexts.filter { $0.language == installed.defaultLanguage }.map(\.context)
        for context in shipped + (recorded[language] ?? [:]).keys.sorted() where seen.insert(context).inserted {
            contexts.append(context)
        }
        var entries: [PoEntry] = []
        for context in contexts {
            guard let place = texts.place(context), let value = try texts.value(place, language: language) else {
                continue
            }
            let isTooltip = context.hasPrefix("SettingsTooltips::")
            if isTooltip && value.isEmpty { continue }
            let original = try originals[context] ?? texts.value(place, language: installed.defaultLanguage) ?? value
            entries.append(PoEntry(msgctxt: context, msgid: original, msgstr: [value]))
        }
        let row = try store.database.rows(
            "SELECT name, country_code FROM \(store.tablePrefix)languages WHERE lang_code = ?", [.text(language)]
        ).first
        guard let row else { throw LanguageServiceError.unknownLanguage(language) }
        var header = "Project-Id-Version: tygh\nContent-Type: text/plain; charset=UTF-8\n"
        header += "Language-Team: \(row["name"].text ?? language)\n"
        let country = row["country_code"].text ?? ""
        header += "Language: \(language)\(country.isEmpty ? "" : "_\(country)")\n"
        if let rule = CSCartLanguagePack.pluralRule(forLanguage: language) {
            header += "Plural-Forms: \(rule.description)\n"
        }
        return ([PoEntry(msgid: "", msgstr: [header])] + entries).map { PoWriter.format($0) }.joined(separator: "\n")
    }
}

/// Failures of the language commands that are not about a file's content.
public struct LanguageServiceError: Error, Sendable, CustomStringConvertible {
    public let message: String

    init(message: String) { self.message = message }
    public var description: String { message }

    static func unknownLanguage(_ code: String) -> LanguageServiceError {
        LanguageServiceError(message: "the store has no language \"\(code)\" (cscart_languages)")
    }
}

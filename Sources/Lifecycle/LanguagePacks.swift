internal import Basics
internal import Foundation
internal import Gettext

/// An add-on's `.po` files (`var/langs/<lang>/addons/<id>.po`), read as CS-Cart reads them at
/// install (§2.2 steps 12, 13, 16; §4.5). A file the parser cannot read stops the operation with
/// its file:line:column; what only `msgfmt --check` minds, CS-Cart does not, so it is a warning.
struct LanguagePacks {
    /// By language code (the folder's).
    var packs: [String: CSCartLanguagePack] = [:]
    var warnings = Diagnostics()

    /// Reads `files` (language → path). `display` turns a path into the one diagnostics show;
    /// `checking` false skips the msgfmt checks, which only make warnings; `refusing` false makes
    /// the errors warnings too, for uninstall, which needs only the names it can read.
    static func read(
        _ files: [String: String], display: (String) -> String = { $0 }, step: String, checking: Bool = true,
        refusing: Bool = true
    ) throws -> LanguagePacks {
        var result = LanguagePacks()
        var errors = Diagnostics()
        for (language, path) in files.sorted(by: { $0.key < $1.key }) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LifecycleError.fileSystem(step, "cannot read the language file", path: display(path))
            }
            let (catalog, parsed) = PoParser.parse(
                SourceFile(path: display(path), bytes: Array(data)), checking: checking)
            let (pack, dialect) = CSCartLanguagePack.read(catalog, folderLanguage: language)
            for var diagnostic in CSCartLanguagePack.atInstall(Diagnostics(Array(parsed) + Array(dialect))) {
                if diagnostic.severity == .error && refusing {
                    errors.append(diagnostic)
                } else {
                    diagnostic.severity = min(diagnostic.severity, .warning)
                    result.warnings.append(diagnostic)
                }
            }
            result.packs[language] = pack
        }
        if let first = errors.sorted.first {
            throw LifecycleError(
                step: step, message: "the language file cannot be read: \(first.message)", location: first.location,
                diagnostics: Diagnostics(errors.sorted),
                hint: "fix the .po file (addonhost po check shows every problem)")
        }
        return result
    }

    /// The installed copy's files: `var/langs/*/addons/<id>.po` in the store.
    static func installed(
        addon: String, languagesDirectory: String, step: String, checking: Bool = true, refusing: Bool = true
    ) throws -> LanguagePacks {
        var files: [String: String] = [:]
        for language in (try? FileManager.default.contentsOfDirectory(atPath: languagesDirectory)) ?? [] {
            let path = "\(languagesDirectory)/\(language)/addons/\(addon).po"
            if FileManager.default.fileExists(atPath: path) { files[language] = path }
        }
        return try read(files, step: step, checking: checking, refusing: refusing)
    }

    /// CS-Cart's install-time chain for a name or label (§4.5): the language's PO, then the XML
    /// translation for the language, then the default language's PO, then the XML text.
    func text(_ context: String, language: String, defaultLanguage: String, xml: String?, fallback: String?) -> String?
    {
        packs[language]?.value(context: context)?.text ?? xml ?? packs[defaultLanguage]?.value(context: context)?.text
            ?? fallback
    }

    /// `Languages::` variables for one language: the default language's merged under the
    /// language's own (§4.5: every installed language gets a row). Names are lower-cased, as
    /// CS-Cart's case-insensitive lookups see them.
    func languageVariables(language: String, defaultLanguage: String) -> [String: String] {
        var values: [String: String] = [:]
        for code in [defaultLanguage, language] {
            for value in packs[code]?.values ?? [] {
                if case .languageVariable(let name) = value.kind { values[name.lowercased()] = value.text }
            }
        }
        return values
    }

    /// Every variable name any of the files declares.
    var variableNames: Set<String> {
        Set(
            packs.values.flatMap { pack in
                pack.values.compactMap { value -> String? in
                    if case .languageVariable(let name) = value.kind { return name.lowercased() }
                    return nil
                }
            })
    }

    /// `?:original_values` (msgctxt → msgid) of every context, the default language's last so
    /// that its msgid wins.
    func originals(defaultLanguage: String) -> [String: String] {
        var result: [String: String] = [:]
        let order = packs.keys.sorted { ($0 == defaultLanguage ? 1 : 0, $0) < ($1 == defaultLanguage ? 1 : 0, $1) }
        for code in order {
            for value in packs[code]?.values ?? [] {
                if case .languageVariable(let name) = value.kind {
                    result["Languages::\(name.lowercased())"] = value.original
                } else {
                    result[value.context] = value.original
                }
            }
        }
        return result
    }
}

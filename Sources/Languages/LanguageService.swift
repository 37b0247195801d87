public import Basics
internal import Foundation
internal import Gettext
public import Lifecycle
public import Manifest
internal import Store

/// The translator's workflow (spec §4, issue 5): check an add-on's `.po` files, re-import them
/// into the store without losing admins' edits, and export the store's texts as a `.po`.
public struct LanguageService {
    public let manager: AddonManager

    public init(manager: AddonManager) { self.manager = manager }

    // MARK: check

    /// What `lang check` found for one add-on.
    public struct CheckReport: Sendable {
        public var addonID: String
        public var defaultLanguage: String
        /// Language → the file checked (as shown in diagnostics).
        public var files: [String: String]
        public var diagnostics: Diagnostics
    }

    /// Checks a package folder (or its addon.xml): its `.po` files against each other and addon.xml.
    public static func check(packageAt path: String) throws -> CheckReport {
        let package: AddonPackage
        do { package = try AddonPackage.open(at: path) } catch { throw Diagnostics([error]) }
        let (manifest, manifestDiagnostics) = read(package)
        guard let manifest else { throw manifestDiagnostics }
        let files = try package.poFiles.sorted { $0.key < $1.key }.map { language, relative in
            try readFile(
                language: language, path: "\(package.root)/\(relative)",
                display: package.displayPath("\(package.root)/\(relative)"))
        }
        return report(manifest: manifest, files: files)
    }

    /// Checks an installed add-on's files in the store (`var/langs/*/addons/<id>.po`).
    public func check(installed id: String) throws -> CheckReport {
        try manager.recoverIfNeeded()
        let texts = try manager.installedTexts(id)
        let manifestPath = "\(manager.store.layout.addonsDirectory)/\(id)/addon.xml"
        let bytes = FileManager.default.contents(atPath: manifestPath) ?? Data()
        let manifest = ManifestReader.read(SourceFile(path: manifestPath, bytes: Array(bytes)), folderName: id).0
        var files: [LanguageFile] = []
        for language in texts.languages {
            let path = "\(manager.store.layout.languagesDirectory)/\(language)/addons/\(id).po"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            files.append(try Self.readFile(language: language, path: path, display: path))
        }
        guard let manifest else {
            throw LanguageServiceError(message: "\(manifestPath): cannot read the installed manifest")
        }
        return Self.report(manifest: manifest, files: files)
    }

    /// The `.po` findings `addon validate` adds: what the install would say of each file (an
    /// error refuses it), then the setting, section and variant texts in each language's `.po`,
    /// and `.po` contexts naming none of them.
    public static func packageFindings(_ package: AddonPackage, manifest: AddonManifest) -> Diagnostics {
        var diagnostics = Diagnostics()
        for (language, relative) in package.poFiles.sorted(by: { $0.key < $1.key }) {
            let path = "\(package.root)/\(relative)"
            let file: LanguageFile
            do {
                file = try LanguageFile.read(language: language, path: path, display: package.displayPath(path))
            } catch {
                diagnostics.append(error)
                continue
            }
            diagnostics.append(contentsOf: CSCartLanguagePack.atInstall(file.readDiagnostics).map(file.located))
            diagnostics.append(contentsOf: LanguageCheck.settingTexts(file, manifest: manifest))
        }
        return diagnostics
    }

    private static func read(_ package: AddonPackage) -> (AddonManifest?, Diagnostics) {
        do {
            return ManifestReader.read(try package.readManifest(), folderName: package.folderName)
        } catch {
            return (nil, Diagnostics([error]))
        }
    }

    private static func readFile(language: String, path: String, display: String) throws -> LanguageFile {
        do { return try LanguageFile.read(language: language, path: path, display: display) } catch {
            throw Diagnostics([error])
        }
    }

    private static func report(manifest: AddonManifest, files: [LanguageFile]) -> CheckReport {
        let defaultLanguage = manifest.defaultLanguage ?? "en"
        var diagnostics = LanguageCheck.run(files: files, defaultLanguage: defaultLanguage, manifest: manifest)
        if files.isEmpty { diagnostics.append(LanguageDiagnostics.noFiles(manifest.id)) }
        return CheckReport(
            addonID: manifest.id, defaultLanguage: defaultLanguage,
            files: Dictionary(files.map { ($0.language, $0.display) }, uniquingKeysWith: { first, _ in first }),
            diagnostics: diagnostics)
    }
}

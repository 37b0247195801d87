internal import Basics
internal import Foundation
internal import Manifest
internal import PackageArchive
internal import SQLDialect
internal import SQLite
internal import Store

/// What to do when the add-on is already installed (§2.6 step 5).
public enum ReinstallMode: Sendable {
    /// Refuse (the default).
    case refuse
    /// "Safe way": uninstall (data lost), then install.
    case reinstall
    /// "Dangerous way": replace files, rebuild settings keeping values, rewrite language
    /// variables, run no queries.
    case keepData
}

extension AddonManager {
    // MARK: Install (§2.2)

    /// Installs the package at `path`: a folder, or a `.zip`, `.tgz` or `.gz` archive. With
    /// `dryRun` only the plan is made.
    public func install(_ path: String, mode: ReinstallMode = .refuse, dryRun: Bool = false) throws -> OperationResult {
        try locked("addon install \(path)") { recovered in
            guard let unpacked = try unpack(path) else {
                return try install(try PackageSource.open(at: path), mode: mode, dryRun: dryRun, recovered: recovered)
            }
            defer { try? FileManager.default.removeItem(atPath: unpacked) }
            // Files named as `addon validate` names them, `ARCHIVE:app/addons/…`, not by the
            // extraction folder, which is gone when the user reads this.
            let shown = AddonPackage.displayPath(unpacked)
            do {
                var result = try install(
                    try PackageSource.open(at: unpacked), mode: mode, dryRun: dryRun, recovered: recovered)
                result.warnings = result.warnings.map { $0.showing(unpacked, as: path).showing(shown, as: path) }
                return result
            } catch let error as LifecycleError {
                throw error.showing(unpacked, as: path).showing(shown, as: path)
            }
        }
    }

    private func install(_ package: PackageSource, mode: ReinstallMode, dryRun: Bool, recovered: [String]) throws
        -> OperationResult
    {
        let id = package.manifest.id
        let existing = try installed(id)
        // A reinstall's install queries start where its uninstall queries leave the store.
        var session = try SQLTranslation.session(of: database)
        var uninstallPlan: OperationPlan?
        var uninstallWarnings: [String] = []
        let kind: OperationPlan.Kind
        switch (existing, mode) {
        case (nil, _): kind = .install
        case (.some, .refuse): throw LifecycleError.alreadyInstalled(id)
        case (.some, .reinstall):
            kind = .reinstall
            (uninstallPlan, uninstallWarnings) = try planUninstall(id, session: &session)
        case (.some, .keepData): kind = .keepData
        }
        var (plan, warnings) = try planInstall(package, kind: kind, session: &session)
        warnings = package.warnings.lines + uninstallWarnings + warnings
        if let uninstallPlan {
            plan.checks = uninstallPlan.checks + plan.checks
            plan.removedLanguageValues = uninstallPlan.removedLanguageValues
            plan.removedOriginals = uninstallPlan.removedOriginals
            plan.functions = uninstallPlan.functions + plan.functions
            plan.queries = uninstallPlan.queries + plan.queries
        }
        if !dryRun {
            let defaultLanguage = package.manifest.defaultLanguage ?? "en"
            let languages = try installedLanguages()
            try execute(plan) { executor in
                if let uninstallPlan { try uninstallWork(uninstallPlan, executor: executor, languages: languages) }
                try installWork(plan, executor: executor, defaultLanguage: defaultLanguage, languages: languages)
            }
        }
        return OperationResult(plan: plan, warnings: warnings, recovered: recovered)
    }

    /// Extracts an archive into a folder of the store's staging area (a crash leaves it to
    /// recovery, which deletes it) and returns that folder; nil for a package folder.
    private func unpack(_ path: String) throws -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            ArchiveReader.isSupported(path)
        else { return nil }
        let folder = "\(store.layout.stagingDirectory)/package-\(UUID().uuidString.lowercased())"
        do {
            try FileManager.default.createDirectory(
                atPath: store.layout.stagingDirectory, withIntermediateDirectories: true)
            try ArchiveReader.extract(archive: path, into: folder)
        } catch let error as Diagnostic {
            try? FileManager.default.removeItem(atPath: folder)
            throw LifecycleError(
                step: "archive", message: error.message, diagnostics: Diagnostics([error]), hint: error.hint)
        } catch {
            throw LifecycleError.fileSystem(
                "archive", "cannot create the staging folder (\(error.localizedDescription))", path: folder)
        }
        return folder
    }

    private func installWork(
        _ plan: OperationPlan, executor: PlanExecutor, defaultLanguage: String, languages: [String]
    ) throws {
        let isFresh = plan.kind != .keepData
        if isFresh { try executor.runFunctions("before_install", of: plan) }
        if isFresh {
            let existing = try executor.tableNames()
            try executor.runQueries("install", of: plan, defaultLanguage: defaultLanguage, languages: languages)
            try executor.recordTables(addon: plan.addonID, created: try executor.tableNames().subtracting(existing))
        }
        try executor.writeSettings(plan, rootEditionType: plan.settingsEditionType)
        if isFresh { try executor.writeAddon(plan, now: Int64(Date().timeIntervalSince1970)) }
        try executor.writeDescriptions(plan)
        try executor.writeLanguageValues(plan)
        try executor.recordShippedTexts(plan)
        try executor.recordFiles(plan)
        let row = try installed(plan.addonID)
        try HookIndex.write(
            plan.hooks, addon: plan.addonID, priority: row?.priority ?? 0, status: row?.status ?? "D",
            database: database)
        try hooks.checkpoint("hooks")
        if isFresh { try executor.runFunctions("install", of: plan) }
        if isFresh { try applyStatus(plan, executor: executor) }
    }

    /// Refuses a package that would replace files another installed add-on placed: its
    /// uninstall would then delete them.
    private func refuseOtherAddonsFiles(_ package: PackageSource, addon id: String) throws {
        var owners: [String: String] = [:]
        for row in try database.rows(
            "SELECT addon, path FROM addonhost_files WHERE addon <> ? AND kind = 'file'", [.text(id)])
        {
            if let path = row["path"].text, let addon = row["addon"].text { owners[path] = addon }
        }
        let clashes = package.files.compactMap { file in
            owners[file.target].map { owner in
                Diagnostic(
                    "package.other-addon-file", .error,
                    "\(package.package.displayPath("\(package.root)/\(file.source)")) would replace \(file.target), a file of add-on '\(owner)'",
                    hint: "rename the file in the package, or uninstall '\(owner)' first")
            }
        }
        guard clashes.isEmpty else {
            throw LifecycleError(
                step: "files",
                message:
                    "\(clashes.count) file\(clashes.count == 1 ? "" : "s") of the package belong\(clashes.count == 1 ? "s" : "") to other add-ons; nothing was changed",
                diagnostics: Diagnostics(clashes), hint: "an add-on may only place files no other add-on has placed")
        }
    }

    func installedLanguages() throws -> [String] {
        try database.rows("SELECT lang_code FROM \(table("languages")) ORDER BY lang_id").compactMap { $0[0].text }
    }

    /// Builds the install plan: checks, functions, queries, settings, texts, files, hooks.
    func planInstall(_ package: PackageSource, kind: OperationPlan.Kind, session: inout SQLSession) throws -> (
        OperationPlan, [String]
    ) {
        let manifest = package.manifest
        let id = manifest.id
        var plan = OperationPlan(kind: kind, addonID: id, version: manifest.version ?? "")
        plan.checks.append(kind == .install ? "\(id) is not installed" : "\(id) is installed: \(kind.rawValue)")

        // Compatibility (§1.4), then dependencies installed.
        let compatibility = manifest.compatibility
        var warnings: [String] = []
        guard let core = CoreVersion(host.coreVersion), compatibility.admitsCore(core) else {
            throw LifecycleError(
                step: "compatibility",
                message:
                    "core version \(host.coreVersion) is not suitable: the add-on needs \(compatibility.coreVersionMin?.text ?? "∞") to \(compatibility.coreVersionMax?.text ?? "∞")",
                location: manifest.idLocation)
        }
        plan.checks.append(
            "core version \(host.coreVersion) within \(compatibility.coreVersionMin?.text ?? "∞")…\(compatibility.coreVersionMax?.text ?? "∞")"
        )
        guard compatibility.admitsEdition(host.edition) else {
            throw LifecycleError(
                step: "compatibility",
                message:
                    "edition \(host.edition) is not suitable: the add-on is for \(compatibility.editions.joined(separator: ", "))",
                location: manifest.idLocation)
        }
        plan.checks.append("edition \(host.edition) admitted")
        let installedIDs = Set(try installedAddons().map(\.id))
        let missing = compatibility.dependencies.filter { !installedIDs.contains($0) }
        if !missing.isEmpty {
            throw LifecycleError(
                step: "dependencies",
                message: "install the add-ons it depends on first: \(missing.joined(separator: ", "))",
                location: manifest.idLocation)
        }
        if !compatibility.dependencies.isEmpty {
            plan.checks.append("dependencies installed: \(compatibility.dependencies.joined(separator: ", "))")
        }

        // Functions: native ones run, PHP ones are carried as files.
        let native = functions[id] ?? [:]
        for item in manifest.functions {
            plan.functions.append(
                PlannedFunction(
                    mode: item.mode, name: item.name, isNative: native[item.name] != nil, location: item.location))
        }
        let phpOnly = plan.functions.filter { !$0.isNative }.map(\.name)
        if !phpOnly.isEmpty {
            plan.notes.append("PHP-only functions are carried as files and not run: \(phpOnly.joined(separator: ", "))")
        }
        if manifest.installer != nil || manifest.bootstrap != nil {
            plan.notes.append("scheme 4.0 installer/bootstrap classes are PHP: carried as files, not run")
        }

        // Queries (install and uninstall; the latter only shown in the plan of an uninstall).
        if kind != .keepData {
            plan.queries = try translatedQueries(
                manifest, package: package, mode: "install", session: &session, warnings: &warnings)
        } else {
            plan.notes.append("--keep-data: no queries run; settings keep their values")
        }

        // Settings, descriptions, language values: the .po files over the XML (§4.5).
        let languages = try installedLanguages()
        let defaultLanguage = manifest.defaultLanguage ?? "en"
        // Every file is checked, so that none the store keeps can stop the uninstall later, but
        // only installed languages are imported (§4.1); the other files are carried as they are.
        var packs = try LanguagePacks.read(
            package.package.poFiles.mapValues { "\(package.root)/\($0)" }, display: package.package.displayPath,
            step: "language-files")
        packs.packs = packs.packs.filter { languages.contains($0.key) || $0.key == defaultLanguage }
        warnings += packs.warnings.lines
        try planTexts(manifest, packs: packs, into: &plan)
        if kind == .keepData { plan.keptValues = try currentValues(id) }

        // Files: every package file, its folders, and the hooks among them.
        let old = kind == .install ? InstalledFiles(files: [:], directories: []) : try installedFiles(id)
        for (source, target) in package.files {
            let absolute = "\(package.root)/\(source)"
            guard let data = FileManager.default.contents(atPath: absolute) else {
                throw LifecycleError.fileSystem("files", "cannot read the package file", path: absolute)
            }
            plan.files.append(
                PlannedFile(source: absolute, target: target, size: data.count, sha256: SHA256.hexDigest(data)))
        }
        try refuseOtherAddonsFiles(package, addon: id)
        plan.createdDirectories = foldersToCreate(for: plan.files.map(\.target), absent: Set(old.directories))
        plan.removedFiles = old.files.keys.sorted()
        plan.removedDirectories = old.directories
        plan.hooks = HookIndex.entries(addon: id, storePaths: plan.files.map(\.target))

        // Status (§2.2 step 21).
        if kind != .keepData {
            plan.addon = AddonRow(
                status: "D", version: manifest.version ?? "", priority: manifest.priority,
                dependencies: compatibility.dependencies, conflicts: compatibility.conflicts,
                separate: manifest.settings?.layout.rawValue == "separate", hasIcon: manifest.hasIcon)
            if manifest.status == .active {
                plan.activate = true
                let candidate = InstalledAddon(
                    id: id, status: "D", version: plan.version, priority: manifest.priority,
                    dependencies: compatibility.dependencies, conflicts: compatibility.conflicts, name: "",
                    description: "")
                warnings += try statusChecks(candidate, to: "A", onInstall: true, plan: &plan)
            }
        }
        return (plan, warnings)
    }

    /// The add-on's texts in every installed language, as install writes them: settings with
    /// their labels, names and descriptions, language variables, originals (§2.2 steps 12-16).
    func planTexts(_ manifest: AddonManifest, packs: LanguagePacks, into plan: inout OperationPlan) throws {
        let id = manifest.id
        let languages = try installedLanguages()
        let defaultLanguage = manifest.defaultLanguage ?? "en"
        let texts = Texts(packs: packs, defaultLanguage: defaultLanguage)
        plan.settings = settingsPlan(manifest, languages: languages, texts: texts)
        plan.settingsEditionType = manifest.settings?.editionType.description ?? "ROOT"
        plan.descriptions = languages.map { language in
            AddonDescription(
                language: language,
                name: texts.label(
                    "Addons::name::\(id)", language, manifest.translations, "name", fallback: manifest.name ?? id),
                description: texts.label(
                    "Addons::description::\(id)", language, manifest.translations, "description",
                    fallback: manifest.description ?? ""))
        }
        var originalTexts = Dictionary(
            originals(manifest).map { ($0.context, $0.text) }, uniquingKeysWith: { _, last in last })
        originalTexts.merge(packs.originals(defaultLanguage: defaultLanguage)) { _, po in po }
        plan.originalValues = originalTexts.keys.sorted().map { OriginalValue(context: $0, text: originalTexts[$0]!) }
        plan.languageValues = []
        for language in languages {
            var values: [String: String] = [:]
            for variable in manifest.languageVariables where variable.lang == defaultLanguage {
                values[variable.id.lowercased()] = variable.value
            }
            for variable in manifest.languageVariables where variable.lang == language {
                values[variable.id.lowercased()] = variable.value
            }
            values.merge(packs.languageVariables(language: language, defaultLanguage: defaultLanguage)) { _, po in po }
            plan.languageValues += values.keys.sorted().map {
                LanguageValue(language: language, name: $0, value: values[$0]!)
            }
        }
    }

    /// The add-on's queries of one mode, `?:` replaced and translated to SQLite. The translator's
    /// warnings (what SQLite has no counterpart for, such as a FULLTEXT index) are the operation's,
    /// printed by a real run as by a dry run.
    func translatedQueries(
        _ manifest: AddonManifest, package: PackageSource?, mode: String, session: inout SQLSession,
        warnings: inout [String]
    )
        throws -> [PlannedQuery]
    {
        var result: [PlannedQuery] = []
        for query in manifest.queries where query.mode == mode && query.runs(onEdition: host.edition) {
            var script: SourceFile?
            if query.isFile {
                let folder =
                    package.map { "\($0.root)/app/addons/\($0.folderName)" }
                    ?? "\(store.root)/app/addons/\(manifest.id)"
                let path = "\(folder)/\(query.text)"
                guard RelativePath.isSafe(query.text), let data = FileManager.default.contents(atPath: path) else {
                    throw LifecycleError(
                        step: "\(mode)-queries", message: "SQL file \(query.text) is missing", location: query.location)
                }
                script = SourceFile(path: package?.package.displayPath(path) ?? path, bytes: Array(data))
            }
            let (statements, translatorWarnings) = try SQLTranslation.translate(
                query.text, location: query.location, source: manifest.source, offsets: query.textOffsets,
                script: script,
                prefix: store.tablePrefix,
                step: "\(mode)-queries", session: &session)
            warnings += translatorWarnings.lines
            result.append(
                PlannedQuery(
                    mode: mode, original: query.text, statements: statements, location: query.location,
                    language: query.lang, table: query.table))
        }
        return result
    }

    /// Names and labels in one language by CS-Cart's chain (§4.5): that language's PO, the XML
    /// translation for it, the default language's PO, the XML text.
    struct Texts {
        let packs: LanguagePacks
        let defaultLanguage: String

        func label(
            _ context: String, _ language: String, _ translations: [Translation], _ field: String, fallback: String
        ) -> String {
            let xml = translations.last { $0.field == field && $0.lang == language }?.text
            return packs.text(
                context, language: language, defaultLanguage: defaultLanguage, xml: xml, fallback: fallback) ?? fallback
        }
    }

    private func settingsPlan(_ manifest: AddonManifest, languages: [String], texts: Texts) -> [PlannedSection] {
        guard let tree = manifest.settings else { return [] }
        let id = manifest.id
        let sections = tree.sections.filter { $0.editionType.isCreated(onEdition: host.edition) }
        return sections.enumerated().map { index, section in
            let items = section.items.filter { $0.editionType.isCreated(onEdition: host.edition) }
            return PlannedSection(
                name: section.id, position: index * 10, type: section.isOutsideOfForm ? "SEPARATE_TAB" : "TAB",
                editionType: section.editionType.description,
                descriptions: languages.map { language in
                    LocalizedText(
                        language: language,
                        value: texts.label(
                            "SettingsSections::\(id)::\(section.id)", language, section.translations, "name",
                            fallback: section.name ?? section.id),
                        tooltip: "")
                },
                items: items.enumerated().map { position, item in
                    PlannedSetting(
                        name: item.id, type: item.type.letter, position: position * 10,
                        editionType: item.editionType.description,
                        handler: item.handler ?? "", parentName: item.parentID, value: item.defaultValue ?? "",
                        isSecret: item.type == .password,
                        descriptions: languages.map { language in
                            LocalizedText(
                                language: language,
                                value: texts.label(
                                    "SettingsOptions::\(id)::\(item.id)", language, item.translations, "name",
                                    fallback: item.name ?? item.id),
                                tooltip: texts.label(
                                    "SettingsTooltips::\(id)::\(item.id)", language, item.translations, "tooltip",
                                    fallback: item.tooltip ?? ""))
                        },
                        variants: item.variants.enumerated().map { variantPosition, variant in
                            PlannedVariant(
                                name: variant.id, position: variantPosition * 10,
                                descriptions: languages.map { language in
                                    LocalizedText(
                                        language: language,
                                        value: texts.label(
                                            "SettingsVariants::\(id)::\(item.id)::\(variant.id)", language,
                                            variant.translations, "name",
                                            fallback: variant.name ?? variant.id),
                                        tooltip: "")
                                })
                        })
                })
        }
    }

    /// `?:original_values` rows: the add-on's name and description, settings labels, 2.0 variables.
    private func originals(_ manifest: AddonManifest) -> [OriginalValue] {
        let id = manifest.id
        var result = [
            OriginalValue(context: "Addons::name::\(id)", text: manifest.name ?? id),
            OriginalValue(context: "Addons::description::\(id)", text: manifest.description ?? ""),
        ]
        for section in manifest.settings?.sections ?? [] {
            result.append(
                OriginalValue(context: "SettingsSections::\(id)::\(section.id)", text: section.name ?? section.id))
            for item in section.items {
                result.append(OriginalValue(context: "SettingsOptions::\(id)::\(item.id)", text: item.name ?? item.id))
                for variant in item.variants {
                    result.append(
                        OriginalValue(
                            context: "SettingsVariants::\(id)::\(item.id)::\(variant.id)",
                            text: variant.name ?? variant.id))
                }
            }
        }
        for variable in manifest.languageVariables where variable.lang == "en" {
            result.append(OriginalValue(context: "Languages::\(variable.id.lowercased())", text: variable.value))
        }
        return result
    }

    private func currentValues(_ id: String) throws -> [String: String] {
        let rows = try database.rows(
            """
            SELECT o.name, o.value FROM \(table("settings_objects")) o
            JOIN \(table("settings_sections")) s ON s.section_id = o.section_id AND s.type = 'ADDON' AND s.name = ?
            """, [.text(id)])
        return Dictionary(
            rows.map { ($0["name"].text ?? "", $0["value"].text ?? "") }, uniquingKeysWith: { _, last in last })
    }

    // MARK: Uninstall (§2.3)

    /// Uninstalls an add-on: reverse-dependency guard, uninstall functions, rows, settings,
    /// language values (§4.6), uninstall queries, files.
    public func uninstall(_ id: String, dryRun: Bool = false) throws -> OperationResult {
        try locked("addon uninstall \(id)") { recovered in
            var session = try SQLTranslation.session(of: database)
            let (plan, warnings) = try planUninstall(id, session: &session)
            if !dryRun {
                let languages = try installedLanguages()
                try execute(plan) { executor in try uninstallWork(plan, executor: executor, languages: languages) }
            }
            return OperationResult(plan: plan, warnings: warnings, recovered: recovered)
        }
    }

    /// The uninstall of an installed add-on and the warnings of translating its queries.
    func planUninstall(_ id: String, session: inout SQLSession) throws -> (OperationPlan, [String]) {
        guard let addon = try installed(id) else { throw LifecycleError.notInstalled(id) }
        var plan = OperationPlan(kind: .uninstall, addonID: addon.id, version: addon.version)
        var warnings: [String] = []
        let dependents = try installedAddons().filter { $0.id != addon.id && $0.dependencies.contains(addon.id) }.map(
            \.id)
        if !dependents.isEmpty {
            throw LifecycleError.refused(
                "dependencies", "uninstall", addon.id, because: "installed add-ons depend on it:", dependents,
                fix: "uninstall")
        }
        plan.checks.append("no installed add-on depends on \(addon.id)")
        // The installed copy of the manifest says what to undo (CS-Cart reads the scheme too).
        if let manifest = try installedManifest(addon.id) {
            let native = functions[addon.id] ?? [:]
            plan.functions = manifest.functions.filter { $0.mode == "uninstall" }.map {
                PlannedFunction(mode: $0.mode, name: $0.name, isNative: native[$0.name] != nil, location: $0.location)
            }
            plan.queries = try translatedQueries(
                manifest, package: nil, mode: "uninstall", session: &session, warnings: &warnings)
            // §4.6: the variables of the XML and of every installed .po file. Only their names
            // are needed, and install reported what msgfmt would have said of them.
            // A file edited in the store since may no longer parse: its readable names still go.
            let packs = try LanguagePacks.installed(
                addon: addon.id, languagesDirectory: store.layout.languagesDirectory, step: "language-files",
                checking: false, refusing: false)
            warnings += packs.warnings.lines
            plan.removedLanguageValues = Set(manifest.languageVariables.map { $0.id.lowercased() }).union(
                packs.variableNames
            ).sorted()
            plan.removedOriginals =
                ["Addons::name::\(addon.id)", "Addons::description::\(addon.id)"]
                + plan.removedLanguageValues.map { "Languages::\($0)" }
        } else {
            plan.notes.append("app/addons/\(addon.id)/addon.xml is missing: no uninstall functions or queries run")
        }
        let files = try installedFiles(addon.id)
        plan.removedFiles = files.files.keys.sorted()
        plan.removedDirectories = files.directories
        return (plan, warnings)
    }

    func uninstallWork(_ plan: OperationPlan, executor: PlanExecutor, languages: [String]) throws {
        try executor.runFunctions("uninstall", of: plan)
        try executor.removeAddonRows(plan.addonID)
        try executor.removeSettings(addonID: plan.addonID)
        try executor.removeLanguageValues(plan)
        try executor.forgetShippedTexts(plan.addonID)
        try executor.runQueries("uninstall", of: plan, defaultLanguage: languages.first ?? "en", languages: languages)
        try executor.forgetDroppedTables(addon: plan.addonID)
        try executor.forgetFiles(plan.addonID)
        try HookIndex.remove(addon: plan.addonID, database: database)
        try hooks.checkpoint("hooks")
    }
}

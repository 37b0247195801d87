public import Basics
import SQLDialect
import XML

/// Reads `addon.xml` of any scheme into an `AddonManifest`, collecting every problem it finds.
public enum ManifestReader {
    /// Reads a manifest. `folderName` is the add-on folder (`app/addons/<name>`) when known, for
    /// the id check. The manifest is nil only when the file cannot be read as an add-on at all.
    public static func read(_ file: SourceFile, folderName: String?) -> (AddonManifest?, Diagnostics) {
        let tree: XMLTree
        do {
            tree = try XMLTree.parse(file)
        } catch {
            return (nil, error)
        }
        var reader = Reader(file: file, root: tree.root, folderName: folderName)
        let manifest = reader.read()
        return (manifest, reader.diagnostics)
    }
}

private struct Reader {
    typealias Element = XMLTree.Element
    let file: SourceFile
    let root: Element
    let folderName: String?
    var diagnostics = Diagnostics()
    var unknown: [UnknownElement] = []

    init(file: SourceFile, root: Element, folderName: String?) {
        self.file = file
        self.root = root
        self.folderName = folderName
    }

    static let commonTop: Set<String> = [
        "id", "version", "priority", "status", "default_language", "auto_install", "has_icon", "supplier",
        "supplier_link", "supplier_page", "unmanaged", "compatibility", "settings", "queries", "functions", "name",
        "description", "translations", "language_variables", "tab_order", "marketplace_product_id",
        "marketplace_license_number", "email_templates", "internal_templates", "document_templates",
        "snippet_templates",
    ]
    static let scheme1Top: Set<String> = [
        "id", "version", "priority", "status", "default_language", "auto_install", "has_icon", "supplier",
        "supplier_link", "name", "description", "translations", "dependencies", "conflicts", "opt_settings",
        "opt_queries", "opt_language_variables", "functions", "addon_version", "compatible_version", "unmanaged",
    ]
    /// Read by nobody but common in the wild: kept as metadata without a warning.
    static let tolerated: Set<String> = ["authors", "position", "update_server", "addon_version", "compatible_version"]

    func location(_ offset: Int) -> SourceLocation { file.location(at: offset) }

    func text(_ element: Element?) -> String? {
        guard let element else { return nil }
        let value = element.trimmedText
        return value.isEmpty ? nil : value
    }

    /// The child elements (those named `name`, or all) of every `block` element of the document,
    /// in document order, as CS-Cart selects queries and language variables by XPath
    /// (`//queries/*`, `//language_variables/item`): a second block counts as much as the first.
    func children(ofEvery block: String, named name: String? = nil) -> [Element] {
        var found: [Element] = []
        func walk(_ element: Element) {
            for child in element.children {
                if element.name == block, name == nil || child.name == name { found.append(child) }
                walk(child)
            }
        }
        walk(root)
        return found
    }

    mutating func keepUnknown(_ element: Element, path: String, warn: Bool, context: String, hint: String? = nil) {
        unknown.append(.init(path: path, text: element.trimmedText, location: location(element.offset)))
        if warn { diagnostics.append(ManifestDiagnostics.unknownElement(file, element, context: context, hint: hint)) }
    }

    mutating func read() -> AddonManifest? {
        guard root.name == "addon" else {
            diagnostics.append(ManifestDiagnostics.notAnAddon(file, root))
            return nil
        }
        var scheme = SchemeVersion.v1
        if let attribute = root.attribute("scheme") {
            guard let known = SchemeVersion(rawValue: attribute.value.trimmingXMLSpace()) else {
                diagnostics.append(ManifestDiagnostics.unknownScheme(file, attribute))
                return nil
            }
            scheme = known
        }
        let (id, idOffset) = readID()
        checkTopLevel(scheme)

        let rootEdition = root.attribute("edition_type").map { EditionType($0.value) }
        let settingsElement = root.child(scheme == .v1 ? "opt_settings" : "settings")
        let settings = settingsElement.map { readSettings($0, scheme: scheme, inherited: rootEdition ?? .root) }
        let queries = readQueries(children(ofEvery: scheme == .v1 ? "opt_queries" : "queries"))
        checkDroppedTables(queries)
        let variableBlock = scheme == .v1 ? "opt_language_variables" : "language_variables"
        let variables = children(ofEvery: variableBlock, named: "item").map {
            LanguageVariable(
                lang: $0[attribute: "lang"] ?? "", id: $0[attribute: "id"] ?? "", value: $0.trimmedText,
                location: location($0.offset))
        }

        var status = InitialStatus.disabled
        if let element = root.child("status") {
            if let value = InitialStatus(rawValue: element.trimmedText) {
                status = value
            } else {
                diagnostics.append(ManifestDiagnostics.invalidStatus(file, element))
            }
        }
        if let element = root.child("has_icon"), element.trimmedText.uppercased() == "N" {
            diagnostics.append(ManifestDiagnostics.hasIconN(file, element))
        }
        if let element = root.child("default_language"), element.trimmedText != element.trimmedText.lowercased() {
            diagnostics.append(ManifestDiagnostics.languageCase(file, element))
        }
        let psr4 = root.child("autoload")?.children(named: "psr4").map {
            PSR4Root(prefix: $0[attribute: "prefix"] ?? "", folder: $0.trimmedText)
        }
        let authors = root.child("authors")?.children(named: "author").map {
            Author(name: text($0.child("name")), email: text($0.child("email")), url: text($0.child("url")))
        }

        return AddonManifest(
            id: id, scheme: scheme,
            version: text(root.child("version")) ?? (scheme == .v1 ? text(root.child("addon_version")) : nil),
            priority: phpInt(text(root.child("priority"))), status: status,
            defaultLanguage: text(root.child("default_language")),
            compatibility: readCompatibility(scheme), settings: settings, queries: queries,
            functions: readFunctions(root.child("functions")), name: text(root.child("name")),
            description: text(root.child("description")), translations: readTranslations(root.child("translations")),
            languageVariables: variables, hasIcon: text(root.child("has_icon")) != nil,
            supplier: text(root.child("supplier")), supplierLink: text(root.child("supplier_link")),
            autoInstall: list(text(root.child("auto_install"))), isUnmanaged: root.child("unmanaged") != nil,
            editionType: rootEdition, autoload: psr4 ?? [], bootstrap: text(root.child("bootstrap")),
            installer: text(root.child("installer")), authors: authors ?? [], unknownElements: unknown,
            source: file, idLocation: location(idOffset),
            defaultLanguageLocation: root.child("default_language").map { location($0.textOffset) })
    }

    mutating func readID() -> (String, Int) {
        guard let element = root.child("id"), !element.trimmedText.isEmpty else {
            diagnostics.append(ManifestDiagnostics.missingID(file, at: root.child("id")?.offset ?? root.offset))
            return ("", root.offset)
        }
        let id = element.trimmedText
        let valid =
            id.count <= 32
            && id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
        if !valid {
            diagnostics.append(ManifestDiagnostics.invalidID(file, id, at: element.textOffset))
        } else if let folderName, folderName != id {
            diagnostics.append(ManifestDiagnostics.idMismatch(file, id: id, folder: folderName, at: element.textOffset))
        }
        return (id, element.textOffset)
    }

    mutating func checkTopLevel(_ scheme: SchemeVersion) {
        var known = scheme == .v1 ? Reader.scheme1Top : Reader.commonTop
        if scheme == .v4 { known.formUnion(["autoload", "bootstrap", "installer"]) }
        for element in root.children where !known.contains(element.name) {
            let path = "addon/\(element.name)"
            if Reader.tolerated.contains(element.name) {
                keepUnknown(element, path: path, warn: false, context: "")
                continue
            }
            var hint: String?
            switch element.name {
            case "autoload", "bootstrap", "installer": hint = "<\(element.name)> is read only by scheme 4.0"
            case "dependencies", "conflicts":
                hint = "since scheme 2.0 CS-Cart reads <\(element.name)> only inside <compatibility>"
            case "language_variables" where scheme == .v1: hint = "scheme 1.0 reads <opt_language_variables>"
            case "settings" where scheme == .v1: hint = "scheme 1.0 reads <opt_settings>"
            case "opt_settings", "opt_queries", "opt_language_variables":
                hint = "<\(element.name)> is scheme 1.0; scheme \(scheme.rawValue) reads <\(element.name.dropFirst(4))>"
            default: break
            }
            keepUnknown(element, path: path, warn: true, context: "scheme \(scheme.rawValue)", hint: hint)
        }
    }

    // MARK: Compatibility

    mutating func readCompatibility(_ scheme: SchemeVersion) -> Compatibility {
        let element = root.child("compatibility")
        let known: Set<String> = [
            "core_version", "core_edition", "php_version", "php_extensions", "dependencies", "conflicts",
        ]
        for child in element?.children ?? [] where !known.contains(child.name) {
            keepUnknown(child, path: "addon/compatibility/\(child.name)", warn: true, context: "<compatibility>")
        }
        // Scheme 1.0 reads top-level <dependencies> and any <conflicts>.
        let holder = scheme == .v1 ? root : element
        let core = element?.child("core_version")
        let php = element?.child("php_version")
        let extensions = element?.child("php_extensions")?.children.map { child in
            PHPExtension(
                name: child.name, mustBeLoaded: text(child.child("supported")).map { $0.uppercased() == "Y" },
                min: text(child.child("min")), max: text(child.child("max")))
        }
        return Compatibility(
            coreVersionMin: version(core?.child("min")), coreVersionMax: version(core?.child("max")),
            editions: list(text(element?.child("core_edition"))).map { $0.uppercased() },
            phpVersionMin: text(php?.child("min")), phpVersionMax: text(php?.child("max")),
            phpExtensions: extensions ?? [], dependencies: list(text(holder?.child("dependencies"))),
            conflicts: list(text(holder?.child("conflicts"))))
    }

    mutating func version(_ element: Element?) -> CoreVersion? {
        guard let element, let value = text(element) else { return nil }
        guard let version = CoreVersion(value) else {
            diagnostics.append(ManifestDiagnostics.invalidVersion(file, element))
            return nil
        }
        return version
    }

    // MARK: Settings

    mutating func readSettings(_ element: Element, scheme: SchemeVersion, inherited: EditionType) -> SettingsTree {
        let edition = element.attribute("edition_type").map { EditionType($0.value) } ?? inherited
        var sectionElements: [(Element?, [Element])] = []
        if scheme == .v1 {
            // XmlScheme1: without a <section>, the items of <opt_settings> are the tab general;
            // with sections, items outside them are not read.
            let sections = element.children(named: "section")
            if sections.isEmpty { sectionElements.append((nil, element.children(named: "item"))) }
            for item in element.children(named: "item") where !sections.isEmpty {
                keepUnknown(
                    item, path: "addon/opt_settings/item", warn: true, context: "an <opt_settings> with sections",
                    hint: "scheme 1.0 reads items outside a <section> only when there is no section; move it into one")
            }
            for section in sections { sectionElements.append((section, section.children(named: "item"))) }
        } else {
            for child in element.children where child.name != "sections" {
                keepUnknown(child, path: "addon/settings/\(child.name)", warn: true, context: "<settings>")
            }
            for section in element.child("sections")?.children(named: "section") ?? [] {
                for child in section.children where !["items", "name", "translations"].contains(child.name) {
                    keepUnknown(
                        child, path: "addon/settings/sections/section/\(child.name)", warn: true, context: "<section>")
                }
                sectionElements.append((section, section.child("items")?.children(named: "item") ?? []))
            }
        }
        var sections: [SettingsSection] = []
        var sectionSeen: [String: SourceLocation] = [:]
        var settingSeen: [String: SourceLocation] = [:]
        for (sectionElement, itemElements) in sectionElements {
            var sectionID = "general"
            if let sectionElement {
                // XmlScheme1::getSections names a section by its `name` (`id` is not read), and
                // one without a name `general`.
                let attribute = sectionElement.attribute(scheme == .v1 ? "name" : "id")
                let id = attribute?.value.trimmingXMLSpace() ?? ""
                if id.isEmpty, scheme != .v1 {
                    diagnostics.append(ManifestDiagnostics.sectionWithoutID(file, sectionElement))
                    continue
                }
                if !id.isEmpty { sectionID = id }
                if let first = sectionSeen[sectionID] {
                    diagnostics.append(
                        ManifestDiagnostics.duplicate(
                            file, kind: "section", id: sectionID, at: attribute?.valueOffset ?? sectionElement.offset,
                            first: first))
                }
                sectionSeen[sectionID] = sectionSeen[sectionID] ?? location(sectionElement.offset)
            }
            let sectionEdition = sectionElement?.attribute("edition_type").map { EditionType($0.value) } ?? edition
            var items: [SettingItem] = []
            for itemElement in itemElements {
                guard let item = readSetting(itemElement, sectionID: sectionID, inherited: sectionEdition) else {
                    continue
                }
                if let first = settingSeen[item.id] {
                    diagnostics.append(
                        ManifestDiagnostics.duplicate(
                            file, kind: "setting", id: item.id, at: itemElement.attribute("id")!.valueOffset,
                            first: first))
                }
                settingSeen[item.id] = settingSeen[item.id] ?? item.location
                items.append(item)
            }
            sections.append(
                SettingsSection(
                    id: sectionID,
                    name: scheme == .v1
                        ? (sectionID == "general" ? "General" : sectionID) : text(sectionElement?.child("name")),
                    translations: readTranslations(sectionElement?.child("translations")), editionType: sectionEdition,
                    isOutsideOfForm: !(sectionElement?[attribute: "outside_of_form"] ?? "").isEmpty, items: items,
                    location: location(sectionElement?.offset ?? element.offset)))
        }
        let tree = SettingsTree(
            layout: element[attribute: "layout"] == "separate" ? .separate : .popup, editionType: edition,
            sections: sections)
        checkParents(tree, itemElements: sectionElements.flatMap(\.1))
        return tree
    }

    static let itemChildren: Set<String> = [
        "type", "default_value", "variants", "handler", "name", "tooltip", "translations",
    ]

    mutating func readSetting(_ element: Element, sectionID: String, inherited: EditionType) -> SettingItem? {
        guard let id = element[attribute: "id"]?.trimmingXMLSpace(), !id.isEmpty else {
            diagnostics.append(ManifestDiagnostics.settingWithoutID(file, element))
            return nil
        }
        for child in element.children where !Reader.itemChildren.contains(child.name) {
            keepUnknown(child, path: "setting \(id)/\(child.name)", warn: true, context: "a setting <item>")
        }
        var type = SettingType.none
        let typeElement = element.child("type")
        if let typeElement {
            let written = typeElement.trimmedText
            if let known = SettingType(rawValue: written), known != .none {
                type = known
            } else {
                diagnostics.append(
                    ManifestDiagnostics.unknownSettingType(
                        file, written, suggestion: SettingTypeSuggestion.suggest(for: written),
                        at: typeElement.textOffset))
            }
        } else if let attribute = element.attribute("type") {
            diagnostics.append(ManifestDiagnostics.typeAttribute(file, attribute))
        } else {
            diagnostics.append(ManifestDiagnostics.missingSettingType(file, element))
        }
        let variants = (element.child("variants")?.children(named: "item") ?? []).compactMap {
            variant -> SettingVariant? in
            guard let variantID = variant[attribute: "id"] else { return nil }
            return SettingVariant(
                id: variantID, name: text(variant.child("name")),
                translations: readTranslations(variant.child("translations")),
                location: location(variant.offset))
        }
        let defaultElement = element.child("default_value")
        // `(string) $xml_node->default_value`: kept as written, blanks included.
        let defaultValue = defaultElement.map(\.text)
        if let defaultElement, let defaultValue, !defaultValue.isEmpty, !variants.isEmpty,
            type.choosesVariant || type.choosesVariants
        {
            let chosen: [String] =
                defaultValue.hasPrefix("#M#")
                ? defaultValue.dropFirst(3).split(separator: "&").map { String($0.split(separator: "=").first ?? "") }
                : [defaultValue]
            let ids = variants.map(\.id)
            let known = Set(ids)
            let missing = chosen.filter { !known.contains($0) }
            if !missing.isEmpty {
                diagnostics.append(
                    ManifestDiagnostics.defaultNotAVariant(
                        file, missing: missing, variants: ids, at: defaultElement.textOffset))
            }
        }
        return SettingItem(
            id: id, sectionID: sectionID, type: type, typeText: typeElement?.trimmedText, defaultValue: defaultValue,
            variants: variants, handler: text(element.child("handler")), parentID: element[attribute: "parent_id"],
            editionType: element.attribute("edition_type").map { EditionType($0.value) } ?? inherited,
            name: text(element.child("name")), tooltip: text(element.child("tooltip")),
            translations: readTranslations(element.child("translations")), location: location(element.offset))
    }

    mutating func checkParents(_ tree: SettingsTree, itemElements: [Element]) {
        let ids = Set(tree.allItems.map(\.id))
        for element in itemElements {
            guard let attribute = element.attribute("parent_id"), !attribute.value.isEmpty,
                !ids.contains(attribute.value)
            else { continue }
            diagnostics.append(
                ManifestDiagnostics.unknownParent(file, parent: attribute.value, at: attribute.valueOffset))
        }
    }

    // MARK: Queries, functions, texts

    mutating func readQueries(_ items: [Element]) -> [Query] {
        items.map { item in
            let mode = item.attribute("for")
            if let mode, !["install", "uninstall", "demo"].contains(mode.value) {
                diagnostics.append(
                    ManifestDiagnostics.unknownMode(file, mode, known: ["install", "uninstall", "demo"]))
            }
            return Query(
                mode: mode?.value ?? "install", editions: item[attribute: "editions"],
                isFile: item[attribute: "type"] == "file",
                lang: item[attribute: "lang"], table: item[attribute: "table"], text: item.trimmedText,
                location: location(item.textOffset), textOffsets: item.trimmedTextOffsets)
        }
    }

    mutating func readFunctions(_ element: Element?) -> [FunctionItem] {
        let modes = ["before_install", "install", "uninstall", "demo"]
        return (element?.children(named: "item") ?? []).map { item in
            let mode = item.attribute("for")
            if let mode, !modes.contains(mode.value) {
                diagnostics.append(ManifestDiagnostics.unknownMode(file, mode, known: modes))
            }
            return FunctionItem(
                mode: mode?.value ?? "install", name: item.trimmedText, location: location(item.textOffset))
        }
    }

    func readTranslations(_ element: Element?) -> [Translation] {
        (element?.children(named: "item") ?? []).map {
            Translation(field: $0[attribute: "for"] ?? "name", lang: $0[attribute: "lang"] ?? "", text: $0.trimmedText)
        }
    }

    /// Tables that install queries create and no uninstall query drops.
    mutating func checkDroppedTables(_ queries: [Query]) {
        // Lower-cased, as MySQL's case-insensitive lookups compare names.
        var dropped: Set<String> = []
        for query in queries where query.mode == "uninstall" && !query.isFile {
            for name in SQLTableNames.dropped(in: query.text) { dropped.insert(name.text.lowercased()) }
        }
        for query in queries where query.mode == "install" && !query.isFile {
            for name in SQLTableNames.created(in: query.text) where !dropped.contains(name.text.lowercased()) {
                let offset =
                    query.textOffsets?.fileOffset(of: name.offset) ?? (query.location.offset ?? 0) + name.offset
                diagnostics.append(ManifestDiagnostics.tableNotDropped(file, table: name.text.lowercased(), at: offset))
            }
        }
    }

    func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { String($0).trimmingXMLSpace() }.filter { !$0.isEmpty }
    }

    /// PHP's `(int)` cast: leading digits (with sign), else 0.
    func phpInt(_ text: String?) -> Int {
        guard let text else { return 0 }
        let prefix = text.prefix { $0.isNumber || $0 == "-" || $0 == "+" }
        return Int(prefix) ?? 0
    }
}

/// What a developer most likely meant by a setting type CS-Cart does not know.
enum SettingTypeSuggestion {
    static let known: [String: String] = [
        "text": "\"input\" (one line) or \"textarea\" (several lines)",
        "inputbox": "\"input\"",
        "string": "\"input\"",
        "select": "\"selectbox\"",
        "radio": "\"radiogroup\"",
        "bool": "\"checkbox\"",
        "boolean": "\"checkbox\"",
    ]

    static func suggest(for written: String) -> String? {
        let lowered = written.lowercased()
        if let hint = known[lowered] { return hint }
        let spaced = String(lowered.map { $0 == "_" || $0 == "-" ? " " : $0 })
        if let type = SettingType(rawValue: spaced), type != .none { return "\"\(type.rawValue)\" (with a space)" }
        let underscored = String(lowered.map { $0 == " " ? "_" : $0 })
        if let type = SettingType(rawValue: underscored), type != .none { return "\"\(type.rawValue)\"" }
        if let type = SettingType(rawValue: lowered), type != .none { return "\"\(type.rawValue)\" (lower case)" }
        let close = SettingType.allCases.filter { $0 != .none && distance(lowered, $0.rawValue) <= 2 }
        return close.isEmpty ? nil : close.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where i <= a.count {
            var previous = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where j <= b.count {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}

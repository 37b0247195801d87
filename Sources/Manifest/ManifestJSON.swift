public import Basics

extension AddonManifest {
    /// The model as JSON, keys in a fixed order (for `addon validate --json`).
    public var json: JSONValue {
        .object([
            ("id", .string(id)), ("scheme", .string(scheme.rawValue)), ("version", optional(version)),
            ("priority", .int(priority)), ("status", .string(status.rawValue)),
            ("defaultLanguage", optional(defaultLanguage)), ("name", optional(name)),
            ("description", optional(description)), ("hasIcon", .bool(hasIcon)), ("supplier", optional(supplier)),
            ("editionType", optional(editionType?.description)),
            ("compatibility", compatibility.json),
            ("settings", settings?.json ?? .null),
            ("queries", .array(queries.map(\.json))),
            ("functions", .array(functions.map { .object([("for", .string($0.mode)), ("name", .string($0.name))]) })),
            ("translations", .array(translations.map(\.json))),
            ("languageVariables", .int(languageVariables.count)),
            (
                "autoload",
                .array(autoload.map { .object([("prefix", .string($0.prefix)), ("folder", .string($0.folder))]) })
            ),
            ("bootstrap", optional(bootstrap)), ("installer", optional(installer)),
            ("authors", .array(authors.map { .object([("name", optional($0.name)), ("email", optional($0.email))]) })),
            (
                "unknownElements",
                .array(unknownElements.map { .object([("path", .string($0.path)), ("line", .int($0.location.line))]) })
            ),
        ])
    }
}

extension Compatibility {
    var json: JSONValue {
        .object([
            ("coreVersionMin", optional(coreVersionMin?.text)), ("coreVersionMax", optional(coreVersionMax?.text)),
            ("editions", .array(editions.map(JSONValue.string))),
            ("phpVersionMin", optional(phpVersionMin)), ("phpVersionMax", optional(phpVersionMax)),
            ("phpExtensions", .array(phpExtensions.map { .string($0.name) })),
            ("dependencies", .array(dependencies.map(JSONValue.string))),
            ("conflicts", .array(conflicts.map(JSONValue.string))),
        ])
    }
}

extension SettingsTree {
    var json: JSONValue {
        .object([
            ("layout", .string(layout.rawValue)), ("editionType", .string(editionType.description)),
            (
                "sections",
                .array(
                    sections.map { section in
                        .object([
                            ("id", .string(section.id)), ("editionType", .string(section.editionType.description)),
                            ("outsideOfForm", .bool(section.isOutsideOfForm)),
                            ("items", .array(section.items.map(\.json))),
                        ])
                    })
            ),
        ])
    }
}

extension SettingItem {
    var json: JSONValue {
        .object([
            ("id", .string(id)), ("type", .string(type.rawValue)), ("letter", .string(type.letter)),
            ("defaultValue", optional(defaultValue)), ("variants", .array(variants.map { .string($0.id) })),
            ("handler", optional(handler)), ("parentID", optional(parentID)),
            ("editionType", .string(editionType.description)), ("overridable", .bool(isOverridable)),
            ("line", .int(location.line)),
        ])
    }
}

extension Query {
    var json: JSONValue {
        .object([
            ("for", .string(mode)), ("editions", optional(editions)), ("file", .bool(isFile)), ("lang", optional(lang)),
            ("table", optional(table)), ("line", .int(location.line)),
        ])
    }
}

extension Translation {
    var json: JSONValue { .object([("for", .string(field)), ("lang", .string(lang)), ("text", .string(text))]) }
}

private func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

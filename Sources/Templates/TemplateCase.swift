public import Basics

/// A comparison case in the format of the Smarty oracle (`smarty-render CASE.json`): templates,
/// the one to render, variables, language variables and `escape_html`. Lets the conformance
/// tests and `addonhost template render --case` render exactly what Smarty renders.
public struct TemplateCase: Sendable {
    public var templates: [String: String]
    public var template: String
    public var variables: [String: Value]
    public var languageVariables: [String: String]
    public var escapeHTML: Bool

    /// Reads a case; a malformed one is a `Diagnostic` at the file.
    public init(file: SourceFile) throws {
        let json = try JSONValue.parse(file)
        guard case .object(let fields) = json["templates"], let template = json["template"]?.stringValue else {
            throw TemplateProblem.badCase.diagnostic(in: file, at: 0)
        }
        templates = Dictionary(fields.map { ($0.0, $0.1.stringValue ?? "") }, uniquingKeysWith: { $1 })
        self.template = template
        variables = [:]
        if case .object(let vars) = json["vars"] { for (key, value) in vars { variables[key] = Value(json: value) } }
        languageVariables = [:]
        if case .object(let langvars) = json["langvars"] {
            for (key, value) in langvars { languageVariables[key] = value.stringValue ?? "" }
        }
        escapeHTML = true
        if case .bool(let flag) = json["escape_html"] { escapeHTML = flag }
    }

    /// An engine over the case's templates.
    public func engine() -> TemplateEngine { TemplateEngine(source: MemoryTemplateSource(templates)) }

    /// A context with the oracle's `__()` (a missing name prints as itself), based on `base`.
    public func context(_ base: RenderContext = RenderContext()) -> RenderContext {
        var context = base
        let dictionary = languageVariables
        context.translate = { dictionary[$0] ?? $0 }
        context.escapeHTML = escapeHTML
        return context
    }
}

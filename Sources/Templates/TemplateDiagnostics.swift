import Basics

/// The template module's catalogue of problems, each with a stable id.
enum TemplateProblem {
    case unknownTag(String)
    case unknownModifier(String)
    case unknownFunction(String)
    case unknownLoopProperty(String)
    case unknownSmartyVariable(String)
    case unclosed(String)
    case unexpectedClose(String)
    case unclosedComment
    case unclosedTag
    case unclosedString
    case missingAttribute(String, tag: String)
    case expected(String)
    case templateNotFound(String)
    case includeOutsideTemplates(String)
    case includeTooDeep(String)
    /// An expression or block nested beyond the parser's limit (what, the limit).
    case nestingTooDeep(String, limit: Int)
    /// An include whose blocks, with the includers', go past the renderer's limit.
    case includeNestsTooDeep(String, limit: Int)
    /// A render past one of `RenderLimits` (what it did).
    case renderLimit(String)
    case badArgument(String)
    case unknownMathVariable(String)
    case badCase

    static let knownTags = [
        "assign", "break", "capture", "continue", "else", "elseif", "foreach", "foreachelse", "hook", "if", "include",
        "ldelim", "literal", "math", "rdelim", "script", "section", "sectionelse", "strip", "style",
    ]

    var id: DiagnosticID {
        switch self {
        case .unknownTag: "templates.unknown-tag"
        case .unknownModifier: "templates.unknown-modifier"
        case .unknownFunction: "templates.unknown-function"
        case .unknownLoopProperty, .unknownSmartyVariable: "templates.unknown-variable"
        case .unclosed, .unclosedComment, .unclosedTag, .unclosedString: "templates.unclosed"
        case .unexpectedClose: "templates.unexpected-tag"
        case .missingAttribute: "templates.missing-attribute"
        case .expected: "templates.syntax"
        case .templateNotFound: "templates.not-found"
        case .includeOutsideTemplates: "templates.include-outside"
        case .includeTooDeep: "templates.include-depth"
        case .nestingTooDeep, .includeNestsTooDeep: "templates.nesting-too-deep"
        case .renderLimit: "templates.render-limit"
        case .badArgument: "templates.bad-argument"
        case .unknownMathVariable: "templates.unknown-variable"
        case .badCase: "templates.bad-case"
        }
    }

    var message: String {
        switch self {
        case .unknownTag(let name): "unknown tag '{\(name)}'"
        case .unknownModifier(let name): "unknown modifier '|\(name)'"
        case .unknownFunction(let name): "unknown function '\(name)'"
        case .unknownLoopProperty(let name): "unknown loop property '\(name)'"
        case .unknownSmartyVariable(let name): "unknown special variable '$smarty.\(name)'"
        case .unclosed(let name): "'{\(name)}' is never closed"
        case .unexpectedClose(let name): "'{\(name)}' without a matching opening tag"
        case .unclosedComment: "comment '{*' is never closed with '*}'"
        case .unclosedTag: "tag is never closed with '}'"
        case .unclosedString: "string is never closed"
        case .missingAttribute(let attribute, let tag): "'{\(tag)}' needs the attribute '\(attribute)'"
        case .expected(let what): "expected \(what)"
        case .templateNotFound(let name): "template '\(name)' not found"
        case .includeOutsideTemplates(let name):
            "'\(name)' is not below the templates folder: an include may not start with '/' or go up with '..'"
        case .includeTooDeep(let name): "including '\(name)' nests too deep (an include loop?)"
        case .nestingTooDeep(let what, let limit): "this \(what) nests too deep: more than \(limit) levels"
        case .includeNestsTooDeep(let name, let limit):
            "including '\(name)' here nests too deep: more than \(limit) levels of blocks across the includes"
        case .badArgument(let what), .renderLimit(let what): what
        case .badCase: "not a template case: it needs \"templates\" and \"template\""
        case .unknownMathVariable(let name): "'\(name)' in the equation is not given as an attribute of '{math}'"
        }
    }

    var hint: String? {
        switch self {
        case .unknownTag: "known tags: " + Self.knownTags.map { "{\($0)}" }.joined(separator: ", ")
        case .unknownModifier: "known modifiers: " + Modifier.allCases.map(\.rawValue).sorted().joined(separator: ", ")
        case .unknownFunction: "known functions: " + Function.allCases.map(\.rawValue).sorted().joined(separator: ", ")
        case .unknownLoopProperty: "known: " + LoopProperty.allCases.map(\.rawValue).joined(separator: ", ")
        case .unknownSmartyVariable:
            "known: $smarty.foreach, $smarty.section, $smarty.capture, $smarty.const, $smarty.request, $smarty.now"
        case .unclosed(let name): "add '{/\(name)}'"
        case .templateNotFound: "template names are relative to the templates folder"
        case .includeOutsideTemplates:
            "name the template from the templates folder, as in addons/<id>/views/x.tpl; an add-on's template may not read other files"
        case .nestingTooDeep, .includeNestsTooDeep:
            "no real template nests this deep; the limit keeps hostile ones from exhausting the stack"
        case .renderLimit:
            "no real page comes near; the limit stops a template that loops or grows without end, as PHP's time and memory limits do"
        case .badCase: "the format is described at the top of the smarty-render oracle"
        case .unknownMathVariable(let name):
            "add \(name)=… to the tag; functions: " + MathFunction.allCases.map(\.rawValue).joined(separator: ", ")
        default: nil
        }
    }

    func diagnostic(in file: SourceFile, at offset: Int, notes: [Diagnostic.Note] = []) -> Diagnostic {
        file.diagnostic(id, .error, message, at: offset, hint: hint, notes: notes)
    }
}

extension TemplateProblem: Error {}

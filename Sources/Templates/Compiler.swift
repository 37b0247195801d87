import Basics
import Foundation

/// A compiled node sequence: renders into the renderer's buffer and tells an enclosing loop
/// whether to break or continue.
typealias Block = @Sendable (Renderer, Scope) throws -> Flow
/// A compiled expression.
typealias Evaluation = @Sendable (Renderer, Scope) throws -> Value
/// A compiled expression used only for its truthiness, as `{if}` uses it.
typealias Condition = @Sendable (Renderer, Scope) throws -> Bool
typealias CompiledForeach = Foreach<Evaluation, Block>
typealias CompiledSection = Section<Evaluation, Block>

/// Lowers a parsed tree to closures, once per template. Each closure holds its operands already
/// resolved (slots, key paths, modifier arguments that are literals), so a render neither
/// switches over the tree nor copies its nodes and their values, which cost more than the work.
enum Compiler {
    static func block(_ nodes: [Node]) -> Block {
        let steps = sequence(nodes[...])
        return { renderer, scope in
            renderer.depth += 1
            defer { renderer.depth -= 1 }
            return try steps(renderer, scope)
        }
    }

    /// Nodes run one after another until one breaks or continues a loop: closures that call
    /// up to four parts, not a loop over an array of closures, because calling a captured
    /// closure costs no reference counting and no conversion, and taking one out of an array
    /// costs both. Four parts, not two, make a third as many calls between the nodes; the
    /// nesting (the stack a render needs) stays logarithmic.
    private static func sequence(_ nodes: ArraySlice<Node>) -> Block {
        switch nodes.count {
        case 0: return { _, _ in .normal }
        case 1: return step(nodes[nodes.startIndex])
        default: break
        }
        let count = min(4, nodes.count)
        // The parts are made one by one: closures kept in an array would be called through thunks.
        func part(_ index: Int) -> Block {
            sequence(nodes[nodes.startIndex + nodes.count * index / count ..< nodes.startIndex + nodes.count * (index + 1) / count])
        }
        switch count {
        case 2:
            let (a, b) = (part(0), part(1))
            return { renderer, scope in
                let flow = try a(renderer, scope)
                return flow == .normal ? try b(renderer, scope) : flow
            }
        case 3:
            let (a, b, c) = (part(0), part(1), part(2))
            return { renderer, scope in
                var flow = try a(renderer, scope)
                if flow == .normal { flow = try b(renderer, scope) }
                return flow == .normal ? try c(renderer, scope) : flow
            }
        default:
            let (a, b, c, d) = (part(0), part(1), part(2), part(3))
            return { renderer, scope in
                var flow = try a(renderer, scope)
                if flow == .normal { flow = try b(renderer, scope) }
                if flow == .normal { flow = try c(renderer, scope) }
                return flow == .normal ? try d(renderer, scope) : flow
            }
        }
    }

    // MARK: - Nodes

    private static func step(_ node: Node) -> Block {
        switch node {
        case .text(let text):
            return { renderer, _ in
                text.withUnsafeBufferPointer { renderer.out.append($0) }
                return .normal
            }
        case .print(let expr, let escape):
            return printing(expr, escape: escape)
        case .translation(let key, let escape):
            return { renderer, _ in
                renderer.appendTranslation(key, escape: escape && renderer.escapeHTML)
                return .normal
            }
        case .conditional(let branches, let otherwise):
            return conditional(branches[...], otherwise: otherwise.map(block))
        case .foreach(let loop):
            let loop = loop.map(expression, block)
            return { renderer, scope in
                try renderer.render(loop, scope)
                return .normal
            }
        case .section(let section):
            let section = section.map(expression, block)
            return { renderer, scope in
                try renderer.render(section, scope)
                return .normal
            }
        case .breakLoop:
            return { _, _ in .breakLoop }
        case .continueLoop:
            return { _, _ in .continueLoop }
        case .math(let equation, let format, let assign, let operands):
            let equation = expression(equation)
            let format = format.map(expression)
            let operands = operands.map(expression)
            return { renderer, scope in
                // Smarty's function.math prints nothing (a PHP warning) for an empty or non-numeric
                // variable; printed, a string would reach the page unescaped.
                for operand in operands where !(try operand(renderer, scope)).isNumeric { return .normal }
                var result = try equation(renderer, scope)
                if let format {
                    result = .string(PHPStrings.sprintf(try format(renderer, scope).phpString, result))
                }
                if let assign { scope[assign] = result } else { result.appendPHPString(to: &renderer.out, escape: false) }
                return .normal
            }
        case .assign(let slot, let path, let appending, let value):
            let value = expression(value)
            if path.isEmpty, !appending {
                return { renderer, scope in
                    scope[slot] = try value(renderer, scope)
                    return .normal
                }
            }
            let path = path.map(CompiledAccess.init)
            return { renderer, scope in
                let value = try value(renderer, scope)
                let keys = try path.map { try $0.key(renderer, scope) }
                Renderer.assign(value, to: &scope[slot], at: keys[...], appending: appending)
                return .normal
            }
        case .capture(let name, let assign, let body):
            let name = name.map(expression)
            let body = block(body)
            return { renderer, scope in
                let text = try renderer.captured(body, scope)
                if let name { renderer.captures[try name(renderer, scope).phpString] = .string(text) }
                if let assign { scope[assign] = .string(text) }
                return .normal
            }
        case .include(let file, let params, let assign, let offset):
            // Smarty without a security policy includes any file; an add-on's template is not to
            // show the machine's files (`/etc/passwd`, `../../store.db`) on the admin's page. A
            // literal name is checked once, here.
            var literalLeaves: Bool?
            if case .literal(let name) = file { literalLeaves = Renderer.leavesTheFolder(name.phpString) }
            let file = expression(file)
            let params = params.map { (name: $0.0, value: expression($0.1)) }
            return { [literalLeaves] renderer, scope in
                let name = try file(renderer, scope).phpString
                if literalLeaves ?? Renderer.leavesTheFolder(name) {
                    throw renderer.error(.includeOutsideTemplates(name), at: offset)
                }
                let parameters = try params.map { ($0.name, try $0.value(renderer, scope)) }
                let resolved = renderer.context.overrides?.override(for: name) ?? name
                if let assign {
                    scope[assign] = .string(
                        try renderer.captured { try renderer.include(resolved, scope, parameters, offset: offset) })
                } else {
                    try renderer.include(resolved, scope, parameters, offset: offset)
                }
                return .normal
            }
        case .hook(let name, let body, let offset):
            let body = block(body)
            return { renderer, scope in
                try renderer.renderHook(name, body: body, offset: offset, scope)
                return .normal
            }
        case .script(let src):
            return asset(src, prefix: "<script type=\"text/javascript\" src=\"", suffix: "\"></script>")
        case .style(let src):
            return asset(src, prefix: "<link type=\"text/css\" rel=\"stylesheet\" href=\"", suffix: "\" />")
        }
    }

    /// `{if}…{elseif}…{else}`, each branch a closure that tries the next. A long chain (which
    /// real templates do not write) is tried in a loop instead, so its depth cannot exhaust the stack.
    private static func conditional(
        _ branches: ArraySlice<(condition: Expr, body: [Node])>, otherwise: Block?
    ) -> Block {
        guard let first = branches.first else { return otherwise ?? { _, _ in .normal } }
        if branches.count > 8 {
            let tests = branches.map { (condition: condition($0.condition), body: block($0.body)) }
            return { renderer, scope in
                for branch in tests where try branch.condition(renderer, scope) {
                    return try branch.body(renderer, scope)
                }
                return try otherwise?(renderer, scope) ?? .normal
            }
        }
        let test = condition(first.condition), body = block(first.body)
        guard branches.count > 1 || otherwise != nil else {
            return { renderer, scope in try test(renderer, scope) ? body(renderer, scope) : .normal }
        }
        let next = conditional(branches.dropFirst(), otherwise: otherwise)
        return { renderer, scope in try test(renderer, scope) ? body(renderer, scope) : next(renderer, scope) }
    }

    /// `{$x}`: a variable path prints in place, without copying the value out of its maps, and a
    /// translation with placeholders without building its string.
    private static func printing(_ expr: Expr, escape: Bool) -> Block {
        if case .call(.translate, let args, _) = expr, let block = printedTranslation(args, escape: escape) {
            return block
        }
        if case .variable(let slot, let path) = expr, let keys = CompiledAccess.keys(path) {
            return { renderer, scope in
                scope.withValue(slot, at: keys) {
                    $0.appendPHPString(to: &renderer.out, escape: escape && renderer.escapeHTML)
                }
                return .normal
            }
        }
        let value = expression(expr)
        return { renderer, scope in
            try value(renderer, scope).appendPHPString(to: &renderer.out, escape: escape && renderer.escapeHTML)
            return .normal
        }
    }

    private static func asset(_ src: Expr, prefix: StaticString, suffix: StaticString) -> Block {
        let src = expression(src)
        return { renderer, scope in
            prefix.withUTF8Buffer { renderer.out.append($0) }
            HTML.appendEscaped(renderer.location(of: try src(renderer, scope).phpString), to: &renderer.out)
            suffix.withUTF8Buffer { renderer.out.append($0) }
            return .normal
        }
    }

    // MARK: - Conditions

    /// An expression for its truthiness: comparisons and logic give a `Bool` without making a
    /// `Value` of it, and a variable path is tested in place.
    static func condition(_ expr: Expr) -> Condition {
        switch expr {
        case .variable(let slot, let path):
            guard let keys = CompiledAccess.keys(path) else { break }
            return { _, scope in scope.withValue(slot, at: keys) { $0.isTruthy } }
        case .not(let inner):
            let inner = condition(inner)
            return { try !inner($0, $1) }
        case .binary(let op, let l, let r):
            if op == .and || op == .or {
                let l = condition(l), r = condition(r)
                if op == .and { return { try l($0, $1) && r($0, $1) } }
                return { try l($0, $1) || r($0, $1) }
            }
            guard let test = comparison(op) else { break }
            let l = expression(l)
            if case .literal(let constant) = r {
                return { test(try l($0, $1), constant) }
            }
            let r = expression(r)
            return { test(try l($0, $1), try r($0, $1)) }
        default:
            break
        }
        let value = expression(expr)
        return { try value($0, $1).isTruthy }
    }

    private static func comparison(_ op: BinaryOperator) -> (@Sendable (Value, Value) -> Bool)? {
        switch op {
        case .equal: { $0.looseEquals($1) }
        case .notEqual: { !$0.looseEquals($1) }
        case .identical: { $0.strictEquals($1) }
        case .notIdentical: { !$0.strictEquals($1) }
        // PHP evaluates `a > b` as `b < a`, and `a >= b` as `b <= a`.
        case .less: { $0.compare($1) < 0 }
        case .greater: { $1.compare($0) < 0 }
        case .lessEqual: { $0.compare($1) <= 0 }
        case .greaterEqual: { $1.compare($0) <= 0 }
        case .and, .or, .plus, .minus, .times, .divide, .modulo: nil
        }
    }

    // MARK: - Expressions

    static func expression(_ expr: Expr) -> Evaluation {
        switch expr {
        case .literal(let value):
            return { _, _ in value }
        case .variable(let slot, let path):
            if path.isEmpty { return { _, scope in scope[slot] } }
            if let keys = CompiledAccess.keys(path) {
                return { _, scope in scope.withValue(slot, at: keys) { $0 } }
            }
            let path = path.map(CompiledAccess.init)
            return { renderer, scope in try renderer.walk(scope[slot], path, scope) }
        case .loopProperty(let item, let property):
            return { renderer, _ in renderer.itemLoops[item]?.value(property) ?? .null }
        case .smartyForeach(let name, let property, let path):
            let path = path.map(CompiledAccess.init)
            return { renderer, scope in
                try renderer.walk(renderer.namedLoops[name]?.value(property) ?? .null, path, scope)
            }
        case .smartyCapture(let name, let path):
            let path = path.map(CompiledAccess.init)
            return { renderer, scope in try renderer.walk(renderer.captures[name] ?? .null, path, scope) }
        case .smartyConst(let name):
            return { renderer, _ in renderer.context.constants[name] ?? .null }
        case .smartyRequest(let path):
            let path = path.map(CompiledAccess.init)
            return { renderer, scope in
                let request = renderer.context.request.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
                return try renderer.walk(.map(OrderedMap(request)), path, scope)
            }
        case .array(let items):
            let items = items.map { (key: $0.key.map(expression), value: expression($0.value)) }
            return { renderer, scope in
                Evaluator.buildArray(
                    try items.map { (try $0.key?(renderer, scope), try $0.value(renderer, scope)) })
            }
        case .not, .binary(.and, _, _), .binary(.or, _, _):
            return truth(expr)
        case .binary(let op, let l, let r):
            if comparison(op) != nil { return truth(expr) }
            let l = expression(l), r = expression(r)
            return { Evaluator.arithmetic(op, try l($0, $1), try r($0, $1)) }
        case .negate(let inner):
            let inner = expression(inner)
            return { Evaluator.arithmetic(.minus, .int(0), try inner($0, $1)) }
        case .modifier(let modifier, let base, let args, let offset):
            return modified(modifier, expression(base), args, offset: offset)
        case .call(let function, let args, let offset):
            return call(function, args, offset: offset)
        case .interpolated(let parts, let offset):
            let parts = parts.map(expression)
            return { renderer, scope in
                var text = ""
                for part in parts {
                    text += try part(renderer, scope).phpString
                    if text.utf8.count > RenderLimits.bytes { throw renderer.textTooLarge(at: offset) }
                }
                return .string(text)
            }
        case .ternary(let condition, let then, let otherwise):
            let test = self.condition(condition), then = expression(then), otherwise = expression(otherwise)
            return { try test($0, $1) ? then($0, $1) : otherwise($0, $1) }
        case .parity(let test, let base, let by, let negated):
            let base = expression(base)
            let by = by.map(expression)
            return { renderer, scope in
                var value = try base(renderer, scope)
                let result: Bool
                switch test {
                case .even, .odd:
                    if let by { value = Evaluator.arithmetic(.divide, value, try by(renderer, scope)) }
                    let odd = value.phpInt & 1 == 1
                    result = test == .odd ? odd : !odd
                case .divisible:
                    let divisor = try by.map { try $0(renderer, scope).phpInt } ?? 1
                    result = Evaluator.modulo(value.phpInt, divisor) == .int(0)
                }
                return .bool(result != negated)
            }
        case .tagOutput(let expr, let escape):
            let expr = expression(expr)
            return { renderer, scope in
                let text = try expr(renderer, scope).phpString
                return .string(escape && renderer.escapeHTML ? HTML.escape(text) : text)
            }
        case .smartyNow:
            return { _, _ in .int(Int(Date().timeIntervalSince1970)) }
        case .translationKey(let key):
            let text = Value.string(key.text)
            return { _, _ in text }
        case .smartySection(let name, let property):
            return { renderer, _ in renderer.sections[name]?.value(property) ?? .null }
        case .mathCall(let function, let args):
            let args = args.map(expression)
            return { renderer, scope in Evaluator.math(function, try args.map { try $0(renderer, scope) }) }
        }
    }

    /// A condition as a value, for comparisons and logic used outside `{if}`.
    private static func truth(_ expr: Expr) -> Evaluation {
        let test = condition(expr)
        return { .bool(try test($0, $1)) }
    }

    /// `$x|name:args`: arguments that are literals are made into values once.
    private static func modified(_ modifier: Modifier, _ base: @escaping Evaluation, _ args: [Expr], offset: Int)
        -> Evaluation
    {
        let constants = args.compactMap { arg -> Value? in
            if case .literal(let value) = arg { return value }
            return nil
        }
        let arguments: @Sendable (Renderer, Scope) throws -> [Value]
        if constants.count == args.count {
            arguments = { _, _ in constants }
        } else {
            let args = args.map(expression)
            arguments = { renderer, scope in try args.map { try $0(renderer, scope) } }
        }
        return { renderer, scope in
            let value = try base(renderer, scope)
            let arguments = try arguments(renderer, scope)
            let result: Value
            do {
                result = try modifier.apply(to: value, arguments, context: renderer.context)
            } catch let limit as LimitExceeded {
                throw renderer.error(.renderLimit(limit.message), at: offset)
            } catch let problem as ModifierError {
                throw renderer.error(.badArgument(problem.message), at: offset)
            }
            if case .string(let text) = result, text.utf8.count > RenderLimits.bytes {
                throw renderer.textTooLarge(at: offset)
            }
            return result
        }
    }

    private static func call(_ function: Function, _ args: [Expr], offset: Int) -> Evaluation {
        switch function {
        case .isset:
            let args = args.map(expression)
            return { renderer, scope in .bool(try args.allSatisfy { try $0(renderer, scope) != .null }) }
        case .empty:
            let first = args.first.map(condition)
            return { renderer, scope in .bool(!(try first?(renderer, scope) ?? false)) }
        case .translate:
            return translation(args, offset: offset)
        default:
            break
        }
        let args = args.map(expression)
        return { renderer, scope in
            let values = try args.map { try $0(renderer, scope) }
            func argument(_ i: Int) -> Value { i < values.count ? values[i] : .null }
            let context = renderer.context
            switch function {
            case .fnURL: return try Modifier.fnURL.apply(to: argument(0), [], context: context)
            case .fnAllowedFor: return try Modifier.fnAllowedFor.apply(to: argument(0), [], context: context)
            case .count, .sizeof: return try Modifier.count.apply(to: argument(0), [], context: context)
            case .inArray: return try Modifier.inArray.apply(to: argument(0), [argument(1)], context: context)
            case .implode: return try Modifier.implode.apply(to: argument(0), [argument(1)], context: context)
            case .isArray: return .bool(argument(0).isArray)
            case .intval: return .int(argument(0).phpInt)
            case .translate, .isset, .empty: return .null
            }
        }
    }

    /// `__("name", …)`.
    private static func translation(_ args: [Expr], offset: Int) -> Evaluation {
        let text = translationText(args[0])
        if args.count == 1 { return { .string(try text($0, $1)) } }
        if let placeholders = placeholders(args) {
            let replacements = replacements(placeholders)
            return { renderer, scope in
                .string(
                    try renderer.substituting(
                        try replacements(renderer, scope), in: try text(renderer, scope), at: offset))
            }
        }
        let params = args.dropFirst().map(expression)
        return { renderer, scope in
            let text = try text(renderer, scope)
            let params = try params.map { try $0(renderer, scope) }
            return .string(try renderer.applying(params.first, to: text, at: offset))
        }
    }

    /// `{__("k", ["[x]" => …])}`: the text goes to the output in the pieces strtr splits it into,
    /// without building a string. Escaping works byte by byte, so escaping each piece escapes the whole.
    private static func printedTranslation(_ args: [Expr], escape: Bool) -> Block? {
        guard let placeholders = placeholders(args) else { return nil }
        let substitute = substitution(placeholders)
        let text = translationText(args[0])
        return { renderer, scope in
            let text = try text(renderer, scope)
            let escape = escape && renderer.escapeHTML
            func write(_ piece: UnsafeBufferPointer<UInt8>) {
                if escape { HTML.appendEscaped(piece, to: &renderer.out) } else { renderer.out.append(piece) }
            }
            if try !substitute(renderer, scope, text, write) {
                var text = text
                text.withUTF8(write)
            }
            return .normal
        }
    }

    private static func translationText(_ name: Expr) -> @Sendable (Renderer, Scope) throws -> String {
        if case .translationKey(let key) = name, key.id != nil {
            return { renderer, _ in renderer.translation(key) }
        }
        let name = expression(name)
        return { renderer, scope in renderer.translation(try name(renderer, scope).phpString) }
    }

    /// The strtr pairs of `__("k", ["[x]" => …])`, evaluated without building the array value.
    private static func replacements(_ placeholders: [(key: String, value: Evaluation)])
        -> @Sendable (Renderer, Scope) throws -> [(String, String)]
    {
        { renderer, scope in try placeholders.map { ($0.key, try $0.value(renderer, scope).phpString) } }
    }

    /// strtr by the placeholders, writing a text's pieces; false, and nothing written, when no key
    /// occurs in it. The usual one placeholder builds no array of pairs.
    private static func substitution(_ placeholders: [(key: String, value: Evaluation)])
        -> @Sendable (Renderer, Scope, String, (UnsafeBufferPointer<UInt8>) -> Void) throws -> Bool
    {
        if placeholders.count == 1, let (key, value) = placeholders.first {
            return { renderer, scope, text, write in
                text.writingReplacements(of: key, with: try value(renderer, scope).phpString, to: write)
            }
        }
        let replacements = replacements(placeholders)
        return { renderer, scope, text, write in
            PHPStrings.strtr(text, try replacements(renderer, scope), write: write)
        }
    }

    /// The placeholders of `__("k", ["[x]" => …])`, the usual form: distinct literal string keys
    /// with their values compiled; nil for other arguments.
    private static func placeholders(_ args: [Expr]) -> [(key: String, value: Evaluation)]? {
        guard args.count == 2, case .array(let items) = args[1] else { return nil }
        var pairs: [(key: String, value: Evaluation)] = []
        for item in items {
            guard case .literal(.string(let key))? = item.key, Value.mapKey(key) != .int(0),
                !pairs.contains(where: { $0.key == key })
            else { return nil }
            pairs.append((key, expression(item.value)))
        }
        return pairs
    }
}

/// A step of a variable path with its index expression compiled.
enum CompiledAccess: Sendable {
    case key(String)
    case index(Evaluation)

    init(_ access: Access) {
        switch access {
        case .key(let key): self = .key(key)
        case .index(let expr): self = .index(Compiler.expression(expr))
        }
    }

    /// The keys of a path written with dots only (`$a.b.c`), the usual kind; nil for others.
    static func keys(_ path: [Access]) -> [MapKey]? {
        var keys: [MapKey] = []
        for access in path {
            guard case .key(let key) = access else { return nil }
            keys.append(MapKey(key))
        }
        return keys
    }

    /// The key as `{$x.a.b = v}` assigns it.
    func key(_ renderer: Renderer, _ scope: Scope) throws -> String {
        switch self {
        case .key(let key): key
        case .index(let index): try index(renderer, scope).phpString
        }
    }
}

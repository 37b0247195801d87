import Basics
import Foundation

/// The variables of one template: an include gets a copy, so its assignments stay local.
final class Scope {
    @exclusivity(unchecked) var vars: [String: Value]
    init(_ vars: [String: Value]) { self.vars = vars }
}

/// Loop facts for `@first` and `$smarty.foreach.N.*`.
struct LoopState {
    var index = 0
    var total = 0
    var key: Value = .null

    func value(_ property: LoopProperty) -> Value {
        switch property {
        case .first: .bool(index == 0)
        case .last: .bool(index == total - 1)
        case .iteration: .int(index + 1)
        case .index: .int(index)
        case .total: .int(total)
        case .show: .bool(total > 0)
        case .key: key
        }
    }
}

/// One render: writes every node into one byte buffer.
final class Renderer {
    let engine: TemplateEngine
    let context: RenderContext
    // Only this render touches these (a renderer is never shared), so the runtime's
    // exclusivity checks on every access are pure cost.
    @exclusivity(unchecked) var out: [UInt8] = []
    @exclusivity(unchecked) var captures: [String: Value] = [:]
    @exclusivity(unchecked) var namedLoops: [String: LoopState] = [:]
    @exclusivity(unchecked) var itemLoops: [String: LoopState] = [:]
    /// Templates being rendered, innermost last, with the offset of the tag that entered the next.
    var stack: [(template: CompiledTemplate, offset: Int)] = []

    init(engine: TemplateEngine, context: RenderContext) {
        self.engine = engine
        self.context = context
        out.reserveCapacity(4096)
    }

    func run(_ template: CompiledTemplate, scope: Scope) throws {
        guard stack.count < 64 else { throw error(.includeTooDeep(template.name), at: stack.last?.offset ?? 0) }
        stack.append((template, 0))
        defer { stack.removeLast() }
        try render(template.body, scope)
    }

    func render(_ nodes: [Node], _ scope: Scope) throws {
        for node in nodes {
            switch node {
            case .text(let text):
                out.append(contentsOf: text.utf8)
            case .print(let expr, let escape):
                try evaluate(expr, scope).appendPHPString(to: &out, escape: escape)
            case .conditional(let branches, let otherwise):
                if let branch = try branches.first(where: { try evaluate($0.condition, scope).isTruthy }) {
                    try render(branch.body, scope)
                } else if let otherwise {
                    try render(otherwise, scope)
                }
            case .foreach(let loop):
                try renderForeach(loop, scope)
            case .assign(let name, let path, let valueExpr):
                let value = try evaluate(valueExpr, scope)
                if path.isEmpty {
                    scope.vars[name] = value
                } else {
                    let keys = try path.map { access -> String in
                        switch access {
                        case .key(let k): k
                        case .index(let e): try evaluate(e, scope).phpString
                        }
                    }
                    scope.vars[name] = Renderer.setting(scope.vars[name] ?? .null, keys[...], to: value)
                }
            case .capture(let nameExpr, let assign, let body):
                let text = try renderCaptured(body, scope)
                if let nameExpr { captures[try evaluate(nameExpr, scope).phpString] = .string(text) }
                if let assign { scope.vars[assign] = .string(text) }
            case .include(let fileExpr, let params, let assign, let offset):
                let name = try evaluate(fileExpr, scope).phpString
                let child = Scope(scope.vars)
                for (key, expr) in params { child.vars[key] = try evaluate(expr, scope) }
                let resolved = context.overrides?.override(for: name) ?? name
                if let assign {
                    let saved = out
                    out = []
                    try include(resolved, child, offset: offset)
                    scope.vars[assign] = .string(String(decoding: out, as: UTF8.self))
                    out = saved
                } else {
                    try include(resolved, child, offset: offset)
                }
            case .hook(let name, let body, let offset):
                try renderHook(name, body: body, offset: offset, scope)
            case .script(let src):
                out.append(contentsOf: "<script type=\"text/javascript\" src=\"".utf8)
                HTML.appendEscaped(location(of: try evaluate(src, scope).phpString), to: &out)
                out.append(contentsOf: "\"></script>".utf8)
            case .style(let src):
                out.append(contentsOf: "<link type=\"text/css\" rel=\"stylesheet\" href=\"".utf8)
                HTML.appendEscaped(location(of: try evaluate(src, scope).phpString), to: &out)
                out.append(contentsOf: "\" />".utf8)
            }
        }
    }

    private func location(of src: String) -> String {
        src.contains("//") || context.currentLocation.isEmpty ? src : context.currentLocation + "/" + src
    }

    private func renderCaptured(_ body: [Node], _ scope: Scope) throws -> String {
        let saved = out
        out = []
        defer { out = saved }
        try render(body, scope)
        return String(decoding: out, as: UTF8.self)
    }

    private func include(_ name: String, _ scope: Scope, offset: Int) throws {
        stack[stack.count - 1].offset = offset
        let template: CompiledTemplate?
        do {
            template = try engine.compiled(name)
        } catch var diagnostic as Diagnostic {
            diagnostic.notes += includeNotes()
            throw diagnostic
        }
        guard let template else { throw error(.templateNotFound(name), at: offset) }
        try run(template, scope: scope)
    }

    /// CS-Cart's `{hook}` (spec §5.2): the last non-blank override replaces everything;
    /// otherwise pre templates, the body, a newline and the post templates.
    private func renderHook(_ name: String, body: [Node], offset: Int, _ scope: Scope) throws {
        guard let hooks = context.hooks?.templates(forHook: name) else {
            try render(body, scope)
            return
        }
        stack[stack.count - 1].offset = offset
        var effective: String?
        for file in hooks.overrides where !stack.contains(where: { $0.template.name == file }) {
            let saved = out
            out = []
            try include(file, Scope(scope.vars), offset: offset)
            let text = String(decoding: out, as: UTF8.self)
            out = saved
            if !text.allSatisfy({ $0.isWhitespace }) { effective = text }
        }
        if let effective {
            out.append(contentsOf: effective.utf8)
            return
        }
        for file in hooks.pre { try include(file, Scope(scope.vars), offset: offset) }
        try render(body, scope)
        out.append(UInt8(ascii: "\n"))
        for file in hooks.post { try include(file, Scope(scope.vars), offset: offset) }
    }

    private func renderForeach(_ loop: Foreach, _ scope: Scope) throws {
        let source = try evaluate(loop.source, scope)
        let entries: [(key: Value, value: Value)]
        switch source {
        case .list(let items):
            entries = items.enumerated().map { (.int($0.offset), $0.element) }
        case .map(let map):
            entries = map.map { (Value.mapKey($0.key), $0.value) }
        default:
            entries = []
        }
        if entries.isEmpty {
            if let name = loop.name { namedLoops[name] = LoopState() }
            if let otherwise = loop.otherwise { try render(otherwise, scope) }
            return
        }
        let savedItem = itemLoops[loop.item]
        var state = LoopState(index: 0, total: entries.count)
        for (index, entry) in entries.enumerated() {
            state.index = index
            state.key = entry.key
            itemLoops[loop.item] = state
            if let name = loop.name { namedLoops[name] = state }
            scope.vars[loop.item] = entry.value
            if let key = loop.key { scope.vars[key] = entry.key }
            try render(loop.body, scope)
        }
        itemLoops[loop.item] = savedItem
    }

    /// `$x.a.b = v`: creates maps on the way, as PHP does for arrays.
    static func setting(_ base: Value, _ keys: ArraySlice<String>, to value: Value) -> Value {
        guard let key = keys.first else { return value }
        switch base {
        case .list(var list):
            if let i = Int(key), list.indices.contains(i) {
                list[i] = setting(list[i], keys.dropFirst(), to: value)
                return .list(list)
            }
            var map = OrderedMap(list.enumerated().map { (String($0.offset), $0.element) })
            map[key] = setting(map[key] ?? .null, keys.dropFirst(), to: value)
            return .map(map)
        case .map(var map):
            map[key] = setting(map[key] ?? .null, keys.dropFirst(), to: value)
            return .map(map)
        default:
            var map = OrderedMap()
            map[key] = setting(.null, keys.dropFirst(), to: value)
            return .map(map)
        }
    }

    // MARK: - Errors

    func includeNotes() -> [Diagnostic.Note] {
        stack.reversed().map { frame in
            Diagnostic.Note(message: "included from here", location: frame.template.source.file.location(at: frame.offset))
        }
    }

    func error(_ problem: TemplateProblem, at offset: Int) -> Diagnostic {
        guard let current = stack.last else {
            return Diagnostic(problem.id, .error, problem.message, hint: problem.hint)
        }
        return problem.diagnostic(in: current.template.source.file, at: offset, notes: Array(includeNotes().dropFirst()))
    }
}

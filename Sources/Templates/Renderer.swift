import Basics
import Foundation

/// The variables of one template, by slot: an include gets a copy, so its assignments stay local.
final class Scope {
    let symbols: SymbolTable
    /// Nil until first read or set: a variable the template does not set is looked up where it
    /// was included from (or in the given variables) only if it is read at all, and a hook
    /// template reads a few of the page's names and sets most of its own. Those scopes do not
    /// change while this one renders, so looking up late finds what looking up early would.
    /// Only the render that owns the scope touches it, so exclusivity checks are pure cost.
    @exclusivity(unchecked) private var values: [Value?]
    /// Where names this template does not use are found (for templates it includes).
    private let parent: Scope?
    private let variables: [String: Value]
    /// Parameters of an include that the included template does not read itself, kept for
    /// the templates it includes in turn.
    @exclusivity(unchecked) private var extra: [String: Value] = [:]

    /// The scope of the template a render starts with.
    init(symbols: SymbolTable, variables: [String: Value]) {
        self.symbols = symbols
        self.values = Array(repeating: nil, count: symbols.names.count)
        self.parent = nil
        self.variables = variables
    }

    /// The scope of an included template: the includer's variables, then the parameters.
    init(symbols: SymbolTable, parent: Scope, parameters: [(String, Value)] = []) {
        self.symbols = symbols
        self.values = Array(repeating: nil, count: symbols.names.count)
        self.parent = parent
        self.variables = [:]
        for (name, value) in parameters {
            if let slot = symbols.slots[name] { values[slot] = value } else { extra[name] = value }
        }
    }

    subscript(slot: Int) -> Value {
        get {
            if let value = values[slot] { return value }
            let value = outside(symbols.names[slot]) ?? .null
            values[slot] = value
            return value
        }
        set { values[slot] = newValue }
    }

    func lookup(_ name: String) -> Value? {
        if let slot = symbols.slots[name] { return self[slot] }
        return outside(name)
    }

    /// A name this template does not use: a parameter, else the includer's, else a given variable.
    private func outside(_ name: String) -> Value? {
        if let value = extra[name] { return value }
        if let parent { return parent.lookup(name) }
        return given(name)
    }

    /// A variable the render was given. A few (a hook's) are compared by name, which costs
    /// less than hashing the name.
    private func given(_ name: String) -> Value? {
        guard variables.count <= 8 else { return variables[name] }
        return variables.keys.firstIndex { $0.isSame(as: name) }.map { variables.values[$0] }
    }
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

/// What a node sequence asks of its enclosing loop.
enum Flow {
    case normal, breakLoop, continueLoop
}

/// Loop facts for `$smarty.section.N.*`.
struct SectionState {
    var index = 0
    var step = 1
    var iteration = 0
    var total = 0
    var loop = 0

    func value(_ property: SectionProperty) -> Value {
        switch property {
        case .index: .int(index)
        case .indexPrev: .int(index - step)
        case .indexNext: .int(index + step)
        case .iteration, .rownum: .int(iteration)
        case .first: .bool(iteration == 1)
        case .last: .bool(iteration == total)
        case .total: .int(total)
        case .loop: .int(loop)
        case .show: .bool(total > 0)
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
    @exclusivity(unchecked) var sections: [String: SectionState] = [:]
    /// Smarty's `escape_html`: `{$x}` is HTML-escaped unless marked `nofilter`.
    let escapeHTML: Bool
    /// Templates being rendered, innermost last, with the offset of the tag that entered the next.
    @exclusivity(unchecked) var stack: [(template: CompiledTemplate, offset: Int)] = []
    /// Nested bodies being rendered, across includes.
    @exclusivity(unchecked) private var depth = 0
    /// The render's recursion bound: each template's blocks are bounded by the parser, but 64
    /// includes of such templates would not fit a thread's stack (debug builds take ~6 KB a level).
    static let maxDepth = 256

    init(engine: TemplateEngine, context: RenderContext) {
        self.engine = engine
        self.context = context
        self.escapeHTML = context.escapeHTML
        out.reserveCapacity(16384)
        stack.reserveCapacity(4)
    }

    func run(_ template: CompiledTemplate, scope: Scope) throws {
        guard stack.count < 64 else { throw error(.includeTooDeep(template.name), at: stack.last?.offset ?? 0) }
        stack.append((template, 0))
        defer { stack.removeLast() }
        try render(template.body, scope)
    }

    @discardableResult
    func render(_ nodes: [Node], _ scope: Scope) throws -> Flow {
        depth += 1
        defer { depth -= 1 }
        for node in nodes {
            switch node {
            case .text(let text):
                out.append(contentsOf: text)
            case .print(let expr, let escape):
                try evaluate(expr, scope).appendPHPString(to: &out, escape: escape && escapeHTML)
            case .translation(let key, let escape):
                if let found = remembered(key) {
                    if escape && escapeHTML {
                        out.append(contentsOf: found.escaped)
                    } else {
                        out.append(contentsOf: found.text.utf8)
                    }
                } else {
                    context.reportMissingTranslation(key.text)
                    Value.string("_" + key.text).appendPHPString(to: &out, escape: escape && escapeHTML)
                }
            case .conditional(let branches, let otherwise):
                let flow: Flow
                if let branch = try branches.first(where: { try evaluate($0.condition, scope).isTruthy }) {
                    flow = try render(branch.body, scope)
                } else if let otherwise {
                    flow = try render(otherwise, scope)
                } else {
                    flow = .normal
                }
                if flow != .normal { return flow }
            case .foreach(let loop):
                try renderForeach(loop, scope)
            case .section(let section):
                try renderSection(section, scope)
            case .breakLoop:
                return .breakLoop
            case .continueLoop:
                return .continueLoop
            case .math(let equation, let format, let assign):
                var result = try evaluate(equation, scope)
                if let format { result = .string(PHPStrings.sprintf(try evaluate(format, scope).phpString, result)) }
                if let assign { scope[assign] = result } else { result.appendPHPString(to: &out, escape: false) }
            case .assign(let slot, let path, let valueExpr):
                let value = try evaluate(valueExpr, scope)
                if path.isEmpty {
                    scope[slot] = value
                } else {
                    let keys = try path.map { access -> String in
                        switch access {
                        case .key(let k): k
                        case .index(let e): try evaluate(e, scope).phpString
                        }
                    }
                    scope[slot] = Renderer.setting(scope[slot], keys[...], to: value)
                }
            case .capture(let nameExpr, let assign, let body):
                let text = try renderCaptured(body, scope)
                if let nameExpr { captures[try evaluate(nameExpr, scope).phpString] = .string(text) }
                if let assign { scope[assign] = .string(text) }
            case .include(let fileExpr, let params, let assign, let offset):
                let name = try evaluate(fileExpr, scope).phpString
                let parameters = try params.map { ($0.0, try evaluate($0.1, scope)) }
                let resolved = context.overrides?.override(for: name) ?? name
                if let assign {
                    let saved = out
                    out = []
                    try include(resolved, scope, parameters, offset: offset)
                    scope[assign] = .string(String(decoding: out, as: UTF8.self))
                    out = saved
                } else {
                    try include(resolved, scope, parameters, offset: offset)
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
        return .normal
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

    private func include(_ name: String, _ parent: Scope, _ parameters: [(String, Value)] = [], offset: Int) throws {
        stack[stack.count - 1].offset = offset
        let template: CompiledTemplate?
        do {
            template = try engine.compiled(name)
        } catch var diagnostic as Diagnostic {
            diagnostic.notes += includeNotes()
            throw diagnostic
        }
        guard let template else { throw error(.templateNotFound(name), at: offset) }
        guard depth + template.depth <= Self.maxDepth else {
            throw error(.includeNestsTooDeep(name, limit: Self.maxDepth), at: offset)
        }
        try run(template, scope: Scope(symbols: template.symbols, parent: parent, parameters: parameters))
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
            try include(file, scope, offset: offset)
            let text = String(decoding: out, as: UTF8.self)
            out = saved
            if !text.allSatisfy({ $0.isWhitespace }) { effective = text }
        }
        if let effective {
            out.append(contentsOf: effective.utf8)
            return
        }
        for file in hooks.pre { try include(file, scope, offset: offset) }
        try render(body, scope)
        out.append(UInt8(ascii: "\n"))
        for file in hooks.post { try include(file, scope, offset: offset) }
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
        let savedItem = loop.tracksItem ? itemLoops[loop.itemName] : nil
        var state = LoopState(index: 0, total: entries.count)
        for (index, entry) in entries.enumerated() {
            state.index = index
            state.key = entry.key
            if loop.tracksItem { itemLoops[loop.itemName] = state }
            if let name = loop.name { namedLoops[name] = state }
            scope[loop.item] = entry.value
            if let key = loop.key { scope[key] = entry.key }
            if try render(loop.body, scope) == .breakLoop { break }
        }
        if loop.tracksItem { itemLoops[loop.itemName] = savedItem }
    }

    /// Smarty's `{section}`: indexes from `start` by `step`, at most `max` times.
    private func renderSection(_ section: Section, _ scope: Scope) throws {
        let loopValue = try evaluate(section.loop, scope)
        let loop = loopValue.isArray ? loopValue.count : max(loopValue.phpInt, 0)
        var step = try section.step.map { try evaluate($0, scope).phpInt } ?? 1
        if step == 0 { step = 1 }
        var start = try section.start.map { try evaluate($0, scope).phpInt } ?? (step > 0 ? 0 : loop - 1)
        if start < 0 {
            start = max(step > 0 ? 0 : -1, start + loop)
        } else {
            start = min(start, step > 0 ? loop : loop - 1)
        }
        var total = step > 0 ? (loop - start + step - 1) / step : (start + 1 - step - 1) / -step
        if let limit = try section.max.map({ try evaluate($0, scope).phpInt }), limit >= 0 { total = min(total, limit) }
        total = max(total, 0)
        guard total > 0 else {
            sections[section.name] = SectionState(step: step, total: 0, loop: loop)
            if let otherwise = section.otherwise { try render(otherwise, scope) }
            return
        }
        let saved = sections[section.name]
        var state = SectionState(index: start, step: step, iteration: 0, total: total, loop: loop)
        for i in 0..<total {
            state.index = start + i * step
            state.iteration = i + 1
            sections[section.name] = state
            if try render(section.body, scope) == .breakLoop { break }
        }
        sections[section.name] = saved
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
            Diagnostic.Note(
                message: "included from here", location: frame.template.source.file.location(at: frame.offset))
        }
    }

    func error(_ problem: TemplateProblem, at offset: Int) -> Diagnostic {
        guard let current = stack.last else {
            return Diagnostic(problem.id, .error, problem.message, hint: problem.hint)
        }
        return problem.diagnostic(
            in: current.template.source.file, at: offset, notes: Array(includeNotes().dropFirst()))
    }
}

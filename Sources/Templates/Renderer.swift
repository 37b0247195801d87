import Basics
import Foundation

/// The variables of one template, by slot: an include gets a copy, so its assignments stay local.
final class Scope {
    let symbols: SymbolTable
    /// By slot, in memory this scope owns: a read lends the value where it lies instead of
    /// copying it out of an array (and a write needs no uniqueness check).
    private let values: UnsafeMutablePointer<Value>
    /// Whether a slot's value is known. A variable the template does not set is looked up where
    /// it was included from (or in the given variables) only if it is read at all, and a hook
    /// template reads a few of the page's names and sets most of its own. Those scopes do not
    /// change while this one renders, so looking up late finds what looking up early would.
    private let known: UnsafeMutablePointer<Bool>
    /// Where names this template does not use are found (for templates it includes).
    private let parent: Scope?
    private let variables: [String: Value]
    /// Parameters of an include that the included template does not read itself, kept for
    /// the templates it includes in turn. Only the render that owns the scope touches it, so
    /// exclusivity checks are pure cost. (`Dictionary()`, not `[:]`: the empty literal is
    /// built by a call at every render.)
    @exclusivity(unchecked) private var extra: [String: Value] = Dictionary()

    /// The scope of the template a render starts with.
    init(symbols: SymbolTable, variables: [String: Value]) {
        self.symbols = symbols
        (values, known) = Self.allocate(symbols.names.count)
        self.parent = nil
        self.variables = variables
    }

    /// The scope of an included template: the includer's variables, then the parameters.
    init(symbols: SymbolTable, parent: Scope, parameters: [(String, Value)] = []) {
        self.symbols = symbols
        (values, known) = Self.allocate(symbols.names.count)
        self.parent = parent
        self.variables = Dictionary()
        for (name, value) in parameters {
            if let slot = symbols.slots[name] { self[slot] = value } else { extra[name] = value }
        }
    }

    /// Values and flags in one block of memory: a render makes a scope per template, and an
    /// allocation costs more than the rest of making one. `malloc`, because Swift's `allocate`
    /// asks glibc for every block through `posix_memalign`, which costs about twice as much;
    /// malloc's 16-byte alignment suits `Value`.
    private static func allocate(_ count: Int) -> (UnsafeMutablePointer<Value>, UnsafeMutablePointer<Bool>) {
        let valuesSize = count * MemoryLayout<Value>.stride
        let memory = UnsafeMutableRawPointer(malloc(max(1, valuesSize + count))!)
        let values = memory.initializeMemory(as: Value.self, repeating: .null, count: count)
        let known = (memory + valuesSize).initializeMemory(as: Bool.self, repeating: false, count: count)
        return (values, known)
    }

    deinit {
        values.deinitialize(count: symbols.names.count)
        free(values)
    }

    /// A read lends the value in place (the accessor yields it instead of returning a copy).
    subscript(slot: Int) -> Value {
        _read {
            if !known[slot] { self[slot] = outside(symbols.names[slot]) ?? .null }
            yield values[slot]
        }
        set {
            values[slot] = newValue
            known[slot] = true
        }
        _modify {
            if !known[slot] { self[slot] = outside(symbols.names[slot]) ?? .null }
            yield &values[slot]
        }
    }

    /// Lends the value at `keys` below a variable to `body`, without copying the maps on the way.
    func withValue<R>(_ slot: Int, at keys: [MapKey], _ body: (Value) throws -> R) rethrows -> R {
        if !known[slot] { self[slot] = outside(symbols.names[slot]) ?? .null }
        guard let found = Value.address(at: keys, below: values + slot) else { return try body(.null) }
        return try body(found.pointee)
    }

    func lookup(_ name: String) -> Value? {
        if !symbols.slots.isEmpty, let slot = symbols.slots[name] { return self[slot] }
        return outside(name)
    }

    /// A name this template does not use: a parameter, else the includer's, else a given variable.
    private func outside(_ name: String) -> Value? {
        // Empty dictionaries are the rule here; looking in one would still hash the name.
        if !extra.isEmpty, let value = extra[name] { return value }
        if let parent { return parent.lookup(name) }
        return given(name)
    }

    /// A variable the render was given. A few (a hook's) are compared by name, which costs
    /// less than hashing the name.
    private func given(_ name: String) -> Value? {
        guard variables.count <= 8 else { return variables[name] }
        for (key, value) in variables where key.isSame(as: name) { return value }
        return nil
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
        case .indexPrev: Evaluator.arithmetic(.minus, .int(index), .int(step))
        case .indexNext: Evaluator.arithmetic(.plus, .int(index), .int(step))
        case .iteration, .rownum: .int(iteration)
        case .first: .bool(iteration == 1)
        case .last: .bool(iteration == total)
        case .total: .int(total)
        case .loop: .int(loop)
        case .show: .bool(total > 0)
        }
    }
}

/// What one render may do. PHP stops a runaway template with its time and memory limits; these
/// stop it here, with an error at the tag, before the page hangs or the process runs out of memory.
enum RenderLimits {
    #if FUZZING
        // The same checks, reached sooner: a fuzzer needs each input to run in milliseconds.
        static let steps = 100_000
        static let bytes = 1 << 20
    #else
        /// Loop passes and includes.
        static let steps = 5_000_000
        /// Bytes of output, and of any one text a template builds.
        static let bytes = 32 << 20
    #endif
    /// Progress reports a regular expression search may make beyond two for each position of its text:
    /// within one position, ICU reports every few thousand steps (~0.25 ms).
    static let regexProgressReports = 10_000
}

/// One render: writes every node into one byte buffer.
final class Renderer {
    let engine: TemplateEngine
    let context: RenderContext
    // Only this render touches these (a renderer is never shared), so the runtime's
    // exclusivity checks on every access are pure cost. Empty dictionaries are `Dictionary()`,
    // not `[:]`: the empty literal is built by a call at every render.
    @exclusivity(unchecked) var out = OutputBuffer(capacity: 16384, limit: RenderLimits.bytes)
    @exclusivity(unchecked) var captures: [String: Value] = Dictionary()
    @exclusivity(unchecked) var namedLoops: [String: LoopState] = Dictionary()
    @exclusivity(unchecked) var itemLoops: [String: LoopState] = Dictionary()
    @exclusivity(unchecked) var sections: [String: SectionState] = Dictionary()
    /// The context's remembered translations, taken at the first `{__("name")}` and again
    /// after each name it did not hold.
    @exclusivity(unchecked) var knownTranslations: [TranslationMemo.Answer] = []
    /// Smarty's `escape_html`: `{$x}` is HTML-escaped unless marked `nofilter`.
    let escapeHTML: Bool
    /// Templates being rendered, innermost last, with the offset of the tag that entered the next.
    @exclusivity(unchecked) var stack: [(template: CompiledTemplate, offset: Int)] = []
    /// Nested bodies being rendered, across includes.
    @exclusivity(unchecked) var depth = 0
    /// Loop passes and includes so far.
    @exclusivity(unchecked) private var steps = 0
    /// The render's recursion bound: each template's blocks are bounded by the parser, but 64
    /// includes of such templates would not fit a thread's stack (debug builds take ~6 KB a level).
    static let maxDepth = 256

    init(engine: TemplateEngine, context: RenderContext) {
        self.engine = engine
        self.context = context
        self.escapeHTML = context.escapeHTML
        stack.reserveCapacity(4)
    }

    func run(_ template: CompiledTemplate, scope: Scope) throws {
        guard stack.count < 64 else { throw error(.includeTooDeep(template.name), at: stack.last?.offset ?? 0) }
        stack.append((template, 0))
        defer { stack.removeLast() }
        _ = try template.body(self, scope)
        if out.isFull { throw outputTooLarge(at: stack[stack.count - 1].offset) }
    }

    /// Counts a loop pass or an include (where output and work can multiply), and stops the
    /// render past a limit.
    func step(at offset: Int) throws {
        steps += 1
        if steps > RenderLimits.steps {
            throw error(
                .renderLimit("this render makes more than \(RenderLimits.steps) loop passes and includes"), at: offset)
        }
        if out.isFull { throw outputTooLarge(at: offset) }
    }

    private func outputTooLarge(at offset: Int) -> Diagnostic {
        error(.renderLimit("this render writes more than \(RenderLimits.bytes) bytes"), at: offset)
    }

    func textTooLarge(at offset: Int) -> Diagnostic {
        error(.renderLimit(LimitExceeded.textTooLarge.message), at: offset)
    }

    func location(of src: String) -> String {
        src.contains("//") || context.currentLocation.isEmpty ? src : context.currentLocation + "/" + src
    }

    /// What `render` writes, as a string instead of into the output.
    func captured(_ render: () throws -> Void) throws -> String {
        let start = out.count
        defer { out.truncate(to: start) }
        try render()
        return String(decoding: UnsafeBufferPointer(rebasing: out.bytes[start...]), as: UTF8.self)
    }

    func captured(_ body: Block, _ scope: Scope) throws -> String {
        try captured { _ = try body(self, scope) }
    }

    func include(_ name: String, _ parent: Scope, _ parameters: [(String, Value)] = [], offset: Int) throws {
        try step(at: offset)
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

    /// Whether a template name starts at `/` or has a `..` part.
    static func leavesTheFolder(_ name: String) -> Bool {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        var name = name
        return name.withUTF8 { bytes in
            func isDotDot(_ start: Int, _ end: Int) -> Bool {
                end - start == 2 && bytes[start] == dot && bytes[start + 1] == dot
            }
            if bytes.first == slash { return true }
            var partStart = 0
            for index in bytes.indices where bytes[index] == slash {
                if isDotDot(partStart, index) { return true }
                partStart = index + 1
            }
            return isDotDot(partStart, bytes.count)
        }
    }

    /// CS-Cart's `{hook}` (spec §5.2): the last non-blank override replaces everything;
    /// otherwise pre templates, the body, a newline and the post templates.
    func renderHook(_ name: String, body: Block, offset: Int, _ scope: Scope) throws {
        guard let hooks = context.hooks?.templates(forHook: name) else {
            _ = try body(self, scope)
            return
        }
        stack[stack.count - 1].offset = offset
        var effective: String?
        for file in hooks.overrides where !stack.contains(where: { $0.template.name == file }) {
            let text = try captured { try include(file, scope, offset: offset) }
            if !text.utf8.allSatisfy(PHPStrings.isTrimmed) { effective = text }
        }
        if let effective {
            out.append(effective)
            return
        }
        for file in hooks.pre { try include(file, scope, offset: offset) }
        _ = try body(self, scope)
        out.append(UInt8(ascii: "\n"))
        for file in hooks.post { try include(file, scope, offset: offset) }
    }

    func render(_ loop: CompiledForeach, _ scope: Scope) throws {
        var source = try loop.source(self, scope)
        // Smarty's `settype($from, 'array')`: only null loops zero times; "" or 5 loop once.
        if !source.isArray { source = source == .null ? .list([]) : .list([source]) }
        let total = source.count
        if total == 0 {
            if let name = loop.name { namedLoops[name] = LoopState() }
            if let otherwise = loop.otherwise { _ = try otherwise(self, scope) }
            return
        }
        let savedItem = loop.tracksItem ? itemLoops[loop.itemName] : nil
        // Smarty puts back the item and key variables a loop replaced (one set before it); a
        // variable that was null is taken as unset, and keeps the last item.
        let outerItem = scope[loop.item]
        let outerKey = loop.key.map { scope[$0] } ?? .null
        defer {
            if outerItem != .null { scope[loop.item] = outerItem }
            if let slot = loop.key, outerKey != .null { scope[slot] = outerKey }
        }
        var state = LoopState(index: 0, total: total)
        /// One pass of the body; false to stop.
        func iteration(_ key: Value, _ value: Value) throws -> Bool {
            try step(at: loop.offset)
            state.key = key
            if loop.tracksItem { itemLoops[loop.itemName] = state }
            if let name = loop.name { namedLoops[name] = state }
            scope[loop.item] = value
            if let slot = loop.key { scope[slot] = key }
            defer { state.index += 1 }
            return try loop.body(self, scope) != .breakLoop
        }
        switch source {
        case .list(let items):
            for (index, item) in items.enumerated() {
                if try !iteration(.int(index), item) { break }
            }
        case .map(let map):
            for (key, value) in map {
                if try !iteration(Value.mapKey(key), value) { break }
            }
        default:
            break
        }
        if loop.tracksItem { itemLoops[loop.itemName] = savedItem }
    }

    /// Smarty's `{section}`: indexes from `start` by `step`, at most `max` times.
    func render(_ section: CompiledSection, _ scope: Scope) throws {
        let loopValue = try section.loop(self, scope)
        let loop = loopValue.isArray ? loopValue.count : max(loopValue.phpInt, 0)
        var step = try section.step.map { try $0(self, scope).phpInt } ?? 1
        if step == 0 { step = 1 }
        var start = try section.start.map { try $0(self, scope).phpInt } ?? (step > 0 ? 0 : loop - 1)
        if start < 0 {
            start = max(step > 0 ? 0 : -1, start + loop)
        } else {
            start = min(start, step > 0 ? loop : loop - 1)
        }
        // Smarty's ceil(span / abs(step)), exactly and without overflow at the ends of Int.
        let span = UInt(step > 0 ? loop - start : start + 1)
        let (whole, rest) = span.quotientAndRemainder(dividingBy: step.magnitude)
        var total = Int(clamping: whole + (rest == 0 ? 0 : 1))
        if let limit = try section.max.map({ try $0(self, scope).phpInt }), limit >= 0 { total = min(total, limit) }
        total = max(total, 0)
        guard total > 0 else {
            sections[section.name] = SectionState(step: step, total: 0, loop: loop)
            if let otherwise = section.otherwise { _ = try otherwise(self, scope) }
            return
        }
        let saved = sections[section.name]
        var state = SectionState(index: start, step: step, iteration: 0, total: total, loop: loop)
        for i in 0..<total {
            try self.step(at: section.offset)
            state.index = start + i * step
            state.iteration = i + 1
            sections[section.name] = state
            if try section.body(self, scope) == .breakLoop { break }
        }
        sections[section.name] = saved
    }

    /// A path with `[expr]` steps, or below `$smarty.foreach`/`$smarty.capture`.
    func walk(_ base: Value, _ path: [CompiledAccess], _ scope: Scope) throws -> Value {
        var value = base
        for access in path {
            switch access {
            case .key(let key): value = Evaluator.element(value, key)
            case .index(let index): value = Evaluator.element(value, try index(self, scope))
            }
        }
        return value
    }

    /// `$x.a.b = v`, and with `appending` `$x.a.b[] = v`: creates arrays on the way, as PHP does.
    /// Changes `target` in place: each level is taken out of its parent before it is changed, so
    /// no list or map is copied (a copy per assignment made a loop filling an array quadratic).
    /// `if case`, not `switch`: a switch holds its own copy of the value, in debug and release.
    static func assign(_ value: Value, to target: inout Value, at keys: ArraySlice<String>, appending: Bool) {
        guard let key = keys.first else {
            if appending { append(value, to: &target) } else { target = value }
            return
        }
        let rest = keys.dropFirst()
        var map: OrderedMap
        if case .list(var list) = target {
            target = .null
            if let i = Int(key), String(i) == key, i >= 0, i <= list.count {
                if i == list.count { list.append(.null) }
                assign(value, to: &list[i], at: rest, appending: appending)
                target = .list(list)
                return
            }
            map = OrderedMap(list.enumerated().map { (String($0.offset), $0.element) })
        } else if case .map(let existing) = target {
            map = existing
            target = .null
        } else {
            map = OrderedMap()
        }
        map.modifyValue(at: key) { assign(value, to: &$0, at: rest, appending: appending) }
        target = .map(map)
    }

    /// `$x[] = v`: Smarty first makes `$x` an array as PHP's `settype($x, 'array')` does (null
    /// becomes empty, another scalar its only element).
    private static func append(_ value: Value, to target: inout Value) {
        if case .list(var list) = target {
            target = .null
            list.append(value)
            target = .list(list)
        } else if case .map(var map) = target {
            target = .null
            if let key = map.nextFreeKey() { map[String(key)] = value }
            target = .map(map)
        } else {
            target = target == .null ? .list([value]) : .list([target, value])
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

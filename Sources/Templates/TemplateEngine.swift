public import Basics
import Foundation
import Synchronization

/// Where template files come from: a folder, or (for tests and comparison cases) memory.
public protocol TemplateSource: Sendable {
    /// The file of a template name such as `addons/x/hooks/orders/details.post.tpl`, or nil.
    func load(_ name: String) -> SourceFile?
}

/// Templates below a `templates/` root folder.
public struct DirectoryTemplateSource: TemplateSource {
    public let root: String
    public init(root: String) { self.root = root }
    public func load(_ name: String) -> SourceFile? {
        let path = name.hasPrefix("/") ? name : root + "/" + name
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return SourceFile(path: path, bytes: Array(data))
    }
}

/// Templates held in memory, by name.
public struct MemoryTemplateSource: TemplateSource {
    public let templates: [String: String]
    public init(_ templates: [String: String]) { self.templates = templates }
    public func load(_ name: String) -> SourceFile? {
        templates[name].map { SourceFile(path: name, text: $0) }
    }
}

/// The template files add-ons attach to a `{hook name="group:name"}`, in add-on priority order.
public struct HookTemplates: Sendable, Hashable {
    public var pre: [String]
    public var post: [String]
    public var overrides: [String]
    public init(pre: [String] = [], post: [String] = [], overrides: [String] = []) {
        self.pre = pre
        self.post = post
        self.overrides = overrides
    }
}

/// Answers which templates active add-ons hook into a hook point. The lifecycle implements it
/// from its hook index; the engine only applies CS-Cart's rules (spec §5.2).
public protocol HookProvider: Sendable {
    func templates(forHook name: String) -> HookTemplates
}

/// Answers which add-on template replaces a core template (`addons/<ID>/overrides/<path>`),
/// the first active add-on in priority order winning.
public protocol TemplateOverrideProvider: Sendable {
    func override(for name: String) -> String?
}

/// Everything a render needs besides variables: translations, hooks, overrides, and the
/// host's answers to CS-Cart functions.
public struct RenderContext: Sendable {
    /// The fields behind one reference: a render keeps a copy of its context, and copying a
    /// dozen fields would retain each of them.
    private var box: Box

    /// The text of a language variable, or nil when it is missing (then `_name` is printed).
    /// It must answer the same for a name as long as the context is used: answers for the
    /// names templates write literally are remembered across the renders given this context.
    public var translate: @Sendable (String) -> String? {
        get { box.fields.translate }
        set {
            update(\.translate, newValue)
            update(\.translations, TranslationMemo())
        }
    }
    /// `translate`'s answers so far, shared by the copies of this context.
    var translations: TranslationMemo { box.fields.translations }
    /// Called with each language variable that was missing.
    public var reportMissingTranslation: @Sendable (String) -> Void {
        get { box.fields.reportMissingTranslation }
        set { update(\.reportMissingTranslation, newValue) }
    }
    /// The language code, choosing the plural rule of `__("k", [$n])`.
    public var language: String {
        get { box.fields.language }
        set { update(\.language, newValue) }
    }
    public var hooks: (any HookProvider)? {
        get { box.fields.hooks }
        set { update(\.hooks, newValue) }
    }
    public var overrides: (any TemplateOverrideProvider)? {
        get { box.fields.overrides }
        set { update(\.overrides, newValue) }
    }
    /// `$smarty.const.NAME`.
    public var constants: [String: Value] {
        get { box.fields.constants }
        set { update(\.constants, newValue) }
    }
    /// `$smarty.request.x`.
    public var request: [String: Value] {
        get { box.fields.request }
        set { update(\.request, newValue) }
    }
    /// The edition `fn_allowed_for` tests against (`MULTIVENDOR`, `ULTIMATE`).
    public var edition: String {
        get { box.fields.edition }
        set { update(\.edition, newValue) }
    }
    /// The script `fn_url` builds links to (`admin.php`).
    public var script: String {
        get { box.fields.script }
        set { update(\.script, newValue) }
    }
    /// Prefix of relative `{script}`/`{style}` sources.
    public var currentLocation: String {
        get { box.fields.currentLocation }
        set { update(\.currentLocation, newValue) }
    }
    /// `Class::CONST` → value, for `|enum`; CS-Cart's common enums by default.
    public var enums: [String: Value] {
        get { box.fields.enums }
        set { update(\.enums, newValue) }
    }
    /// The time zone `date_format` uses (an identifier such as `UTC` or `Europe/Moscow`).
    public var timeZone: String {
        get { box.fields.timeZone }
        set { update(\.timeZone, newValue) }
    }
    /// Smarty's `escape_html` (on in CS-Cart): `{$x}` prints HTML-escaped unless `nofilter`.
    public var escapeHTML: Bool {
        get { box.fields.escapeHTML }
        set { update(\.escapeHTML, newValue) }
    }

    public init(
        translate: @escaping @Sendable (String) -> String? = { _ in nil },
        reportMissingTranslation: @escaping @Sendable (String) -> Void = { _ in },
        language: String = "en", hooks: (any HookProvider)? = nil, overrides: (any TemplateOverrideProvider)? = nil,
        constants: [String: Value] = [:], request: [String: Value] = [:], edition: String = "MULTIVENDOR",
        script: String = "admin.php", currentLocation: String = "", enums: [String: Value] = CSCartEnums.all,
        timeZone: String = "UTC", escapeHTML: Bool = true
    ) {
        box = Box(
            Fields(
                translate: translate, translations: TranslationMemo(),
                reportMissingTranslation: reportMissingTranslation, language: language, hooks: hooks,
                overrides: overrides, constants: constants, request: request, edition: edition, script: script,
                currentLocation: currentLocation, enums: enums, timeZone: timeZone, escapeHTML: escapeHTML))
    }

    /// Sets one field, first copying the fields if another context shares them (copy on write).
    private mutating func update<Field>(_ field: WritableKeyPath<Fields, Field>, _ value: Field) {
        if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
        box.fields[keyPath: field] = value
    }

    private struct Fields: Sendable {
        var translate: @Sendable (String) -> String?
        var translations: TranslationMemo
        var reportMissingTranslation: @Sendable (String) -> Void
        var language: String
        var hooks: (any HookProvider)?
        var overrides: (any TemplateOverrideProvider)?
        var constants: [String: Value]
        var request: [String: Value]
        var edition: String
        var script: String
        var currentLocation: String
        var enums: [String: Value]
        var timeZone: String
        var escapeHTML: Bool
    }

    /// Changed only through a context holding the only reference to it (copy on write), so
    /// sharing it between threads is safe, and the runtime's exclusivity checks are pure cost.
    private final class Box: @unchecked Sendable {
        @exclusivity(unchecked) var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }
}

/// A language variable's text, and the same HTML-escaped: `{__("name")}` prints the escaped
/// bytes of a remembered answer instead of escaping the text at every render.
final class Translation: @unchecked Sendable {
    let text: String
    /// In memory the translation owns and never changes (so sharing it is safe): printing reads
    /// it without retaining an array.
    let escaped: UnsafeBufferPointer<UInt8>

    init(_ text: String) {
        self.text = text
        var bytes: [UInt8] = []
        HTML.appendEscaped(text, to: &bytes)
        let escaped = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = escaped.initialize(from: bytes)
        self.escaped = UnsafeBufferPointer(escaped)
    }

    deinit { escaped.deallocate() }
}

/// What a context's `translate` answered, by `TranslationKey` number.
final class TranslationMemo: Sendable {
    /// A found translation is unmanaged, so that reading one costs no reference counting: the
    /// memo keeps every translation it answers with (`kept`) for as long as it lives, and never
    /// replaces an answer, and a render holds its context, which holds the memo.
    enum Answer: Sendable {
        case unknown, missing
        case found(Unmanaged<Translation>)
    }
    private struct State: Sendable {
        var answers: [Answer] = []
        var kept: [Translation] = []
    }
    private let state = Mutex(State())

    /// The answers so far, for a render to read without taking the lock at every name.
    var snapshot: [Answer] { state.withLock { $0.answers } }

    /// The answer for a name, asking `translate` if there is none yet.
    func answer(_ id: Int, _ name: String, _ translate: (String) -> String?) -> Answer {
        let known = state.withLock { id < $0.answers.count ? $0.answers[id] : .unknown }
        guard case .unknown = known else { return known }
        let translation = translate(name).map(Translation.init)
        return state.withLock { state in
            if state.answers.count <= id {
                state.answers += repeatElement(.unknown, count: id + 1 - state.answers.count)
            }
            // Another render may have answered meanwhile; its answer stays, as snapshots may hold it.
            if case .unknown = state.answers[id] {
                if let translation {
                    state.kept.append(translation)
                    state.answers[id] = .found(.passUnretained(translation))
                } else {
                    state.answers[id] = .missing
                }
            }
            return state.answers[id]
        }
    }
}

/// Loads, compiles (once per file) and renders templates. Compiled trees are immutable and
/// shared across renders and threads.
public final class TemplateEngine: Sendable {
    public let source: any TemplateSource
    private let cache = Mutex<[String: CompiledTemplate]>([:])
    /// The templates compiled or found last, most recent first: a page renders the same few
    /// names (itself and its includes) again and again, and comparing a few names costs less
    /// than hashing one (a caller's same string compares by pointer).
    private let recent = Mutex<[CompiledTemplate]>([])
    private static let recentCount = 8

    public init(source: any TemplateSource) { self.source = source }
    public convenience init(root: String) { self.init(source: DirectoryTemplateSource(root: root)) }

    /// The compiled tree of a template name; parse errors are thrown as a `Diagnostic`.
    public func compiled(_ name: String) throws -> CompiledTemplate? {
        if let hit = recent.withLock({ $0.first { $0.name.isSame(as: name) } }) { return hit }
        if let hit = cache.withLock({ $0[name] }) {
            remember(hit)
            return hit
        }
        guard let file = source.load(name) else { return nil }
        let (body, symbols, depth) = try Parser.parse(file)
        let template = CompiledTemplate(
            name: name, source: SourceFileBox(file), body: body, symbols: symbols, depth: depth)
        cache.withLock { $0[name] = template }
        remember(template)
        return template
    }

    private func remember(_ template: CompiledTemplate) {
        recent.withLock { recent in
            recent.insert(template, at: 0)
            if recent.count > Self.recentCount { recent.removeLast() }
        }
    }

    /// Renders a template with variables. Errors are `Diagnostic`s at `file:line:column` with
    /// the include stack as notes.
    public func render(_ name: String, variables: [String: Value], context: RenderContext = RenderContext()) throws
        -> String
    {
        try rendering(name, variables: variables, context: context) { String(decoding: $0, as: UTF8.self) }
    }

    /// `render` as UTF-8 bytes, for callers that write them out: it saves checking the
    /// whole page once more as it becomes a `String` (template text is made valid UTF-8 when
    /// compiled, everything else comes from strings).
    public func renderUTF8(
        _ name: String, variables: [String: Value], context: RenderContext = RenderContext()
    ) throws -> [UInt8] {
        try rendering(name, variables: variables, context: context) { Array($0) }
    }

    /// Renders and lends the output to `result`, which copies it once into what the caller gets.
    private func rendering<Result>(
        _ name: String, variables: [String: Value], context: RenderContext,
        _ result: (UnsafeBufferPointer<UInt8>) -> Result
    ) throws -> Result {
        let renderer = Renderer(engine: self, context: context)
        let resolved = context.overrides?.override(for: name) ?? name
        guard let template = try compiled(resolved) else {
            throw Diagnostic(
                TemplateProblem.templateNotFound(name).id, .error, TemplateProblem.templateNotFound(name).message,
                hint: TemplateProblem.templateNotFound(name).hint)
        }
        try renderer.run(template, scope: Scope(symbols: template.symbols, variables: variables))
        // The bytes lie in the renderer's buffer: it must live until `result` has copied them.
        return withExtendedLifetime(renderer) { result(renderer.out.bytes) }
    }
}

public import Basics
import Synchronization

/// A compiled template: immutable, so one compiled body serves every render on any thread.
public final class CompiledTemplate: Sendable {
    public let name: String
    public let source: SourceFileBox
    /// The parsed tree as closures (`Compiler`).
    let body: Block
    let symbols: SymbolTable
    /// Levels of nested bodies (1 for a template without blocks) its render recurses through.
    let depth: Int

    init(name: String, source: SourceFileBox, body: [Node], symbols: SymbolTable, depth: Int) {
        self.name = name
        self.source = source
        self.body = Compiler.block(body)
        self.symbols = symbols
        self.depth = depth
    }
}

/// The variable names a template uses. Nodes refer to a variable by its slot (its index here),
/// so a render reads and writes an array instead of hashing names.
final class SymbolTable: Sendable {
    let names: [String]
    let slots: [String: Int]

    init(names: [String]) {
        self.names = names
        self.slots = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
    }
}

/// A shared reference to a template's source, so nodes can report locations cheaply.
public final class SourceFileBox: Sendable {
    public let file: SourceFile
    init(_ file: SourceFile) { self.file = file }
}

/// One node of a template's parsed tree, which `Compiler` turns into closures. Offsets are UTF-8 byte offsets into the template's source.
indirect enum Node: Sendable {
    /// Template text, kept as the bytes it is copied out as.
    case text([UInt8])
    case print(Expr, escape: Bool)
    /// `{__("name")}`: a literal language variable printed, whose text the context remembers.
    case translation(TranslationKey, escape: Bool)
    case conditional(branches: [(condition: Expr, body: [Node])], otherwise: [Node]?)
    case foreach(Foreach<Expr, [Node]>)
    /// `{$x.a = v}`; `appending` for `{$x.a[] = v}`.
    case assign(slot: Int, path: [Access], appending: Bool, value: Expr)
    case capture(name: Expr?, assign: Int?, body: [Node])
    case include(file: Expr, params: [(String, Expr)], assign: Int?, offset: Int)
    case hook(name: String, body: [Node], offset: Int)
    case script(src: Expr)
    case style(src: Expr)
    case section(Section<Expr, [Node]>)
    /// `{math equation="x + 1" x=$a}`: the equation with its variables already substituted, and
    /// the variables' expressions, which Smarty requires to be numeric.
    case math(Expr, format: Expr?, assign: Int?, operands: [Expr])
    case breakLoop
    case continueLoop
}

/// `{section name=i loop=$items start=… step=… max=…}…{sectionelse}…{/section}`: parsed with
/// `Expr` and `[Node]`, compiled with closures.
struct Section<Expression: Sendable, Body: Sendable>: Sendable {
    var name: String
    var loop: Expression
    var start: Expression?
    var step: Expression?
    var max: Expression?
    var body: Body
    var otherwise: Body?
    /// Where the tag is.
    var offset: Int

    func map<E, B>(_ expression: (Expression) -> E, _ block: (Body) -> B) -> Section<E, B> {
        Section<E, B>(
            name: name, loop: expression(loop), start: start.map(expression), step: step.map(expression),
            max: max.map(expression), body: block(body), otherwise: otherwise.map(block), offset: offset)
    }
}

enum SectionProperty: String, Sendable, CaseIterable {
    case index, iteration, first, last, total, rownum, loop, show
    case indexPrev = "index_prev"
    case indexNext = "index_next"
}

/// Smarty's `is [not] even/odd [by n]` and `is [not] div by n`.
enum ParityTest: Sendable {
    case even, odd, divisible
}

/// Functions of `{math equation=…}`, as PHP computes them.
enum MathFunction: String, Sendable, CaseIterable {
    case abs, ceil, floor, round, max, min, sqrt, pow, int, float, intval, floatval
}

/// `{foreach}`: parsed with `Expr` and `[Node]`, compiled with closures.
struct Foreach<Expression: Sendable, Body: Sendable>: Sendable {
    var source: Expression
    var item: Int
    var itemName: String
    /// Whether the template reads `$item@…`; only then is the loop state kept by item name.
    var tracksItem: Bool
    var key: Int?
    var name: String?
    var body: Body
    var otherwise: Body?
    /// Where the tag is.
    var offset: Int

    func map<E, B>(_ expression: (Expression) -> E, _ block: (Body) -> B) -> Foreach<E, B> {
        Foreach<E, B>(
            source: expression(source), item: item, itemName: itemName, tracksItem: tracksItem, key: key,
            name: name, body: block(body), otherwise: otherwise.map(block), offset: offset)
    }
}

/// A step of a variable path: `.name` or `[expr]`.
enum Access: Sendable {
    case key(String)
    case index(Expr)
}

enum LoopProperty: String, Sendable, CaseIterable {
    case first, last, iteration, index, total, show, key
}

indirect enum Expr: Sendable {
    case literal(Value)
    /// A variable by its slot in the template's `SymbolTable`.
    case variable(Int, [Access])
    /// What a print tag inside a double-quoted string outputs, as text.
    case tagOutput(Expr, escape: Bool)
    /// `$item@first` and friends.
    case loopProperty(String, LoopProperty)
    case smartyForeach(String, LoopProperty, [Access])
    case smartyCapture(String, [Access])
    case smartyConst(String)
    case smartyRequest([Access])
    case array([(key: Expr?, value: Expr)])
    case not(Expr)
    case negate(Expr)
    case binary(BinaryOperator, Expr, Expr)
    case modifier(Modifier, Expr, [Expr], offset: Int)
    case call(Function, [Expr], offset: Int)
    /// A double-quoted string with `$var` or backtick parts, and where it starts.
    case interpolated([Expr], offset: Int)
    /// `(condition) ? then : else`.
    case ternary(Expr, Expr, Expr)
    /// `$x is [not] even|odd|div by n`.
    case parity(ParityTest, Expr, by: Expr?, negated: Bool)
    case smartyNow
    /// The literal name of `__("name", …)`, which a context remembers the translation of.
    case translationKey(TranslationKey)
    case smartySection(String, SectionProperty)
    case mathCall(MathFunction, [Expr])
}

enum BinaryOperator: String, Sendable {
    case equal = "==", notEqual = "!=", identical = "===", notIdentical = "!=="
    case less = "<", greater = ">", lessEqual = "<=", greaterEqual = ">="
    case and = "&&", or = "||"
    case plus = "+", minus = "-", times = "*", divide = "/", modulo = "%"

    var precedence: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .equal, .notEqual, .identical, .notIdentical: 3
        case .less, .greater, .lessEqual, .greaterEqual: 4
        case .plus, .minus: 5
        case .times, .divide, .modulo: 6
        }
    }
}

/// A language variable name written literally in a template, numbered in the process so that a
/// context can remember its translation in an array rather than hash the name at every render.
struct TranslationKey: Sendable {
    let text: String
    /// Nil past `maxCount` names, which bounds the table (fuzzing parses endless new names).
    let id: Int?

    private static let ids = Mutex<[String: Int]>([:])
    static let maxCount = 4096

    init(_ text: String) {
        self.text = text
        id = Self.ids.withLock { ids in
            if let id = ids[text] { return id }
            guard ids.count < Self.maxCount else { return nil }
            ids[text] = ids.count
            return ids.count - 1
        }
    }
}

/// Functions callable as `{name(...)}` in expressions.
enum Function: String, Sendable, CaseIterable {
    case translate = "__"
    case fnURL = "fn_url"
    case fnAllowedFor = "fn_allowed_for"
    case count, sizeof
    case inArray = "in_array"
    case implode
    case isArray = "is_array"
    case empty, isset
    case intval
}

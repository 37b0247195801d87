public import Basics

/// A compiled template: immutable, so one tree serves every render on any thread.
public final class CompiledTemplate: Sendable {
    public let name: String
    public let source: SourceFileBox
    let body: [Node]

    init(name: String, source: SourceFileBox, body: [Node]) {
        self.name = name
        self.source = source
        self.body = body
    }
}

/// A shared reference to a template's source, so nodes can report locations cheaply.
public final class SourceFileBox: Sendable {
    public let file: SourceFile
    init(_ file: SourceFile) { self.file = file }
}

/// One node of a template's tree. Offsets are UTF-8 byte offsets into the template's source.
indirect enum Node: Sendable {
    case text(String)
    case print(Expr, escape: Bool)
    case conditional(branches: [(condition: Expr, body: [Node])], otherwise: [Node]?)
    case foreach(Foreach)
    case assign(name: String, path: [Access], value: Expr)
    case capture(name: Expr?, assign: String?, body: [Node])
    case include(file: Expr, params: [(String, Expr)], assign: String?, offset: Int)
    case hook(name: String, body: [Node], offset: Int)
    case script(src: Expr)
    case style(src: Expr)
}

struct Foreach: Sendable {
    var source: Expr
    var item: String
    var key: String?
    var name: String?
    var body: [Node]
    var otherwise: [Node]?
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
    case variable(String, [Access])
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
    /// A double-quoted string with `$var` or backtick parts.
    case interpolated([Expr])
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

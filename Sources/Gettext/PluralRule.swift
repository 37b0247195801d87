/// A `Plural-Forms` rule: how many forms a language has and the C expression that picks one.
///
/// The expression language is gettext's (`plural.y`): `?:`, `||`, `&&`, `==`, `!=`, `<`, `>`, `<=`,
/// `>=`, `+`, `-`, `*`, `/`, `%`, `!`, parentheses, `n` and decimal numbers, evaluated in
/// unsigned long arithmetic as gettext does.
public struct PluralRule: Sendable, Hashable, CustomStringConvertible {
    public let nplurals: Int
    public let expression: Expression
    /// The expression as written.
    public let source: String

    /// A parsed plural expression.
    public indirect enum Expression: Sendable, Hashable {
        case n
        case number(UInt)
        case not(Expression)
        case binary(Operator, Expression, Expression)
        case conditional(Expression, Expression, Expression)
    }

    /// A binary operator of the expression language.
    public enum Operator: String, Sendable, Hashable {
        case or = "||", and = "&&", equal = "==", notEqual = "!=", less = "<", greater = ">"
        case lessOrEqual = "<=", greaterOrEqual = ">=", plus = "+", minus = "-", times = "*"
        case divide = "/", remainder = "%"
    }

    /// Why a rule could not be read or evaluated.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Reads a header value such as `nplurals=3; plural=(n%10==1 ? 0 : 1);`.
    public init(header value: String) throws(Failure) {
        guard let afterCount = value.after("nplurals=") else { throw Failure(message: "no nplurals=INTEGER") }
        let digits = afterCount.drop { $0 == " " }.prefix { $0.isASCII && $0.isNumber }
        guard let count = Int(digits), count > 0 else { throw Failure(message: "nplurals is not a positive integer") }
        guard let afterPlural = value.after("plural=") else { throw Failure(message: "no plural=EXPRESSION") }
        let text = String(afterPlural)
        try self.init(nplurals: count, expression: text)
    }

    /// Parses an expression for a number of forms.
    public init(nplurals: Int, expression text: String) throws(Failure) {
        var parser = ExpressionParser(bytes: Array(text.utf8))
        let expression = try parser.parseAll()
        self.nplurals = nplurals
        self.expression = expression
        self.source = String(decoding: parser.bytes[..<parser.end], as: UTF8.self)
    }

    /// The form index for a count; fails on division by zero.
    public func form(for n: UInt) throws(Failure) -> UInt { try Self.evaluate(expression, n) }

    /// Checks the rule as `msgfmt --check` does: for n in 0…1000 every value is below nplurals and
    /// no division by zero happens.
    public func validate() -> Failure? {
        for n in UInt(0)...1000 {
            do {
                let value = try form(for: n)
                if value >= UInt(nplurals) {
                    return Failure(
                        message: "nplurals = \(nplurals) but the expression can produce values as large as \(value)")
                }
            } catch {
                return Failure(message: "plural expression can produce division by zero")
            }
        }
        return nil
    }

    public var description: String { "nplurals=\(nplurals); plural=\(source);" }

    private static func evaluate(_ expression: Expression, _ n: UInt) throws(Failure) -> UInt {
        switch expression {
        case .n: return n
        case .number(let value): return value
        case .not(let operand): return try evaluate(operand, n) == 0 ? 1 : 0
        case .conditional(let condition, let then, let otherwise):
            return try evaluate(condition, n) != 0 ? evaluate(then, n) : evaluate(otherwise, n)
        case .binary(let op, let lhs, let rhs):
            let left = try evaluate(lhs, n)
            // || and && short-circuit, as in C.
            if op == .or, left != 0 { return 1 }
            if op == .and, left == 0 { return 0 }
            let right = try evaluate(rhs, n)
            switch op {
            case .or, .and: return right != 0 ? 1 : 0
            case .equal: return left == right ? 1 : 0
            case .notEqual: return left != right ? 1 : 0
            case .less: return left < right ? 1 : 0
            case .greater: return left > right ? 1 : 0
            case .lessOrEqual: return left <= right ? 1 : 0
            case .greaterOrEqual: return left >= right ? 1 : 0
            case .plus: return left &+ right
            case .minus: return left &- right
            case .times: return left &* right
            case .divide, .remainder:
                guard right != 0 else { throw Failure(message: "division by zero") }
                return op == .divide ? left / right : left % right
            }
        }
    }
}

/// Precedence climbing over gettext's grammar; stops at `;` or the end of the text.
private struct ExpressionParser {
    let bytes: [UInt8]
    var index = 0
    var end = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseAll() throws(PluralRule.Failure) -> PluralRule.Expression {
        let expression = try parseConditional()
        skipSpaces()
        end = index
        if index < bytes.count, bytes[index] != UInt8(ascii: ";"), bytes[index] != UInt8(ascii: "\n") {
            throw failure("unexpected `\(Character(Unicode.Scalar(bytes[index])))`")
        }
        return expression
    }

    func failure(_ message: String) -> PluralRule.Failure {
        PluralRule.Failure(message: "invalid plural expression: \(message) at column \(index + 1)")
    }

    mutating func skipSpaces() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
    }

    mutating func parseConditional() throws(PluralRule.Failure) -> PluralRule.Expression {
        let condition = try parseBinary(level: 0)
        skipSpaces()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "?") else { return condition }
        index += 1
        let then = try parseConditional()
        skipSpaces()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected `:`") }
        index += 1
        let otherwise = try parseConditional()
        return .conditional(condition, then, otherwise)
    }

    static let levels: [[PluralRule.Operator]] = [
        [.or], [.and], [.equal, .notEqual], [.lessOrEqual, .greaterOrEqual, .less, .greater], [.plus, .minus],
        [.times, .divide, .remainder],
    ]

    mutating func parseBinary(level: Int) throws(PluralRule.Failure) -> PluralRule.Expression {
        if level == Self.levels.count { return try parseUnary() }
        var lhs = try parseBinary(level: level + 1)
        while true {
            skipSpaces()
            guard let op = matchOperator(Self.levels[level]) else { return lhs }
            let rhs = try parseBinary(level: level + 1)
            lhs = .binary(op, lhs, rhs)
        }
    }

    mutating func matchOperator(_ candidates: [PluralRule.Operator]) -> PluralRule.Operator? {
        for op in candidates {
            let spelling = Array(op.rawValue.utf8)
            guard index + spelling.count <= bytes.count, Array(bytes[index..<index + spelling.count]) == spelling else {
                continue
            }
            // `<` must not take the first half of `<=`, nor `!` of `!=` (handled by the order above).
            index += spelling.count
            return op
        }
        return nil
    }

    mutating func parseUnary() throws(PluralRule.Failure) -> PluralRule.Expression {
        skipSpaces()
        guard index < bytes.count else { throw failure("unexpected end") }
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "!"):
            index += 1
            return .not(try parseUnary())
        case UInt8(ascii: "("):
            index += 1
            let inner = try parseConditional()
            skipSpaces()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ")") else { throw failure("expected `)`") }
            index += 1
            return inner
        case UInt8(ascii: "n"):
            index += 1
            return .n
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            var value: UInt = 0
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                value = value &* 10 &+ UInt(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            return .number(value)
        default:
            throw failure("unexpected `\(Character(Unicode.Scalar(byte)))`")
        }
    }
}

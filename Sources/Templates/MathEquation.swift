/// The equation of `{math}`: numbers, the tag's variables, `+ - * / %`, parentheses and PHP's
/// math functions. Names become the expressions of the tag's attributes, so the equation is
/// evaluated like any other expression.
struct MathParser {
    let bytes: [UInt8]
    let variables: [String: Expr]
    var pos = 0
    /// Nesting so far, bounded like the parser's expressions (each level is a stack frame).
    private var depth = 0

    init(bytes: [UInt8], variables: [String: Expr]) {
        self.bytes = bytes
        self.variables = variables
    }

    mutating func parse() throws -> Expr {
        let expr = try sum()
        skipSpaces()
        guard pos == bytes.count else { throw TemplateProblem.expected("an operator in the equation at '\(rest)'") }
        return expr
    }

    private var rest: String { String(decoding: bytes[pos...], as: UTF8.self) }

    /// One more level: each operator wraps the tree once more, so it counts as one.
    private mutating func enter() throws {
        depth += 1
        if depth > Parser.maxExpressionDepth {
            throw TemplateProblem.nestingTooDeep("equation", limit: Parser.maxExpressionDepth)
        }
    }

    private mutating func sum() throws -> Expr {
        let entryDepth = depth
        defer { depth = entryDepth }
        var lhs = try product()
        while true {
            skipSpaces()
            let op: BinaryOperator
            if take("+") { op = .plus } else if take("-") { op = .minus } else { return lhs }
            try enter()
            lhs = .binary(op, lhs, try product())
        }
    }

    private mutating func product() throws -> Expr {
        let entryDepth = depth
        defer { depth = entryDepth }
        var lhs = try unary()
        while true {
            skipSpaces()
            let op: BinaryOperator
            if take("*") {
                op = .times
            } else if take("/") {
                op = .divide
            } else if take("%") {
                op = .modulo
            } else {
                return lhs
            }
            try enter()
            lhs = .binary(op, lhs, try unary())
        }
    }

    private mutating func unary() throws -> Expr {
        let entryDepth = depth
        defer { depth = entryDepth }
        try enter()
        skipSpaces()
        if take("-") { return .negate(try unary()) }
        if take("+") { return try unary() }
        return try primary()
    }

    private mutating func primary() throws -> Expr {
        skipSpaces()
        guard pos < bytes.count else { throw TemplateProblem.expected("a value at the end of the equation") }
        if take("(") {
            let inner = try sum()
            skipSpaces()
            guard take(")") else { throw TemplateProblem.expected("')' in the equation") }
            return inner
        }
        let start = pos
        if isDigit(bytes[pos]) || bytes[pos] == UInt8(ascii: ".") {
            while pos < bytes.count, isDigit(bytes[pos]) || bytes[pos] == UInt8(ascii: ".") { pos += 1 }
            let text = String(decoding: bytes[start..<pos], as: UTF8.self)
            if let i = Int(text) { return .literal(.int(i)) }
            guard let d = Double(text) else {
                throw TemplateProblem.expected("a number in the equation, not '\(text)'")
            }
            return .literal(.float(d))
        }
        while pos < bytes.count, isLetter(bytes[pos]) || (pos > start && isDigit(bytes[pos])) { pos += 1 }
        let name = String(decoding: bytes[start..<pos], as: UTF8.self)
        guard !name.isEmpty else { throw TemplateProblem.expected("a value in the equation at '\(rest)'") }
        skipSpaces()
        if take("(") {
            guard let function = MathFunction(rawValue: name) else { throw TemplateProblem.unknownFunction(name) }
            var args: [Expr] = []
            skipSpaces()
            if !take(")") {
                repeat {
                    args.append(try sum())
                    skipSpaces()
                } while take(",")
                guard take(")") else { throw TemplateProblem.expected("',' or ')' in the equation") }
            }
            return .mathCall(function, args)
        }
        guard let variable = variables[name] else { throw TemplateProblem.unknownMathVariable(name) }
        return variable
    }

    private mutating func take(_ c: Unicode.Scalar) -> Bool {
        guard pos < bytes.count, bytes[pos] == UInt8(c.value) else { return false }
        pos += 1
        return true
    }

    private mutating func skipSpaces() {
        while pos < bytes.count, bytes[pos] == 32 || bytes[pos] == 9 { pos += 1 }
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    private func isLetter(_ b: UInt8) -> Bool {
        (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == UInt8(ascii: "_")
    }
}

import Basics
import Foundation

/// Turns a template's bytes into an immutable node tree. Text outside tags is kept byte for byte;
/// a newline right after a non-printing tag is dropped, as PHP drops it after Smarty's `?>`.
struct Parser {
    private let file: SourceFile
    private let bytes: [UInt8]
    private var pos = 0
    private var text: [UInt8] = []
    /// The pending text follows a non-printing tag, whose `?>` eats one newline in Smarty (so
    /// does the compiled file's header, at the start).
    private var textFollowsTag = true
    private var stripDepth = 0
    private var symbols: [String] = []
    private var symbolSlots: [String: Int] = [:]
    /// Items read with `$item@property`, so their loops keep that state.
    private var itemsWithProperties: Set<String> = []
    /// Current nesting, bounded so that neither the parser's recursion nor the renderer's (which
    /// follows the tree) can overflow a thread's stack on hostile input.
    private var expressionDepth = 0
    private var blockDepth = 0
    /// The deepest `blockDepth` reached: how deep rendering the template recurses.
    private var deepestBlock = 0

    /// Levels of nesting a template may use: far more than real templates need, few enough that
    /// the deepest blocks, 64 includes deep, ending in the deepest expression still render on a
    /// secondary thread's stack (tested).
    static let maxExpressionDepth = 200
    static let maxBlockDepth = 100
    /// Tags whose body is a nested block.
    private static let blockTags: Set<String> = ["if", "foreach", "capture", "strip", "hook", "section"]

    init(file: SourceFile) {
        self.file = file
        self.bytes = file.bytes
    }

    static func parse(_ file: SourceFile) throws -> (body: [Node], symbols: SymbolTable, depth: Int) {
        var parser = Parser(file: file)
        let (nodes, end) = try parser.parseBlock(enders: [])
        if let end { throw parser.error(.unexpectedClose(end.name), at: end.offset) }
        return (nodes, SymbolTable(names: parser.symbols), parser.deepestBlock)
    }

    /// The slot of a variable name in this template.
    private mutating func slot(_ name: String) -> Int {
        if let existing = symbolSlots[name] { return existing }
        symbols.append(name)
        symbolSlots[name] = symbols.count - 1
        return symbols.count - 1
    }

    // MARK: - Blocks

    struct TagHead {
        var name: String
        var offset: Int
        /// Position just after the name, to parse attributes or a condition.
        var rest: Int
    }

    /// Parses nodes until one of `enders` (such as `/if`, `else`) and returns it, positioned
    /// after its name.
    private mutating func parseBlock(enders: Set<String>) throws -> ([Node], TagHead?) {
        let entryDepth = blockDepth
        defer { blockDepth = entryDepth }
        blockDepth += 1
        deepestBlock = max(deepestBlock, blockDepth)
        var nodes: [Node] = []
        while true {
            guard let open = bytes[pos...].firstIndex(of: UInt8(ascii: "{")) else {
                text += bytes[pos...]
                pos = bytes.count
                flushText(into: &nodes)
                return (nodes, nil)
            }
            text += bytes[pos..<open]
            let next = open + 1 < bytes.count ? bytes[open + 1] : UInt8(ascii: " ")
            // Smarty takes `{` before white space as text, and `{}` too (its lexer's `emptyjava`:
            // `var addons = addons || {};` in a script).
            if isSpace(next) || next == UInt8(ascii: "}") {
                text.append(UInt8(ascii: "{"))
                pos = open + 1
                continue
            }
            if next == UInt8(ascii: "*") {
                guard let close = find("*}", from: open + 2) else { throw error(.unclosedComment, at: open) }
                pos = close + 2
                if pos < bytes.count, bytes[pos] == UInt8(ascii: "\n") { pos += 1 }
                continue
            }
            pos = open + 1
            let head = open
            // `{/name}` and `{name ...}`
            var name = ""
            if bytes[pos] == UInt8(ascii: "/") {
                pos += 1
                name = "/" + readIdentifier()
            } else if isIdentifierStart(bytes[pos]) {
                let save = pos
                name = readIdentifier()
                skipSpaces()
                if ["true", "false", "null"].contains(name.lowercased())
                    || (!TemplateProblem.knownTags.contains(name) && pos < bytes.count
                        && (bytes[pos] == UInt8(ascii: "(") || bytes[pos] == UInt8(ascii: ":")))
                {
                    name = ""  // a function call (`__(…)`) or a static (`Class::x`) printed
                    pos = save
                } else {
                    pos = save + name.utf8.count
                }
            }
            if !name.isEmpty, enders.contains(name) {
                flushText(into: &nodes)
                return (nodes, TagHead(name: name, offset: head, rest: pos))
            }
            if blockDepth > Self.maxBlockDepth, Self.blockTags.contains(name) {
                throw error(.nestingTooDeep("block", limit: Self.maxBlockDepth), at: head)
            }
            switch name {
            case "":
                try parsePrintOrAssign(into: &nodes, at: head)
            case "if":
                flushText(into: &nodes)
                nodes.append(try parseIf(at: head))
            case "foreach":
                flushText(into: &nodes)
                nodes.append(try parseForeach(at: head))
            case "include":
                flushText(into: &nodes)
                let attrs = try parseAttributes()
                guard let file = attrs.first(where: { $0.0 == "file" })?.1 else {
                    throw error(.missingAttribute("file", tag: "include"), at: head)
                }
                let assign = try attrs.first(where: { $0.0 == "assign" }).map { slot(try literalName($0.1, at: head)) }
                let params = attrs.filter { $0.0 != "file" && $0.0 != "assign" }
                nodes.append(.include(file: file, params: params, assign: assign, offset: head))
                afterTag()
            case "assign":
                flushText(into: &nodes)
                let attrs = try parseAttributes()
                guard let v = attrs.first(where: { $0.0 == "var" })?.1 else {
                    throw error(.missingAttribute("var", tag: "assign"), at: head)
                }
                let value = attrs.first(where: { $0.0 == "value" })?.1 ?? .literal(.null)
                nodes.append(.assign(slot: slot(try literalName(v, at: head)), path: [], appending: false, value: value))
                afterTag()
            case "capture":
                flushText(into: &nodes)
                let attrs = try parseAttributes()
                let nameAttr = attrs.first(where: { $0.0 == "name" })?.1
                let assign = try attrs.first(where: { $0.0 == "assign" }).map { slot(try literalName($0.1, at: head)) }
                afterTag()
                let (body, _) = try parseRequired(enders: ["/capture"], opener: "capture", at: head)
                nodes.append(
                    .capture(name: nameAttr ?? (assign == nil ? .literal("default") : nil), assign: assign, body: body))
            case "strip":
                // {strip} is the lexer's business in Smarty: no PHP tag, so no newline is eaten.
                flushText(into: &nodes)
                try expectClose()
                stripDepth += 1
                let (body, end) = try parseBlock(enders: ["/strip"])
                guard let end else { throw error(.unclosed("strip"), at: head) }
                pos = end.rest
                try expectClose()
                stripDepth -= 1
                nodes += body
            case "literal":
                try expectClose()
                guard let close = find("{/literal}", from: pos) else { throw error(.unclosed("literal"), at: head) }
                text += bytes[pos..<close]
                pos = close + "{/literal}".utf8.count
            case "ldelim", "rdelim":
                try expectClose()
                text.append(UInt8(ascii: name == "ldelim" ? "{" : "}"))
            case "hook":
                flushText(into: &nodes)
                let attrs = try parseAttributes()
                guard let n = attrs.first(where: { $0.0 == "name" })?.1 else {
                    throw error(.missingAttribute("name", tag: "hook"), at: head)
                }
                let hookName = try literalName(n, at: head)
                afterTag()
                let (body, _) = try parseRequired(enders: ["/hook"], opener: "hook", at: head)
                nodes.append(.hook(name: hookName, body: body, offset: head))
            case "section":
                flushText(into: &nodes)
                nodes.append(try parseSection(at: head))
            case "math":
                flushText(into: &nodes)
                nodes.append(try parseMath(at: head))  // a function tag: Smarty keeps the newline after it
            case "break", "continue":
                flushText(into: &nodes)
                _ = try parseAttributes()
                nodes.append(name == "break" ? .breakLoop : .continueLoop)
                afterTag()
            case "script", "style":
                flushText(into: &nodes)
                let attrs = try parseAttributes()
                guard let src = attrs.first(where: { $0.0 == "src" })?.1 else {
                    throw error(.missingAttribute("src", tag: name), at: head)
                }
                nodes.append(name == "script" ? .script(src: src) : .style(src: src))
                afterTag()
            default:
                if name.hasPrefix("/") || ["else", "elseif", "foreachelse", "sectionelse"].contains(name) {
                    throw error(.unexpectedClose(name), at: head)
                }
                throw error(.unknownTag(name), at: head)
            }
        }
    }

    private mutating func parseRequired(enders: Set<String>, opener: String, at offset: Int) throws -> ([Node], TagHead)
    {
        let (body, end) = try parseBlock(enders: enders)
        guard let end else { throw error(.unclosed(opener), at: offset) }
        pos = end.rest
        try expectClose()
        afterTag()
        return (body, end)
    }

    private mutating func parseIf(at head: Int) throws -> Node {
        var branches: [(Expr, [Node])] = []
        var condition = try parseExpression()
        skipFlags()
        try expectClose()
        afterTag()
        while true {
            let (body, end) = try parseBlock(enders: ["elseif", "else", "/if"])
            guard let end else { throw error(.unclosed("if"), at: head) }
            branches.append((condition, body))
            pos = end.rest
            switch end.name {
            case "elseif":
                condition = try parseExpression()
                skipFlags()
                try expectClose()
                afterTag()
            case "else":
                try expectClose()
                afterTag()
                let (otherwise, _) = try parseRequired(enders: ["/if"], opener: "if", at: head)
                return .conditional(branches: branches, otherwise: otherwise)
            default:
                try expectClose()
                afterTag()
                return .conditional(branches: branches, otherwise: nil)
            }
        }
    }

    private mutating func parseForeach(at head: Int) throws -> Node {
        skipSpaces()
        var source: Expr
        var item: String
        var key: String?
        var name: String?
        if peekWord() == "from" || peekWord() == "item" || peekWord() == "key" || peekWord() == "name" {
            let attrs = try parseAttributes()
            guard let from = attrs.first(where: { $0.0 == "from" })?.1 else {
                throw error(.missingAttribute("from", tag: "foreach"), at: head)
            }
            guard let i = attrs.first(where: { $0.0 == "item" })?.1 else {
                throw error(.missingAttribute("item", tag: "foreach"), at: head)
            }
            source = from
            item = try literalName(i, at: head)
            key = try attrs.first(where: { $0.0 == "key" }).map { try literalName($0.1, at: head) }
            name = try attrs.first(where: { $0.0 == "name" }).map { try literalName($0.1, at: head) }
        } else {
            source = try parseExpression()
            skipSpaces()
            guard readIdentifier() == "as" else { throw error(.expected("'as'"), at: pos) }
            skipSpaces()
            item = try readVariableName()
            skipSpaces()
            if match("=>") {
                skipSpaces()
                key = item
                item = try readVariableName()
            }
            let attrs = try parseAttributes()
            name = try attrs.first(where: { $0.0 == "name" }).map { try literalName($0.1, at: head) }
        }
        afterTag()
        let (body, end) = try parseBlock(enders: ["foreachelse", "/foreach"])
        guard let end else { throw error(.unclosed("foreach"), at: head) }
        pos = end.rest
        try expectClose()
        afterTag()
        var otherwise: [Node]?
        if end.name == "foreachelse" {
            otherwise = try parseRequired(enders: ["/foreach"], opener: "foreach", at: head).0
        }
        return .foreach(
            Foreach(
                source: source, item: slot(item), itemName: item, tracksItem: itemsWithProperties.contains(item),
                key: key.map { slot($0) }, name: name, body: body, otherwise: otherwise, offset: head))
    }

    private mutating func parsePrintOrAssign(into nodes: inout [Node], at head: Int) throws {
        skipSpaces()
        if bytes[pos] == UInt8(ascii: "$") {
            let save = pos
            pos += 1
            let name = readIdentifier()
            if !name.isEmpty, name != "smarty" {
                let path = try parsePath()
                let beforeAppend = pos
                var appending = false
                if match("[") {
                    skipSpaces()
                    appending = match("]")
                }
                if !appending { pos = beforeAppend }
                skipSpaces()
                if pos < bytes.count, bytes[pos] == UInt8(ascii: "="), pos + 1 < bytes.count,
                    bytes[pos + 1] != UInt8(ascii: "=")
                {
                    pos += 1
                    let value = try parseExpression()
                    try expectClose()
                    flushText(into: &nodes)
                    nodes.append(.assign(slot: slot(name), path: path, appending: appending, value: value))
                    afterTag()
                    return
                }
            }
            pos = save
        }
        let expr = try parseExpression()
        skipSpaces()
        var escape = true
        while true {
            skipSpaces()
            let flag = peekWord()
            if flag == "nofilter" {
                escape = false
            } else if flag != "nocache" {
                break
            }
            _ = readIdentifier()
        }
        try expectClose()
        flushText(into: &nodes)
        if case .call(.translate, let args, _) = expr, args.count == 1, case .translationKey(let key) = args[0],
            key.id != nil
        {
            nodes.append(.translation(key, escape: escape))
        } else {
            nodes.append(.print(expr, escape: escape))
        }
    }

    // MARK: - Text

    private mutating func afterTag() { textFollowsTag = true }

    private mutating func flushText(into nodes: inout [Node]) {
        defer {
            text.removeAll(keepingCapacity: true)
            textFollowsTag = false
        }
        var chunk = text
        if stripDepth > 0 { chunk = Array(Strip.process(String(decoding: chunk, as: UTF8.self)).utf8) }
        if textFollowsTag {
            if chunk.first == UInt8(ascii: "\n") {
                chunk.removeFirst()
            } else if chunk.count >= 2, chunk[0] == UInt8(ascii: "\r"), chunk[1] == UInt8(ascii: "\n") {
                chunk.removeFirst(2)
            }
        }
        // Made valid UTF-8 once, here, so rendered bytes need no check.
        if !chunk.isEmpty { nodes.append(.text(Array(String(decoding: chunk, as: UTF8.self).utf8))) }
    }

    /// `nocache` after a tag's expression: Smarty's caching is off, so it means nothing.
    private mutating func skipFlags() {
        skipSpaces()
        if peekWord() == "nocache" { _ = readIdentifier() }
    }

    private mutating func parseSection(at head: Int) throws -> Node {
        let attrs = try parseAttributes()
        func attribute(_ key: String) -> Expr? { attrs.first(where: { $0.0 == key })?.1 }
        guard let nameAttr = attribute("name") else { throw error(.missingAttribute("name", tag: "section"), at: head) }
        guard let loop = attribute("loop") else { throw error(.missingAttribute("loop", tag: "section"), at: head) }
        let name = try literalName(nameAttr, at: head)
        afterTag()
        let (body, end) = try parseBlock(enders: ["sectionelse", "/section"])
        guard let end else { throw error(.unclosed("section"), at: head) }
        pos = end.rest
        try expectClose()
        afterTag()
        var otherwise: [Node]?
        if end.name == "sectionelse" {
            otherwise = try parseRequired(enders: ["/section"], opener: "section", at: head).0
        }
        return .section(
            Section(
                name: name, loop: loop, start: attribute("start"), step: attribute("step"), max: attribute("max"),
                body: body, otherwise: otherwise, offset: head))
    }

    /// `{math equation="…" x=… format="…" assign="…"}`: the equation is parsed once, here, with
    /// each of its names replaced by the attribute's expression.
    private mutating func parseMath(at head: Int) throws -> Node {
        let attrs = try parseAttributes()
        guard let equationAttr = attrs.first(where: { $0.0 == "equation" })?.1 else {
            throw error(.missingAttribute("equation", tag: "math"), at: head)
        }
        guard case .literal(.string(let equation)) = equationAttr else {
            throw error(.expected("a literal equation"), at: head)
        }
        var variables: [String: Expr] = [:]
        for (key, value) in attrs where !["equation", "format", "assign"].contains(key) { variables[key] = value }
        let assign = try attrs.first(where: { $0.0 == "assign" }).map { slot(try literalName($0.1, at: head)) }
        var math = MathParser(bytes: Array(equation.utf8), variables: variables)
        do {
            let expr = try math.parse()
            return .math(
                expr, format: attrs.first(where: { $0.0 == "format" })?.1, assign: assign,
                operands: attrs.filter { variables[$0.0] != nil }.map(\.1))
        } catch let problem as TemplateProblem {
            throw error(problem, at: head)
        }
    }

    // MARK: - Attributes

    private mutating func parseAttributes() throws -> [(String, Expr)] {
        var attrs: [(String, Expr)] = []
        while true {
            skipSpaces()
            guard pos < bytes.count else { throw error(.unclosedTag, at: pos) }
            if bytes[pos] == UInt8(ascii: "}") {
                pos += 1
                return attrs
            }
            let at = pos
            let name = readIdentifier()
            guard !name.isEmpty else { throw error(.expected("an attribute name=value or '}'"), at: at) }
            skipSpaces()
            if name == "nocache", pos < bytes.count, bytes[pos] != UInt8(ascii: "=") { continue }  // caching is off
            guard match("=") else { throw error(.expected("'=' after attribute '\(name)'"), at: pos) }
            skipSpaces()
            attrs.append((name, try parseExpression(bareWords: true)))
        }
    }

    /// The name an attribute gives (`item="v"`, `item=v`).
    private func literalName(_ expr: Expr, at offset: Int) throws -> String {
        if case .literal(.string(let s)) = expr { return s }
        throw error(.expected("a literal name"), at: offset)
    }

    // MARK: - Expressions

    mutating func parseExpression(bareWords: Bool = false) throws -> Expr {
        try parseBinary(minPrecedence: 0, bareWords: bareWords)
    }

    /// One more level of expression: every node that wraps another enters one, so the tree's
    /// depth (what evaluating it recurses through) stays within the limit too.
    private mutating func enterExpression(at offset: Int) throws {
        expressionDepth += 1
        if expressionDepth > Self.maxExpressionDepth {
            throw error(.nestingTooDeep("expression", limit: Self.maxExpressionDepth), at: offset)
        }
    }

    private mutating func parseBinary(minPrecedence: Int, bareWords: Bool) throws -> Expr {
        let entryDepth = expressionDepth
        defer { expressionDepth = entryDepth }
        var lhs = try parseUnary(bareWords: bareWords)
        while true {
            skipSpaces()
            let save = pos
            if peekWord() == "is", let test = try parseParityTest(lhs) {
                try enterExpression(at: save)
                lhs = test
                continue
            }
            guard let op = readBinaryOperator(), op.precedence >= minPrecedence else {
                pos = save
                return lhs
            }
            try enterExpression(at: save)
            let rhs = try parseBinary(minPrecedence: op.precedence + 1, bareWords: bareWords)
            lhs = .binary(op, lhs, rhs)
        }
    }

    /// `is [not] even|odd [by n]`, `is [not] div by n` after `lhs`; nil (position kept) otherwise.
    private mutating func parseParityTest(_ lhs: Expr) throws -> Expr? {
        let save = pos
        _ = readIdentifier()
        skipSpaces()
        var negated = false
        if peekWord() == "not" {
            _ = readIdentifier()
            skipSpaces()
            negated = true
        }
        let test: ParityTest
        switch readIdentifier() {
        case "even": test = .even
        case "odd": test = .odd
        case "div": test = .divisible
        default:
            pos = save
            return nil
        }
        let afterWord = pos
        skipSpaces()
        var by: Expr?
        if peekWord() == "by" {
            _ = readIdentifier()
            by = try parseUnary(bareWords: false)
        } else {
            pos = afterWord
            if test == .divisible { throw error(.expected("'by' after 'is div'"), at: pos) }
        }
        return .parity(test, lhs, by: by, negated: negated)
    }

    private mutating func readBinaryOperator() -> BinaryOperator? {
        for symbol in ["===", "!==", "==", "!=", "<>", "<=", ">=", "&&", "||", "<", ">", "+", "-", "*", "/", "%"]
        where match(symbol) {
            return symbol == "<>" ? .notEqual : BinaryOperator(rawValue: symbol)
        }
        let save = pos
        let words: [String: BinaryOperator] = [
            "eq": .equal, "ne": .notEqual, "neq": .notEqual, "gt": .greater, "lt": .less, "ge": .greaterEqual,
            "gte": .greaterEqual, "le": .lessEqual, "lte": .lessEqual, "and": .and, "or": .or, "mod": .modulo,
        ]
        if let op = words[readIdentifier()] { return op }
        pos = save
        return nil
    }

    private mutating func parseUnary(bareWords: Bool) throws -> Expr {
        skipSpaces()
        let entryDepth = expressionDepth
        defer { expressionDepth = entryDepth }
        try enterExpression(at: pos)
        if match("!") { return .not(try parseUnary(bareWords: bareWords)) }
        if peekWord() == "not" {
            _ = readIdentifier()
            return .not(try parseUnary(bareWords: bareWords))
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "-"), !(pos + 1 < bytes.count && isDigit(bytes[pos + 1])) {
            pos += 1
            return .negate(try parseUnary(bareWords: bareWords))
        }
        let primary = try parsePrimary(bareWords: bareWords)
        return try parseModifiers(primary)
    }

    private mutating func parseModifiers(_ base: Expr) throws -> Expr {
        let entryDepth = expressionDepth
        defer { expressionDepth = entryDepth }
        var expr = base
        while pos < bytes.count, bytes[pos] == UInt8(ascii: "|"),
            !(pos + 1 < bytes.count && bytes[pos + 1] == UInt8(ascii: "|"))
        {
            pos += 1
            _ = match("@")
            let at = pos
            let name = readIdentifier()
            guard let modifier = Modifier(rawValue: name) else { throw error(.unknownModifier(name), at: at) }
            try enterExpression(at: at)
            var args: [Expr] = []
            while match(":") {
                skipSpaces()
                args.append(try parsePrimary(bareWords: true))
            }
            expr = .modifier(modifier, expr, args, offset: at)
        }
        return expr
    }

    private mutating func parsePrimary(bareWords: Bool) throws -> Expr {
        skipSpaces()
        guard pos < bytes.count else { throw error(.unclosedTag, at: pos) }
        let at = pos
        let byte = bytes[pos]
        switch byte {
        case UInt8(ascii: "$"):
            return try parseVariable()
        case UInt8(ascii: "\""):
            return try parseDoubleQuoted()
        case UInt8(ascii: "'"):
            return .literal(.string(try readSingleQuoted()))
        case UInt8(ascii: "("):
            pos += 1
            let inner = try parseExpression(bareWords: bareWords)
            skipSpaces()
            guard match(")") else { throw error(.expected("')'"), at: pos) }
            // Smarty's ternary needs the parentheses: `(condition) ? a : b`.
            let save = pos
            skipSpaces()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "?") else {
                pos = save
                return inner
            }
            pos += 1
            let then = try parseExpression()
            skipSpaces()
            guard match(":") else { throw error(.expected("':' of the '?' operator"), at: pos) }
            return .ternary(inner, then, try parseExpression())
        case UInt8(ascii: "["):
            pos += 1
            return try parseArrayLiteral()
        case UInt8(ascii: "{"):
            // A tag inside a tag's attribute: `title={__("x")}`.
            pos += 1
            let inner = try parseExpression()
            skipSpaces()
            guard match("}") else { throw error(.expected("'}'"), at: pos) }
            return inner
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try readNumber()
        default:
            break
        }
        guard isIdentifierStart(byte) else { throw error(.expected("a value"), at: at) }
        let word = readIdentifier()
        switch word.lowercased() {
        case "true": return .literal(true)
        case "false": return .literal(false)
        case "null": return .literal(nil)
        default: break
        }
        skipSpaces()
        if match("(") {
            guard let function = Function(rawValue: word) else { throw error(.unknownFunction(word), at: at) }
            var args: [Expr] = []
            skipSpaces()
            if !match(")") {
                repeat {
                    args.append(try parseExpression())
                    skipSpaces()
                } while match(",")
                guard match(")") else { throw error(.expected("',' or ')'"), at: pos) }
            }
            if function == .translate, args.isEmpty {
                throw error(.badArgument("__() needs the name of a language variable, as in __(\"order\")"), at: at)
            }
            if function == .translate, case .literal(.string(let name))? = args.first {
                args[0] = .translationKey(TranslationKey(name))
            }
            return .call(function, args, offset: at)
        }
        if bareWords { return .literal(.string(word)) }
        throw error(.unknownFunction(word), at: at)
    }

    private mutating func parseArrayLiteral() throws -> Expr {
        var items: [(key: Expr?, value: Expr)] = []
        skipSpaces()
        if match("]") { return .array(items) }
        repeat {
            skipSpaces()
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { break }
            // Smarty's `ID => expr`: a word before `=>` is a string key, `true` and `null` too.
            let beforeWord = pos
            let word = isIdentifierStart(bytes[pos]) ? readIdentifier() : ""
            skipSpaces()
            if !word.isEmpty, match("=>") {
                items.append((.literal(.string(word)), try parseExpression()))
                skipSpaces()
                continue
            }
            pos = beforeWord
            let first = try parseExpression(bareWords: true)
            skipSpaces()
            if match("=>") {
                items.append((first, try parseExpression()))
            } else {
                items.append((nil, first))
            }
            skipSpaces()
        } while match(",")
        guard match("]") else { throw error(.expected("',' or ']'"), at: pos) }
        if items.allSatisfy({
            if case .literal = $0.value {
                $0.key.map { if case .literal = $0 { true } else { false } } ?? true
            } else {
                false
            }
        }) {
            return .literal(
                Evaluator.buildArray(items.map { (k, v) in (k.map(Evaluator.literalValue), Evaluator.literalValue(v)) })
            )
        }
        return .array(items)
    }

    private mutating func readVariableName() throws -> String {
        guard match("$") else { throw error(.expected("a variable"), at: pos) }
        let name = readIdentifier()
        guard !name.isEmpty else { throw error(.expected("a variable name"), at: pos) }
        return name
    }

    private mutating func parseVariable() throws -> Expr {
        let at = pos
        // `$a.$b.$c…` recurses here without passing through parseUnary.
        let entryDepth = expressionDepth
        defer { expressionDepth = entryDepth }
        try enterExpression(at: at)
        pos += 1
        let name = readIdentifier()
        guard !name.isEmpty else { throw error(.expected("a variable name"), at: pos) }
        if name == "smarty" { return try parseSmartyVariable(at: at) }
        if match("@") {
            let propAt = pos
            let prop = readIdentifier()
            guard let property = LoopProperty(rawValue: prop) else {
                throw error(.unknownLoopProperty(prop), at: propAt)
            }
            itemsWithProperties.insert(name)
            return .loopProperty(name, property)
        }
        return .variable(slot(name), try parsePath())
    }

    private mutating func parseSmartyVariable(at: Int) throws -> Expr {
        guard match(".") else { throw error(.unknownSmartyVariable(""), at: pos) }
        let section = readIdentifier()
        switch section {
        case "foreach":
            guard match(".") else { throw error(.expected("'.name'"), at: pos) }
            let loop = readIdentifier()
            guard match(".") else { throw error(.expected("'.property'"), at: pos) }
            let propAt = pos
            let prop = readIdentifier()
            guard let property = LoopProperty(rawValue: prop) else {
                throw error(.unknownLoopProperty(prop), at: propAt)
            }
            return .smartyForeach(loop, property, try parsePath())
        case "capture":
            guard match(".") else { throw error(.expected("'.name'"), at: pos) }
            return .smartyCapture(readIdentifier(), try parsePath())
        case "const":
            guard match(".") else { throw error(.expected("'.NAME'"), at: pos) }
            return .smartyConst(readIdentifier())
        case "request":
            return .smartyRequest(try parsePath())
        case "now":
            return .smartyNow
        case "section":
            guard match(".") else { throw error(.expected("'.name'"), at: pos) }
            let section = readIdentifier()
            guard match(".") else { throw error(.expected("'.property'"), at: pos) }
            let propAt = pos
            let prop = readIdentifier()
            guard let property = SectionProperty(rawValue: prop) else {
                throw error(.unknownLoopProperty(prop), at: propAt)
            }
            return .smartySection(section, property)
        default:
            throw error(.unknownSmartyVariable(section), at: at)
        }
    }

    /// `.key`, `.0`, `.$k`, `[expr]`, `->key` steps after a variable.
    private mutating func parsePath() throws -> [Access] {
        // Each step is a level: assigning to `$x.a.b…` recurses once per step.
        let entryDepth = expressionDepth
        defer { expressionDepth = entryDepth }
        var path: [Access] = []
        while pos < bytes.count {
            let step = pos
            if bytes[pos] == UInt8(ascii: "."), pos + 1 < bytes.count {
                let next = bytes[pos + 1]
                if next == UInt8(ascii: "$") {
                    try enterExpression(at: step)
                    pos += 1
                    path.append(.index(try parseVariable()))
                } else if isIdentifierStart(next) || isDigit(next) {
                    try enterExpression(at: step)
                    pos += 1
                    path.append(.key(readIdentifier()))
                } else {
                    return path
                }
            } else if bytes[pos] == UInt8(ascii: "[") {
                try enterExpression(at: step)
                pos += 1
                skipSpaces()
                // `$x[]`, only before `=`: the caller's to take.
                if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") {
                    pos = step
                    return path
                }
                let save = pos
                let word = pos < bytes.count && isIdentifierStart(bytes[pos]) ? readIdentifier() : ""
                skipSpaces()
                if !word.isEmpty, pos < bytes.count, bytes[pos] == UInt8(ascii: "]"),
                    !["true", "false", "null"].contains(word.lowercased())
                {
                    // `$items[i]`: the index of `{section name=i}`.
                    path.append(.index(.smartySection(word, .index)))
                } else {
                    pos = save
                    path.append(.index(try parseExpression()))
                }
                skipSpaces()
                guard match("]") else { throw error(.expected("']'"), at: pos) }
            } else if match("->") {
                try enterExpression(at: step)
                path.append(.key(readIdentifier()))
            } else {
                return path
            }
        }
        return path
    }

    // MARK: - Literals

    private mutating func readNumber() throws -> Expr {
        let start = pos
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        var isFloat = false
        if pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "."), isDigit(bytes[pos + 1]) {
            isFloat = true
            pos += 1
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        let literal = String(decoding: bytes[start..<pos], as: UTF8.self)
        if !isFloat, let i = Int(literal) { return .literal(.int(i)) }
        guard let d = Double(literal) else { throw error(.expected("a number"), at: start) }
        return .literal(.float(d))
    }

    private mutating func readSingleQuoted() throws -> String {
        let start = pos
        pos += 1
        var out: [UInt8] = []
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\\"), pos + 1 < bytes.count,
                bytes[pos + 1] == UInt8(ascii: "'") || bytes[pos + 1] == UInt8(ascii: "\\")
            {
                out.append(bytes[pos + 1])
                pos += 2
                continue
            }
            pos += 1
            if b == UInt8(ascii: "'") { return String(decoding: out, as: UTF8.self) }
            out.append(b)
        }
        throw error(.unclosedString, at: start)
    }

    /// `"text $var `expr` {$expr} \n"` as PHP and Smarty read double-quoted strings.
    private mutating func parseDoubleQuoted() throws -> Expr {
        let start = pos
        pos += 1
        var parts: [Expr] = []
        var out: [UInt8] = []
        func flush() {
            if !out.isEmpty { parts.append(.literal(.string(String(decoding: out, as: UTF8.self)))) }
            out.removeAll()
        }
        while pos < bytes.count {
            let b = bytes[pos]
            switch b {
            case UInt8(ascii: "\""):
                pos += 1
                flush()
                if parts.isEmpty { return .literal("") }
                if parts.count == 1, case .literal = parts[0] { return parts[0] }
                return .interpolated(parts, offset: start)
            case UInt8(ascii: "\\") where pos + 1 < bytes.count:
                let e = bytes[pos + 1]
                let escapes: [UInt8: UInt8] = [
                    UInt8(ascii: "n"): 10, UInt8(ascii: "t"): 9, UInt8(ascii: "r"): 13, UInt8(ascii: "\\"): 92,
                    UInt8(ascii: "\""): 34, UInt8(ascii: "$"): 36, UInt8(ascii: "v"): 11, UInt8(ascii: "f"): 12,
                ]
                if let mapped = escapes[e] {
                    out.append(mapped)
                    pos += 2
                } else {
                    out.append(b)
                    pos += 1
                }
            case UInt8(ascii: "`"):
                flush()
                pos += 1
                parts.append(try parseExpression())
                skipSpaces()
                guard match("`") else { throw error(.expected("closing '`'"), at: pos) }
            case UInt8(ascii: "$") where pos + 1 < bytes.count && isIdentifierStart(bytes[pos + 1]):
                flush()
                pos += 1
                let name = readIdentifier()
                parts.append(.variable(slot(name), []))
            case UInt8(ascii: "{") where pos + 1 < bytes.count && !isSpace(bytes[pos + 1]):
                flush()
                parts.append(try parseTagInString())
            default:
                out.append(b)
                pos += 1
            }
        }
        throw error(.unclosedString, at: start)
    }

    /// `{…}` inside `"…"`: Smarty takes `{$var}` as the variable's text, and any other tag
    /// (`{__("name")}`, `{$x|upper}`) as its output, HTML-escaped unless `nofilter`.
    private mutating func parseTagInString() throws -> Expr {
        pos += 1
        for (name, text) in [("ldelim}", "{"), ("rdelim}", "}")] where match(name) { return .literal(.string(text)) }
        let startsWithVariable = bytes[pos] == UInt8(ascii: "$")
        let expr = try parseExpression()
        var escape = true
        skipSpaces()
        if peekWord() == "nofilter" {
            _ = readIdentifier()
            escape = false
        }
        try expectClose()
        if startsWithVariable, case .variable = expr { return expr }
        return .tagOutput(expr, escape: escape)
    }

    // MARK: - Bytes

    private func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }

    private func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    private func isIdentifierStart(_ b: UInt8) -> Bool {
        (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == UInt8(ascii: "_") || b >= 0x80
    }

    private mutating func readIdentifier() -> String {
        let start = pos
        while pos < bytes.count, isIdentifierStart(bytes[pos]) || isDigit(bytes[pos]) { pos += 1 }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    private mutating func peekWord() -> String {
        let save = pos
        let word = readIdentifier()
        pos = save
        return word
    }

    private mutating func skipSpaces() {
        while pos < bytes.count, isSpace(bytes[pos]) { pos += 1 }
    }

    private mutating func match(_ symbol: String) -> Bool {
        let utf8 = symbol.utf8
        guard pos + utf8.count <= bytes.count, bytes[pos..<pos + utf8.count].elementsEqual(utf8) else { return false }
        pos += utf8.count
        return true
    }

    private mutating func expectClose() throws {
        skipSpaces()
        guard pos < bytes.count else { throw error(.unclosedTag, at: pos) }
        guard match("}") else { throw error(.expected("'}'"), at: pos) }
    }

    private func find(_ needle: String, from start: Int) -> Int? {
        let n = Array(needle.utf8)
        var i = start
        while i + n.count <= bytes.count {
            if bytes[i] == n[0], bytes[i..<i + n.count].elementsEqual(n) { return i }
            i += 1
        }
        return nil
    }

    private func error(_ problem: TemplateProblem, at offset: Int) -> Diagnostic {
        problem.diagnostic(in: file, at: offset)
    }
}

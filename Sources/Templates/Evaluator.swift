import Basics
import Foundation

/// Evaluation of expressions; static helpers are shared with the parser's constant folding.
enum Evaluator {
    static func literalValue(_ expr: Expr) -> Value {
        if case .literal(let v) = expr { return v }
        return .null
    }

    /// A PHP array literal: a list while keys are 0, 1, 2…, else an ordered map.
    static func buildArray(_ items: [(Value?, Value)]) -> Value {
        if items.allSatisfy({ $0.0 == nil }) { return .list(items.map(\.1)) }
        var map = OrderedMap()
        var next = 0
        for (key, value) in items {
            let k: String
            if let key {
                switch key {
                case .int(let i):
                    k = String(i)
                    next = max(next, i + 1)
                case .bool(let b): k = b ? "1" : "0"
                case .float(let d): k = String(Int(d))
                default:
                    k = key.phpString
                    if let i = Int(k), String(i) == k { next = max(next, i + 1) }
                }
            } else {
                k = String(next)
                next += 1
            }
            map[k] = value
        }
        if map.keys.enumerated().allSatisfy({ String($0.offset) == $0.element }) {
            return .list(map.map(\.value))
        }
        return .map(map)
    }

    static func element(_ base: Value, _ key: Value) -> Value {
        switch base {
        case .list(let list):
            let index: Int?
            switch key {
            case .int(let i): index = i
            case .float(let d): index = Int(d)
            case .bool(let b): index = b ? 1 : 0
            case .string(let s): index = Int(s).flatMap { String($0) == s ? $0 : nil }
            default: index = nil
            }
            guard let index, list.indices.contains(index) else { return .null }
            return list[index]
        case .map(let map):
            switch key {
            case .float(let d): return map[String(Int(d))] ?? .null
            case .bool(let b): return map[b ? "1" : "0"] ?? .null
            default: return map[key.phpString] ?? .null
            }
        default:
            return .null
        }
    }

    static func element(_ base: Value, _ key: String) -> Value {
        switch base {
        case .list(let list):
            guard let i = Int(key), list.indices.contains(i) else { return .null }
            return list[i]
        case .map(let map): return map[key] ?? .null
        default: return .null
        }
    }

    /// PHP's math functions as `{math}` calls them.
    static func math(_ function: MathFunction, _ args: [Value]) -> Value {
        let x = args.first?.phpNumber ?? .int(0)
        switch function {
        case .abs:
            if case .int(let i) = x, i != .min { return .int(Swift.abs(i)) }
            return .float(Swift.abs(x.phpDouble))
        case .ceil: return .float(x.phpDouble.rounded(.up))
        case .floor: return .float(x.phpDouble.rounded(.down))
        case .round:
            return .float(PHPStrings.round(x.phpDouble, precision: args.count > 1 ? args[1].phpInt : 0))
        case .sqrt: return .float(x.phpDouble.squareRoot())
        case .pow:
            let y = args.count > 1 ? args[1].phpNumber : .int(1)
            if case .int(let base) = x, case .int(let e) = y, e >= 0 {
                var result = 1
                for _ in 0..<e {
                    let (r, o) = result.multipliedReportingOverflow(by: base)
                    if o { return .float(Foundation.pow(Double(base), Double(e))) }
                    result = r
                }
                return .int(result)
            }
            return .float(Foundation.pow(x.phpDouble, y.phpDouble))
        case .max, .min:
            guard var best = args.first?.phpNumber else { return .bool(false) }
            for candidate in args.dropFirst().map(\.phpNumber) {
                let order = candidate.compare(best) ?? 0
                if function == .max ? order > 0 : order < 0 { best = candidate }
            }
            return best
        case .int, .intval: return .int(x.phpInt)
        case .float, .floatval: return .float(x.phpDouble)
        }
    }

    static func arithmetic(_ op: BinaryOperator, _ a: Value, _ b: Value) -> Value {
        let x = a.phpNumber, y = b.phpNumber
        if case .int(let i) = x, case .int(let j) = y {
            switch op {
            case .plus:
                let (r, o) = i.addingReportingOverflow(j)
                return o ? .float(Double(i) + Double(j)) : .int(r)
            case .minus:
                let (r, o) = i.subtractingReportingOverflow(j)
                return o ? .float(Double(i) - Double(j)) : .int(r)
            case .times:
                let (r, o) = i.multipliedReportingOverflow(by: j)
                return o ? .float(Double(i) * Double(j)) : .int(r)
            case .modulo: return j == 0 ? .null : .int(i % j)
            case .divide:
                if j == 0 { return .null }
                return i % j == 0 ? .int(i / j) : .float(Double(i) / Double(j))
            default: break
            }
        }
        let p = x.phpDouble, q = y.phpDouble
        switch op {
        case .plus: return .float(p + q)
        case .minus: return .float(p - q)
        case .times: return .float(p * q)
        case .divide: return q == 0 ? .null : .float(p / q)
        case .modulo:
            let j = y.phpInt
            return j == 0 ? .null : .int(x.phpInt % j)
        default: return .null
        }
    }
}

extension Renderer {
    func evaluate(_ expr: Expr, _ scope: Scope) throws -> Value {
        switch expr {
        case .literal(let value):
            return value
        case .variable(let slot, let path):
            var value = scope[slot]
            for access in path {
                switch access {
                case .key(let key): value = Evaluator.element(value, key)
                case .index(let e): value = Evaluator.element(value, try evaluate(e, scope))
                }
            }
            return value
        case .loopProperty(let item, let property):
            return itemLoops[item]?.value(property) ?? .null
        case .smartyForeach(let name, let property, let path):
            return try walk(namedLoops[name]?.value(property) ?? .null, path, scope)
        case .smartyCapture(let name, let path):
            return try walk(captures[name] ?? .null, path, scope)
        case .smartyConst(let name):
            return context.constants[name] ?? .null
        case .smartyRequest(let path):
            return try walk(
                .map(OrderedMap(context.request.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })), path, scope)
        case .array(let items):
            return Evaluator.buildArray(
                try items.map { (try $0.key.map { try evaluate($0, scope) }, try evaluate($0.value, scope)) })
        case .not(let inner):
            return .bool(!(try evaluate(inner, scope).isTruthy))
        case .negate(let inner):
            return Evaluator.arithmetic(.minus, .int(0), try evaluate(inner, scope))
        case .binary(let op, let l, let r):
            switch op {
            case .and: return .bool(try evaluate(l, scope).isTruthy && evaluate(r, scope).isTruthy)
            case .or: return .bool(try evaluate(l, scope).isTruthy || evaluate(r, scope).isTruthy)
            default: break
            }
            let a = try evaluate(l, scope), b = try evaluate(r, scope)
            switch op {
            case .equal: return .bool(a.looseEquals(b))
            case .notEqual: return .bool(!a.looseEquals(b))
            case .identical: return .bool(a.strictEquals(b))
            case .notIdentical: return .bool(!a.strictEquals(b))
            case .less: return .bool(a.compare(b).map { $0 < 0 } ?? false)
            case .greater: return .bool(a.compare(b).map { $0 > 0 } ?? false)
            case .lessEqual: return .bool(a.compare(b).map { $0 <= 0 } ?? false)
            case .greaterEqual: return .bool(a.compare(b).map { $0 >= 0 } ?? false)
            default: return Evaluator.arithmetic(op, a, b)
            }
        case .modifier(let modifier, let base, let args, let offset):
            let value = try evaluate(base, scope)
            let arguments = args.isEmpty ? [] : try args.map { try evaluate($0, scope) }
            do {
                return try modifier.apply(to: value, arguments, context: context)
            } catch let problem as ModifierError {
                throw error(.badArgument(problem.message), at: offset)
            }
        case .call(let function, let args, let offset):
            return try call(function, args, offset: offset, scope)
        case .interpolated(let parts):
            var text = ""
            for part in parts { text += try evaluate(part, scope).phpString }
            return .string(text)
        case .ternary(let condition, let then, let otherwise):
            return try evaluate(try evaluate(condition, scope).isTruthy ? then : otherwise, scope)
        case .parity(let test, let base, let by, let negated):
            var value = try evaluate(base, scope)
            let result: Bool
            switch test {
            case .even, .odd:
                if let by { value = Evaluator.arithmetic(.divide, value, try evaluate(by, scope)) }
                let odd = value.phpInt & 1 == 1
                result = test == .odd ? odd : !odd
            case .divisible:
                let divisor = try by.map { try evaluate($0, scope).phpInt } ?? 1
                result = divisor != 0 && value.phpInt % divisor == 0
            }
            return .bool(result != negated)
        case .smartyNow:
            return .int(Int(Date().timeIntervalSince1970))
        case .translationKey(let key):
            return .string(key.text)
        case .smartySection(let name, let property):
            return sections[name]?.value(property) ?? .null
        case .mathCall(let function, let args):
            return Evaluator.math(function, try args.map { try evaluate($0, scope) })
        }
    }

    private func walk(_ base: Value, _ path: [Access], _ scope: Scope) throws -> Value {
        var value = base
        for access in path {
            switch access {
            case .key(let key): value = Evaluator.element(value, key)
            case .index(let e): value = Evaluator.element(value, try evaluate(e, scope))
            }
        }
        return value
    }

    private func call(_ function: Function, _ args: [Expr], offset: Int, _ scope: Scope) throws -> Value {
        switch function {
        case .isset:
            return .bool(try args.allSatisfy { try evaluate($0, scope) != .null })
        case .empty:
            return .bool(!(try args.first.map { try evaluate($0, scope) }?.isTruthy ?? false))
        case .translate:
            if args.count == 1 { return .string(try translation(args[0], scope)) }
            // `__("k", ["[x]" => …])`, the usual form: placeholders straight to strtr, without
            // building the array value.
            if args.count == 2, case .array(let items) = args[1], let pairs = try placeholders(items, scope) {
                return .string(PHPStrings.strtr(try translation(args[0], scope), pairs))
            }
        default:
            break
        }
        let values = try args.map { try evaluate($0, scope) }
        func argument(_ i: Int) -> Value { i < values.count ? values[i] : .null }
        switch function {
        case .translate:
            return .string(applying(values.count > 1 ? argument(1) : nil, to: try translation(args[0], scope)))
        case .fnURL:
            return try Modifier.fnURL.apply(to: argument(0), [], context: context)
        case .fnAllowedFor:
            return try Modifier.fnAllowedFor.apply(to: argument(0), [], context: context)
        case .count, .sizeof:
            return try Modifier.count.apply(to: argument(0), [], context: context)
        case .inArray:
            return try Modifier.inArray.apply(to: argument(0), [argument(1)], context: context)
        case .implode:
            return try Modifier.implode.apply(to: argument(0), [argument(1)], context: context)
        case .isArray:
            return .bool(argument(0).isArray)
        case .intval:
            return .int(argument(0).phpInt)
        case .isset, .empty:
            return .null
        }
    }

    /// `["[x]" => value, …]` with literal string keys as strtr pairs; nil for other arrays.
    private func placeholders(_ items: [(key: Expr?, value: Expr)], _ scope: Scope) throws -> [(String, String)]? {
        var pairs: [(String, String)] = []
        pairs.reserveCapacity(items.count)
        for item in items {
            guard case .literal(.string(let key))? = item.key, Value.mapKey(key) != .int(0),
                !pairs.contains(where: { $0.0 == key })
            else { return nil }
            pairs.append((key, try evaluate(item.value, scope).phpString))
        }
        return pairs
    }

    /// The text of `__()`'s first argument; a literal name's is remembered by the context.
    private func translation(_ name: Expr, _ scope: Scope) throws -> String {
        guard case .translationKey(let key) = name, key.id != nil else {
            return translation(try evaluate(name, scope).phpString)
        }
        if let found = remembered(key) { return found.text }
        context.reportMissingTranslation(key.text)
        return "_" + key.text
    }

    /// The context's answer for a literal name (one with an `id`).
    func remembered(_ key: TranslationKey) -> Translation? {
        context.translations.translation(key.id!, key.text, context.translate)
    }

    /// A language variable's text; a missing one is reported and printed as `_name`.
    private func translation(_ key: String) -> String {
        if let found = context.translate(key) { return found }
        context.reportMissingTranslation(key)
        return "_" + key
    }

    /// CS-Cart's `__()` parameters: placeholders by `strtr`, or a plural form when the first key
    /// is numeric.
    private func applying(_ params: Value?, to text: String) -> String {
        guard let params, let entries = params.arrayEntries, !entries.isEmpty else { return text }
        if case .int(0) = entries[0].key {
            let n = entries[0].value.phpInt
            let forms = text.components(separatedBy: "|")
            let form = forms[min(PluralRules.form(n, language: context.language), forms.count - 1)]
            return form.replacingOccurrences(of: "[n]", with: String(n))
        }
        return PHPStrings.strtr(text, entries.map { ($0.key.phpString, $0.value.phpString) })
    }
}

/// Plural rules of the languages CS-Cart ships (gettext's Plural-Forms).
enum PluralRules {
    static func form(_ n: Int, language: String) -> Int {
        switch language.prefix(2) {
        case "ru", "uk", "be", "sr", "hr", "bs":
            if n % 10 == 1 && n % 100 != 11 { return 0 }
            if (2...4).contains(n % 10) && !(12...14).contains(n % 100) { return 1 }
            return 2
        case "ja", "zh", "ko", "vi", "th", "id", "tr":
            return 0
        case "fr", "pt":
            return n > 1 ? 1 : 0
        default:
            return n == 1 ? 0 : 1
        }
    }
}

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
        // PHP's nNextFreeElement: Int.min while there is no integer key, then one more than the
        // largest (so `[-5 => a, b]` gives b the key -4); stuck at Int.max, where PHP fails.
        var next = Int.min
        for (key, value) in items {
            var integer: Int?
            switch key {
            case nil:
                let free = next == .min ? 0 : next
                guard map[String(free)] == nil else { continue }
                integer = free
            case .int(let i): integer = i
            case .bool(let b): integer = b ? 1 : 0
            case .float(let d): integer = Value.phpInt(d)
            case let key?:
                let text = key.phpString
                if let i = Int(text), String(i) == text { integer = i } else { map[text] = value }
            }
            guard let integer else { continue }
            if integer >= next { next = integer < .max ? integer + 1 : .max }
            map[String(integer)] = value
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
            case .float(let d): index = Value.phpInt(d)
            case .bool(let b): index = b ? 1 : 0
            case .string(let s): index = Int(s).flatMap { String($0) == s ? $0 : nil }
            default: index = nil
            }
            guard let index, list.indices.contains(index) else { return .null }
            return list[index]
        case .map(let map):
            switch key {
            case .float(let d): return map[String(Value.phpInt(d))] ?? .null
            case .bool(let b): return map[b ? "1" : "0"] ?? .null
            default: return map[key.phpString] ?? .null
            }
        default:
            return .null
        }
    }

    static func element(_ base: Value, _ key: String) -> Value {
        base.withChild(named: MapKey(key)) { $0 }
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
                // By squaring: `pow(1, 9e18)` takes 63 steps, not 9e18.
                var result = 1
                var square = base
                var rest = e
                while rest > 0 {
                    if rest & 1 == 1 {
                        let (r, o) = result.multipliedReportingOverflow(by: square)
                        if o { return .float(Foundation.pow(Double(base), Double(e))) }
                        result = r
                    }
                    rest >>= 1
                    guard rest > 0 else { break }
                    let (s, o) = square.multipliedReportingOverflow(by: square)
                    if o { return .float(Foundation.pow(Double(base), Double(e))) }
                    square = s
                }
                return .int(result)
            }
            return .float(Foundation.pow(x.phpDouble, y.phpDouble))
        case .max, .min:
            guard var best = args.first?.phpNumber else { return .bool(false) }
            for candidate in args.dropFirst().map(\.phpNumber) {
                let order = candidate.compare(best)
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
            case .modulo: return modulo(i, j)
            case .divide:
                if j == 0 { return .null }
                // Int.min / -1 overflows: PHP gives a float, as for any inexact quotient.
                let (quotient, overflow) = i.dividedReportingOverflow(by: j)
                return !overflow && quotient * j == i ? .int(quotient) : .float(Double(i) / Double(j))
            default: break
            }
        }
        let p = x.phpDouble, q = y.phpDouble
        switch op {
        case .plus: return .float(p + q)
        case .minus: return .float(p - q)
        case .times: return .float(p * q)
        case .divide: return q == 0 ? .null : .float(p / q)
        case .modulo: return modulo(x.phpInt, y.phpInt)
        default: return .null
        }
    }

    /// PHP's `%` on ints: null for a zero divisor (PHP throws), and 0 for Int.min % -1.
    static func modulo(_ i: Int, _ j: Int) -> Value {
        j == 0 ? .null : .int(i.remainderReportingOverflow(dividingBy: j).partialValue)
    }
}

// Language variables, as `__()` and `{__("name")}` print them.
extension Renderer {
    /// `{__("name")}`: a remembered answer is printed as its bytes, escaped once for all renders.
    func appendTranslation(_ key: TranslationKey, escape: Bool) {
        withRemembered(key) { found in
            switch found {
            case .some(let found):
                if escape {
                    out.append(found.escaped)
                } else {
                    out.append(found.text)
                }
            case .none:
                context.reportMissingTranslation(key.text)
                Value.string("_" + key.text).appendPHPString(to: &out, escape: escape)
            }
        }
    }

    /// The text of a name written literally (one with an `id`), which the context remembers.
    func translation(_ key: TranslationKey) -> String {
        withRemembered(key) { found in
            switch found {
            case .some(let found): return found.text
            case .none:
                context.reportMissingTranslation(key.text)
                return "_" + key.text
            }
        }
    }

    /// Lends the remembered answer to `body`, read from the render's snapshot of the context's
    /// memo; a name the snapshot does not answer is asked of the memo, and the snapshot taken again.
    private func withRemembered<R>(_ key: TranslationKey, _ body: (Translation?) -> R) -> R {
        let id = key.id!
        var answer = id < knownTranslations.count ? knownTranslations[id] : .unknown
        if case .unknown = answer {
            answer = context.translations.answer(id, key.text, context.translate)
            knownTranslations = context.translations.snapshot
        }
        switch answer {
        case .found(let translation):
            // Lent without a retain: the memo of this render's context keeps it.
            return translation._withUnsafeGuaranteedRef { body($0) }
        case .missing, .unknown:
            return body(nil)
        }
    }

    /// A language variable's text; a missing one is reported and printed as `_name`.
    func translation(_ key: String) -> String {
        if let found = context.translate(key) { return found }
        context.reportMissingTranslation(key)
        return "_" + key
    }

    /// CS-Cart's `__()` parameters: placeholders by `strtr`, or a plural form when the first key
    /// is numeric.
    func applying(_ params: Value?, to text: String, at offset: Int) throws -> String {
        guard let params, let entries = params.arrayEntries, !entries.isEmpty else { return text }
        if case .int(0) = entries[0].key {
            let n = entries[0].value.phpInt
            let forms = text.components(separatedBy: "|")
            let form = forms[min(PluralRules.form(n, language: context.language), forms.count - 1)]
            return form.replacingEvery("[n]", with: String(n))
        }
        return try substituting(entries.map { ($0.key.phpString, $0.value.phpString) }, in: text, at: offset)
    }

    /// `strtr` of a translation, within the text limit: a text that repeats a placeholder
    /// multiplies its value, and a template can feed the result back in.
    func substituting(_ pairs: [(String, String)], in text: String, at offset: Int) throws -> String {
        do {
            return try LimitExceeded.written(text) { PHPStrings.strtr(text, pairs, write: $0) }
        } catch {
            throw textTooLarge(at: offset)
        }
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

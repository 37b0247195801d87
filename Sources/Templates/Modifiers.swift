import Basics
import Foundation

struct ModifierError: Error {
    var message: String
}

/// A modifier would go past one of `RenderLimits`: found before or while the text is built where
/// a result can be many times its input (`cat`, `replace`, `implode`, `regex_replace`, `__()`).
struct LimitExceeded: Error {
    var message: String

    static let textTooLarge = LimitExceeded(message: "this text grows beyond \(RenderLimits.bytes) bytes")

    static func checkText(_ size: Int) throws(LimitExceeded) {
        if size > RenderLimits.bytes { throw textTooLarge }
    }

    /// The text `write` writes in pieces (or `text` itself when it writes nothing and returns
    /// false), built in a buffer that stops at the limit instead of growing past it.
    static func written(
        _ text: String, by write: ((UnsafeBufferPointer<UInt8>) -> Void) -> Bool
    ) throws(LimitExceeded) -> String {
        var out = OutputBuffer(capacity: text.utf8.count + 32, limit: RenderLimits.bytes)
        guard write({ out.append($0) }) else { return text }
        if out.isFull { throw textTooLarge }
        return String(decoding: out.bytes, as: UTF8.self)
    }
}

/// The modifiers templates may use (`{$x|name:arg}`), with Smarty 4's and PHP 8's behaviour.
enum Modifier: String, Sendable, CaseIterable {
    case `default`, escape, lower, upper, capitalize, truncate, count, sizeof, trim, nl2br, replace
    case regexReplace = "regex_replace"
    case stringFormat = "string_format"
    case numberFormat = "number_format"
    case round
    case stripTags = "strip_tags"
    case cat
    case dateFormat = "date_format"
    case jsonEncode = "json_encode"
    case inArray = "in_array"
    case implode
    case `enum`
    case fnURL = "fn_url"
    case fnAllowedFor = "fn_allowed_for"
    case floatval, intval
    case strtolower, strtoupper, strlen, unescape

    func apply(to value: Value, _ args: [Value], context: RenderContext) throws -> Value {
        func arg(_ i: Int) -> Value? { i < args.count ? .some(args[i]) : .none }
        switch self {
        case .default:
            if case .null = value { return arg(0) ?? "" }
            if case .string("") = value { return arg(0) ?? "" }
            return value
        case .escape:
            let text = value.phpString
            let kind: String = arg(0)?.phpString ?? "html"
            switch kind {
            case "html": return .string(HTML.escape(text, doubleEncode: arg(2)?.isTruthy ?? true))
            case "htmlall": return .string(HTML.entities(text))
            case "url": return .string(PHPStrings.rawURLEncode(text))
            case "urlpathinfo": return .string(PHPStrings.rawURLEncode(text).replacingEvery("%2F", with: "/"))
            case "quotes": return .string(PHPStrings.escapeQuotes(text))
            case "javascript": return .string(PHPStrings.escapeJavaScript(text))
            default: return .string(text)
            }
        case .lower, .strtolower: return .string(value.phpString.lowercased())
        case .upper, .strtoupper: return .string(value.phpString.uppercased())
        case .capitalize:
            return .string(
                PHPStrings.capitalize(
                    value.phpString, digits: arg(0)?.isTruthy ?? false, lowerRest: arg(1)?.isTruthy ?? false))
        case .truncate:
            return .string(
                PHPStrings.truncate(
                    value.phpString, length: arg(0)?.phpInt ?? 80, etc: arg(1)?.phpString ?? "...",
                    breakWords: arg(2)?.isTruthy ?? false, middle: arg(3)?.isTruthy ?? false))
        case .count, .sizeof:
            switch value {
            case .list, .map: return .int(value.count)
            case .null: return .int(0)
            default: return .int(1)
            }
        case .trim: return .string(PHPStrings.trim(value.phpString))
        case .nl2br: return .string(PHPStrings.nl2br(value.phpString))
        case .replace:
            guard let search = arg(0) else { throw ModifierError(message: "|replace needs a search string") }
            let s = search.phpString, text = value.phpString, replacement = arg(1)?.phpString ?? ""
            if s.isEmpty { return .string(text) }
            return .string(
                try LimitExceeded.written(text) { text.writingReplacements(of: s, with: replacement, to: $0) })
        case .regexReplace:
            guard let pattern = arg(0) else { throw ModifierError(message: "|regex_replace needs a pattern") }
            return .string(
                try PHPRegex.replace(value.phpString, pattern: pattern.phpString, with: arg(1)?.phpString ?? ""))
        case .stringFormat:
            return .string(PHPStrings.sprintf(arg(0)?.phpString ?? "%s", value))
        case .numberFormat:
            return .string(
                PHPStrings.numberFormat(
                    value.phpDouble, decimals: arg(0)?.phpInt ?? 0, point: arg(1)?.phpString ?? ".",
                    thousands: arg(2)?.phpString ?? ","))
        case .round:
            return .float(PHPStrings.round(value.phpDouble, precision: arg(0)?.phpInt ?? 0))
        case .stripTags:
            let text = value.isTruthy ? value.phpString : ""
            if let keep = arg(0), !keep.isTruthy { return .string(PHPStrings.stripTags(text)) }
            return .string(text.replacingOccurrences(of: "<[^>]*?>", with: " ", options: .regularExpression))
        case .cat:
            let texts = [value.phpString] + args.map(\.phpString)
            try LimitExceeded.checkText(texts.reduce(0) { $0 + $1.utf8.count })
            return .string(texts.joined())
        case .dateFormat:
            return DateFormat.format(
                value, format: arg(0)?.phpString ?? "%b %e, %Y", default: arg(1), timeZone: context.timeZone)
        case .jsonEncode:
            return .string(JSONEncoding.encode(value))
        case .inArray:
            guard let haystack = arg(0)?.arrayEntries else { return false }
            return .bool(haystack.contains { $0.value.looseEquals(value) })
        case .implode:
            let (pieces, separator): ([String], String)
            if let entries = arg(0)?.arrayEntries {
                (pieces, separator) = (entries.map(\.value.phpString), value.phpString)
            } else if let entries = value.arrayEntries {
                (pieces, separator) = (entries.map(\.value.phpString), arg(0)?.phpString ?? "")
            } else {
                throw ModifierError(message: "|implode needs an array")
            }
            try LimitExceeded.checkText(
                pieces.reduce(0) { $0 + $1.utf8.count } + max(pieces.count - 1, 0) * separator.utf8.count)
            return .string(pieces.joined(separator: separator))
        case .enum:
            let name = value.phpString
            guard let found = context.enums[name] else {
                throw ModifierError(message: "unknown enum constant '\(name)'")
            }
            return found
        case .fnURL:
            return .string(CSCart.url(value.phpString, script: context.script))
        case .fnAllowedFor:
            let wanted = value.phpString.split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces).uppercased()
            }
            return .bool(
                wanted.contains { $0.split(separator: ":").first.map(String.init) == context.edition.uppercased() })
        case .strlen: return .int(value.phpString.utf8.count)
        case .unescape:
            let kind: String = arg(0)?.phpString ?? "html"
            switch kind {
            case "url": return .string(value.phpString.removingPercentEncoding ?? value.phpString)
            case "entity", "htmlall": return .string(HTML.decode(value.phpString, all: true))
            default: return .string(HTML.decode(value.phpString, all: false))
            }
        case .floatval: return .float(value.phpDouble)
        case .intval: return .int(value.phpInt)
        }
    }
}

/// CS-Cart URL building and its enum constants.
enum CSCart {
    /// `fn_url("orders.details?order_id=5")` → `admin.php?dispatch=orders.details&order_id=5`.
    static func url(_ url: String, script: String) -> String {
        if url.contains("://") || url.hasPrefix("//") { return url }
        if url.isEmpty { return script }
        if url.hasPrefix(script) || url.hasSuffix(".php") { return url }
        let parts = url.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var result = script + "?dispatch=" + parts[0]
        if parts.count > 1, !parts[1].isEmpty { result += "&" + parts[1] }
        return result
    }
}

/// The `Tygh\Enum` constants add-on templates use with `|enum`.
public enum CSCartEnums {
    public static let all: [String: Value] = {
        var table: [String: Value] = [
            "YesNo::YES": "Y", "YesNo::NO": "N",
            "ObjectStatuses::ACTIVE": "A", "ObjectStatuses::DISABLED": "D", "ObjectStatuses::HIDDEN": "H",
            "ObjectStatuses::NEW_OBJECT": "N", "ObjectStatuses::PENDING": "P",
            "OrderStatuses::OPEN": "O", "OrderStatuses::PAID": "P", "OrderStatuses::COMPLETE": "C",
            "OrderStatuses::FAILED": "F", "OrderStatuses::DECLINED": "D", "OrderStatuses::BACKORDERED": "B",
            "OrderStatuses::CANCELED": "I", "OrderStatuses::INCOMPLETED": "N", "OrderStatuses::PARENT": "T",
            "UserTypes::ADMIN": "A", "UserTypes::CUSTOMER": "C", "UserTypes::VENDOR": "V",
            "SiteArea::ADMIN_PANEL": "A", "SiteArea::STOREFRONT": "C",
            "ProfileFieldSections::CONTACT_INFORMATION": "C", "ProfileFieldSections::BILLING_ADDRESS": "B",
            "ProfileFieldSections::SHIPPING_ADDRESS": "S", "ProfileFieldLocations::ADMIN_ORDER": "I",
            "NotificationSeverity::NOTICE": "N", "NotificationSeverity::WARNING": "W",
            "NotificationSeverity::ERROR": "E",
            "OutOfStockActions::NONE": "N", "OutOfStockActions::BUY_IN_ADVANCE": "B",
            "OutOfStockActions::SUBSCRIBE": "S",
            "ProductTracking::DO_NOT_TRACK": "D", "ProductTracking::TRACK": "B",
            "StorefrontStatuses::OPEN": "Y", "StorefrontStatuses::CLOSED": "N",
            "VendorStatuses::ACTIVE": "A", "VendorStatuses::DISABLED": "D", "VendorStatuses::PENDING": "P",
        ]
        for (key, value) in table { table["Tygh\\Enum\\" + key] = value }
        return table
    }()
}

/// The arguments a `printf`-style format string takes, read as GNU gettext 0.21 reads C
/// (`format-c.c`) and PHP (`format-php.c`) format strings for `msgfmt --check`. Only the
/// verdicts matter here: which arguments, of which type, and whether the string is valid.
enum FormatString {
    enum Language: String {
        case c = "C"
        case php = "PHP"

        /// The languages the `#,` flags ask to check: `c-format` and `possible-c-format` do, as in
        /// msgfmt; `no-c-format` and `impossible-c-format` do not. The last such flag wins.
        static func checked(by flags: [String]) -> (c: Bool, php: Bool) {
            var checked = (c: false, php: false)
            for flag in flags {
                switch flag {
                case "php-format", "possible-php-format": checked.php = true
                case "no-php-format", "impossible-php-format": checked.php = false
                case "c-format", "possible-c-format": checked.c = true
                case "no-c-format", "impossible-c-format": checked.c = false
                default: break
                }
            }
            return checked
        }
    }

    /// One argument: its number (1-based), its type (a language-specific code) and the directive
    /// that first takes it, as byte offsets into the text.
    struct Argument {
        var number: Int
        var type: Int
        var directive: Range<Int>
    }

    /// Why a text is not a valid format string.
    struct Invalid: Error {
        let reason: String
    }

    /// Reads the arguments of `text` into `arguments` (emptied first; a buffer the caller keeps,
    /// so that checking a catalog allocates nothing per message), sorted by number, one per number.
    /// `translated` is true for a msgstr (C's `I` flag is allowed only there).
    static func read(
        _ text: String, _ language: Language, translated: Bool, into arguments: inout [Argument]
    ) throws(Invalid) {
        arguments.removeAll(keepingCapacity: true)
        var text = text
        // withUTF8 gives the bytes of a native string in place.
        let failure = text.withUTF8 { bytes -> Invalid? in
            var reader = Reader(bytes: bytes, translated: translated)
            do throws(Invalid) {
                if language == .c { try reader.readC(into: &arguments) } else { try reader.readPHP(into: &arguments) }
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// The problem msgfmt finds with a translation's arguments against the original's, if any.
    /// `strict`: the translation must take every argument of the original; otherwise (a plural
    /// form used for one number only) it may leave some out. It never takes one the original lacks.
    static func mismatch(original wanted: [Argument], translation given: [Argument], strict: Bool) -> Mismatch? {
        var i = 0
        var j = 0
        while i < wanted.count || j < given.count {
            if i == wanted.count || (j < given.count && given[j].number < wanted[i].number) {
                return .extra(given[j])
            }
            if j == given.count || given[j].number > wanted[i].number {
                if strict { return .missing(wanted[i]) }
                i += 1
                continue
            }
            if wanted[i].type != given[j].type { return .differs(wanted[i], given[j]) }
            i += 1
            j += 1
        }
        return nil
    }

    enum Mismatch {
        /// The translation takes an argument the original does not have.
        case extra(Argument)
        /// The translation leaves out an argument of the original.
        case missing(Argument)
        /// The two take an argument as different types.
        case differs(Argument, Argument)
    }
}

// C argument types: a basic type and size bits, compared whole (gettext's FAT_* codes).
private let cInteger = 1
private let cDouble = 2
private let cChar = 3
private let cString = 4
private let cPointer = 6
private let cCountPointer = 7
private let cUnsigned = 1 << 3
private let cShort = 1 << 4
private let cCharSize = 2 << 4
private let cLong = 1 << 6
private let cLongLong = 2 << 6
private let cIntmax = 1 << 20
private let cSize = 1 << 22
private let cPtrdiff = 1 << 23
private let cWide = cLong

// PHP argument types.
private let phpInteger = 0
private let phpFloat = 1
private let phpChar = 2
private let phpString = 3

private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    let translated: Bool
    var p = 0
    /// Directives read so far, counted as gettext counts them for its messages.
    var directives = 0

    init(bytes: UnsafeBufferPointer<UInt8>, translated: Bool) {
        self.bytes = bytes
        self.translated = translated
    }

    /// The byte at `p`, or 0 past the end (the C strings gettext reads end in NUL).
    var c: UInt8 { p < bytes.count ? bytes[p] : 0 }
    func at(_ q: Int) -> UInt8 { q < bytes.count ? bytes[q] : 0 }
    static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    /// `m$` at `p`: the argument number, or nil (and `p` unmoved) when there is none.
    mutating func argumentNumber() throws(FormatString.Invalid) -> Int? {
        var q = p
        var m = 0
        while Self.isDigit(at(q)) {
            m = min(m * 10 + Int(at(q) - UInt8(ascii: "0")), Int(Int32.max))
            q += 1
        }
        guard q > p, at(q) == UInt8(ascii: "$") else { return nil }
        guard m > 0 else { throw invalid("in directive \(directives), the argument number 0 is not a positive integer") }
        p = q + 1
        return m
    }

    func invalid(_ reason: String) -> FormatString.Invalid { FormatString.Invalid(reason: reason) }

    func conversion(_ what: UInt8) -> FormatString.Invalid {
        if what == 0 { return invalid("the string ends in the middle of a directive") }
        let shown =
            what < 0x80 ? "`\(Character(Unicode.Scalar(what)))`" : "byte 0x\(String(what, radix: 16, uppercase: true))"
        return invalid("in directive \(directives), \(shown) is not a valid conversion specifier")
    }

    /// Sorts by number and merges repeats of one number, which must agree on the type.
    static func merge(_ arguments: inout [FormatString.Argument]) throws(FormatString.Invalid) {
        // Mostly `%d` or `%s %d`: already in order, one directive per argument.
        var ordered = true
        for k in arguments.indices.dropFirst() where arguments[k - 1].number >= arguments[k].number { ordered = false }
        if ordered { return }
        arguments.sort { ($0.number, $0.directive.lowerBound) < ($1.number, $1.directive.lowerBound) }
        var kept = 0
        for k in arguments.indices {
            if kept > 0, arguments[kept - 1].number == arguments[k].number {
                if arguments[kept - 1].type != arguments[k].type {
                    throw FormatString.Invalid(
                        reason: "the string refers to argument \(arguments[k].number) in incompatible ways")
                }
                continue
            }
            arguments[kept] = arguments[k]
            kept += 1
        }
        arguments.removeLast(arguments.count - kept)
    }

    /// Moves past the next `%` and counts it; returns where it is, or nil at the end.
    mutating func nextDirective() -> Int? {
        while p < bytes.count, bytes[p] != UInt8(ascii: "%") { p += 1 }
        guard p < bytes.count else { return nil }
        directives += 1
        p += 1
        return p - 1
    }

    /// C: `%[m$][flags][width][.precision][size]conversion` or `%<PRI…>`; numbered and
    /// unnumbered arguments may not mix, and numbered ones must be 1…N without a gap.
    mutating func readC(into arguments: inout [FormatString.Argument]) throws(FormatString.Invalid) {
        var numbered = false
        var unnumbered = 0
        while let start = nextDirective() {
            let number = try argumentNumber()
            while c == UInt8(ascii: " ") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: "#")
                || c == UInt8(ascii: "0") || c == UInt8(ascii: "'") || (translated && c == UInt8(ascii: "I"))
            {
                p += 1
            }
            // Width, then precision: digits, or `*` / `*m$`, which take an int argument (its
            // number, or nil for the next one in order; nil outside when there is no `*`).
            var stars: (width: Int??, precision: Int??) = (nil, nil)
            if c == UInt8(ascii: "*") {
                p += 1
                stars.width = .some(try argumentNumber())
            } else {
                while Self.isDigit(c) { p += 1 }
            }
            if c == UInt8(ascii: ".") {
                p += 1
                if c == UInt8(ascii: "*") {
                    p += 1
                    stars.precision = .some(try argumentNumber())
                } else {
                    while Self.isDigit(c) { p += 1 }
                }
            }
            let type = c == UInt8(ascii: "<") ? try inttypesMacro() : try conversionC()
            p += 1
            func take(_ number: Int?, _ type: Int) throws(FormatString.Invalid) {
                if let number {
                    guard unnumbered == 0 else { throw mixes() }
                    numbered = true
                    arguments.append(FormatString.Argument(number: number, type: type, directive: start..<p))
                } else {
                    guard !numbered else { throw mixes() }
                    unnumbered += 1
                    arguments.append(FormatString.Argument(number: unnumbered, type: type, directive: start..<p))
                }
            }
            if let width = stars.width { try take(width, cInteger) }
            if let precision = stars.precision { try take(precision, cInteger) }
            if type != 0 { try take(number, type) }
        }
        guard numbered else { return }
        try Self.merge(&arguments)
        for (index, argument) in arguments.enumerated() where argument.number != index + 1 {
            throw invalid("the string refers to argument \(argument.number) but ignores argument \(index + 1)")
        }
    }

    func mixes() -> FormatString.Invalid {
        invalid("the string refers to arguments both by number (%1$s) and in order (%s)")
    }

    /// The size letters and conversion of a C directive: its argument's type, 0 for none (`%%`, `%m`).
    mutating func conversionC() throws(FormatString.Invalid) -> Int {
        // gettext 0.21 reads any run of size letters; a later one may widen an earlier one.
        var size = 0
        sizes: while true {
            switch c {
            case UInt8(ascii: "h"): size = size & (cShort | cCharSize) != 0 ? cCharSize : cShort
            case UInt8(ascii: "l"): size = size & (cLong | cLongLong) != 0 ? cLongLong : cLong
            case UInt8(ascii: "L"), UInt8(ascii: "q"): size = cLongLong
            case UInt8(ascii: "j"): size = cIntmax
            case UInt8(ascii: "z"), UInt8(ascii: "Z"): size = cSize
            case UInt8(ascii: "t"): size = cPtrdiff
            default: break sizes
            }
            p += 1
        }
        let wide = size & (cLong | cLongLong) != 0 ? cWide : 0
        switch c {
        case UInt8(ascii: "%"), UInt8(ascii: "m"): return 0
        case UInt8(ascii: "c"): return cChar | wide
        case UInt8(ascii: "C"): return cChar | cWide
        case UInt8(ascii: "s"): return cString | wide
        case UInt8(ascii: "S"): return cString | cWide
        case UInt8(ascii: "i"), UInt8(ascii: "d"): return cInteger | size
        case UInt8(ascii: "u"), UInt8(ascii: "o"), UInt8(ascii: "x"), UInt8(ascii: "X"):
            return cInteger | cUnsigned | size
        case UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "g"),
            UInt8(ascii: "G"), UInt8(ascii: "a"), UInt8(ascii: "A"):
            return cDouble | (size & cLongLong)
        case UInt8(ascii: "p"): return cPointer
        case UInt8(ascii: "n"): return cCountPointer | size
        default: throw conversion(c)
        }
    }

    /// `<PRI{d,i,o,u,x,X}{8,16,32,64,LEAST…,FAST…,MAX,PTR}>` (ISO C 99 §7.8.1) after `%…`.
    mutating func inttypesMacro() throws(FormatString.Invalid) -> Int {
        let macro = invalid("in directive \(directives), the token after `<` is not an ISO C 99 format macro")
        p += 1
        for letter in [UInt8(ascii: "P"), UInt8(ascii: "R"), UInt8(ascii: "I")] {
            guard c == letter else { throw macro }
            p += 1
        }
        var type: Int
        switch c {
        case UInt8(ascii: "d"), UInt8(ascii: "i"): type = cInteger
        case UInt8(ascii: "o"), UInt8(ascii: "u"), UInt8(ascii: "x"), UInt8(ascii: "X"): type = cInteger | cUnsigned
        default: throw macro
        }
        p += 1
        func word(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            for k in 0..<count where at(p + k) != text.utf8Start[k] { return false }
            p += count
            return true
        }
        // Size bits as gettext numbers them: 8_T at bit 8 … 64_T at bit 11; LEAST adds 4, FAST 8.
        if word("MAX") {
            type |= cIntmax
        } else if word("PTR") {
            type |= 1 << 21
        } else {
            let base = word("LEAST") ? 12 : word("FAST") ? 16 : 8
            if word("8") {
                type |= 1 << base
            } else if word("16") {
                type |= 1 << (base + 1)
            } else if word("32") {
                type |= 1 << (base + 2)
            } else if word("64") {
                type |= 1 << (base + 3)
            } else {
                throw macro
            }
        }
        guard c == UInt8(ascii: ">") else {
            throw invalid("in directive \(directives), the token after `<` is not followed by `>`")
        }
        return type
    }

    /// PHP: `%[m$][0|-| |'x]…[width][.precision][l]conversion`, numbered and unnumbered freely
    /// mixed (a number does not move the running count).
    mutating func readPHP(into arguments: inout [FormatString.Argument]) throws(FormatString.Invalid) {
        var unnumbered = 0
        while let start = nextDirective() {
            if c == UInt8(ascii: "%") {
                p += 1
                continue
            }
            var number: Int
            if let explicit = try argumentNumber() {
                number = explicit
            } else {
                unnumbered += 1
                number = unnumbered
            }
            while true {
                if c == UInt8(ascii: "0") || c == UInt8(ascii: "-") || c == UInt8(ascii: " ") {
                    p += 1
                } else if c == UInt8(ascii: "'") {
                    p += 1
                    guard p < bytes.count else { throw conversion(0) }
                    p += 1
                } else {
                    break
                }
            }
            while Self.isDigit(c) { p += 1 }
            if c == UInt8(ascii: ".") {
                p += 1
                guard Self.isDigit(c) else { throw conversion(UInt8(ascii: ".")) }
                while Self.isDigit(c) { p += 1 }
            }
            if c == UInt8(ascii: "l") { p += 1 }
            let type: Int
            switch c {
            case UInt8(ascii: "b"), UInt8(ascii: "d"), UInt8(ascii: "u"), UInt8(ascii: "o"), UInt8(ascii: "x"),
                UInt8(ascii: "X"):
                type = phpInteger
            case UInt8(ascii: "e"), UInt8(ascii: "f"): type = phpFloat
            case UInt8(ascii: "c"): type = phpChar
            case UInt8(ascii: "s"): type = phpString
            default: throw conversion(c)
            }
            p += 1
            arguments.append(FormatString.Argument(number: number, type: type, directive: start..<p))
        }
        try Self.merge(&arguments)
    }
}

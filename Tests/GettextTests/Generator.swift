/// Writes PO files that use every construct gettext accepts, from a seed, so the oracle tests
/// cover more than the hand-written fixtures.
struct PoGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    private mutating func next() -> UInt64 {
        // SplitMix64.
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func pick(_ count: Int) -> Int { Int(next() % UInt64(count)) }
    private mutating func chance(_ percent: Int) -> Bool { pick(100) < percent }

    /// Pieces of string content as written in the file (already escaped where they are escapes).
    private static let pieces = [
        "Hello", "Привет", "мир", "日本語", "a %s b", "[n] items", "<a href=\\\"x\\\">link</a>", "\\\"quoted\\\"",
        "back\\\\slash", "tab\\there", "\\101\\102", "\\x43\\x44-", "\\t", "bell\\a", "\\b\\f\\v", "raw\ttab", "\\r",
        "emoji 🙂", " ", "::", "100%",
    ]

    private mutating func content(_ index: Int) -> [String] {
        var parts: [String] = []
        for _ in 0..<(1 + pick(3)) { parts.append(Self.pieces[pick(Self.pieces.count)]) }
        if chance(20) { parts.insert("line\\n", at: pick(parts.count)) }
        parts.append(" #\(index)")
        return parts
    }

    /// `keyword "…"` with the content split over continuation lines at random.
    private mutating func field(_ prefix: String, _ keyword: String, _ parts: [String], lineEnd: String) -> String {
        if parts.count > 1 && chance(40) {
            var out = prefix + keyword + " \"\"" + lineEnd
            for part in parts { out += prefix + "\"" + part + "\"" + lineEnd }
            return out
        }
        return prefix + keyword + (chance(10) ? "   " : " ") + "\"" + parts.joined() + "\"" + lineEnd
    }

    mutating func file(entries count: Int, crlf: Bool = false) -> String {
        let nl = crlf ? "\r\n" : "\n"
        var out = "# Generated" + nl + "msgid \"\"" + nl + "msgstr \"\"" + nl
        out += "\"Project-Id-Version: gen\\n\"" + nl + "\"Content-Type: text/plain; charset=UTF-8\\n\"" + nl
        out += "\"Language: en\\n\"" + nl + "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"" + nl
        for index in 0..<count {
            out += nl
            let obsolete = chance(8)
            let prefix = obsolete ? "#~ " : ""
            if chance(30) { out += "# translator note \(index)" + nl }
            if chance(20) { out += "#. extracted \(index)" + nl }
            if chance(30) { out += "#: file.tpl:\(index)" + nl }
            let fuzzy = chance(15)
            if fuzzy { out += "#, fuzzy" + (chance(50) ? ", php-format" : "") + nl }
            // A translated format entry keeps its original's directives (`%s`, `100%`, …), so
            // that msgfmt's format check reads and passes it.
            let format = !fuzzy && chance(15)
            if format { out += (chance(50) ? "#, php-format" : "#, c-format") + nl }
            if chance(10) { out += (obsolete ? "#~| " : "#| ") + "msgid \"old \(index)\"" + nl }
            switch pick(4) {
            case 0: break
            case 1: out += field(prefix, "msgctxt", ["Languages::var_\(index)"], lineEnd: nl)
            case 2: out += field(prefix, "msgctxt", [""], lineEnd: nl)
            default: out += field(prefix, "msgctxt", ["SettingsVariants::addon::s\(index)::", "v"], lineEnd: nl)
            }
            let id = content(index)
            out += field(prefix, "msgid", id, lineEnd: nl)
            if chance(15) {
                let plural = content(index) + ["s"]
                out += field(prefix, "msgid_plural", plural, lineEnd: nl)
                out += field(prefix, "msgstr[0]", format ? ["перевод: "] + plural : content(index), lineEnd: nl)
                let last = format ? ["перевод: "] + plural : (chance(10) ? [""] : content(index))
                out += field(prefix, chance(20) ? "msgstr [1]" : "msgstr[1]", last, lineEnd: nl)
            } else {
                let translation = format ? ["перевод: "] + id : content(index)
                out += field(prefix, "msgstr", chance(10) ? [""] : translation, lineEnd: nl)
            }
        }
        return out
    }
}

public import Basics

/// One entry of a PO file: a message with its translation, comments and flags.
///
/// Equality compares what the entry says, not where it was read. Changing a property forgets the
/// entry's source text for that part, so `PoWriter` re-emits only what was edited.
public struct PoEntry: Sendable, Hashable {
    /// `msgctxt`, or nil when the entry has none (an empty context `""` is a context).
    public var msgctxt: String? { didSet { bodySpan = nil } }
    public var msgid: String { didSet { bodySpan = nil } }
    public var msgidPlural: String? { didSet { bodySpan = nil } }
    /// One string for a singular entry, one per plural form (`msgstr[n]`) for a plural entry.
    public var msgstr: [String] { didSet { bodySpan = nil } }
    /// The `#,` flags in order (`fuzzy`, `c-format`, `no-wrap`, …).
    public var flags: [String] { didSet { commentSpan = nil } }
    /// `# …` comments by translators, without the leading `# `.
    public var translatorComments: [String] { didSet { commentSpan = nil } }
    /// `#. …` comments extracted from the source code.
    public var extractedComments: [String] { didSet { commentSpan = nil } }
    /// `#: …` reference lines, each as written.
    public var references: [String] { didSet { commentSpan = nil } }
    /// The `#|` previous strings, if any.
    public var previous: PoPrevious? { didSet { bodySpan = nil } }
    /// The entry is commented out with `#~`.
    public var isObsolete: Bool {
        didSet {
            bodySpan = nil
            commentSpan = nil
        }
    }
    /// Where the `msgid` keyword is (nil for an entry made in code).
    public var location: SourceLocation? { origin.map { $0.source.file.location(at: $0.msgid) } }
    /// Where the (first) `msgstr` keyword is; GNU gettext reports per-message problems here.
    public var msgstrLocation: SourceLocation? { origin.map { $0.source.file.location(at: $0.msgstr) } }

    /// Byte offsets of the keywords in the file the entry was read from. Line and column are
    /// worked out only when asked: a file has 100,000s of entries and few are ever reported.
    var origin: PoOrigin?

    /// Source bytes of the comment lines, of the message lines, and of the blank lines before the entry.
    var commentSpan: Range<Int>?
    var bodySpan: Range<Int>?
    var leadingSpan: Range<Int>?

    /// Makes an entry in code (it has no source text, so the writer formats it).
    public init(
        msgctxt: String? = nil, msgid: String, msgidPlural: String? = nil, msgstr: [String], flags: [String] = [],
        translatorComments: [String] = [], extractedComments: [String] = [], references: [String] = [],
        previous: PoPrevious? = nil, isObsolete: Bool = false
    ) {
        self.msgctxt = msgctxt
        self.msgid = msgid
        self.msgidPlural = msgidPlural
        self.msgstr = msgstr
        self.flags = flags
        self.translatorComments = translatorComments
        self.extractedComments = extractedComments
        self.references = references
        self.previous = previous
        self.isObsolete = isObsolete
    }

    /// An entry read from a file, with where it was and its source text.
    init(
        msgctxt: String?, msgid: String, msgidPlural: String?, msgstr: [String], flags: [String],
        translatorComments: [String], extractedComments: [String], references: [String], previous: PoPrevious?,
        isObsolete: Bool, origin: PoOrigin, spans: PoSpans
    ) {
        // Every property assigned here rather than through the public init: delegating made the
        // parser copy each entry twice.
        self.msgctxt = msgctxt
        self.msgid = msgid
        self.msgidPlural = msgidPlural
        self.msgstr = msgstr
        self.flags = flags
        self.translatorComments = translatorComments
        self.extractedComments = extractedComments
        self.references = references
        self.previous = previous
        self.isObsolete = isObsolete
        self.origin = origin
        leadingSpan = spans.leading
        commentSpan = spans.comments
        bodySpan = spans.body
    }

    /// The entry is marked `#, fuzzy`.
    public var isFuzzy: Bool { flags.contains("fuzzy") }
    /// The entry is the header: no context and an empty msgid.
    public var isHeader: Bool { msgctxt == nil && msgid.isEmpty }
    /// No translation: the first msgstr is empty (GNU msgfmt leaves such entries out of the .mo).
    public var isUntranslated: Bool { msgstr.first?.isEmpty ?? true }

    public static func == (lhs: PoEntry, rhs: PoEntry) -> Bool {
        // Separate statements: one long `&&` chain of optional `==` takes the type checker minutes.
        guard lhs.msgctxt == rhs.msgctxt, lhs.msgid == rhs.msgid else { return false }
        guard lhs.msgidPlural == rhs.msgidPlural, lhs.msgstr == rhs.msgstr else { return false }
        guard lhs.flags == rhs.flags, lhs.translatorComments == rhs.translatorComments else { return false }
        guard lhs.extractedComments == rhs.extractedComments, lhs.references == rhs.references else { return false }
        return lhs.previous == rhs.previous && lhs.isObsolete == rhs.isObsolete
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(msgctxt)
        hasher.combine(msgid)
        hasher.combine(msgidPlural)
        hasher.combine(msgstr)
        hasher.combine(isObsolete)
    }
}

/// Where a parsed entry's keywords are.
struct PoOrigin: Sendable {
    let source: PoSource
    let msgid: Int
    let msgstr: Int
}

/// The source bytes of a parsed entry's parts.
struct PoSpans {
    let leading: Range<Int>
    let comments: Range<Int>
    let body: Range<Int>
}

/// The file a catalog was read from, shared by its entries: one reference to copy per entry
/// instead of a `SourceFile`'s three.
final class PoSource: Sendable {
    let file: SourceFile

    init(_ file: SourceFile) {
        self.file = file
    }
}

/// The `#|` strings: what the message said before the last merge.
public struct PoPrevious: Sendable, Hashable {
    public var msgctxt: String?
    public var msgid: String
    public var msgidPlural: String?

    public init(msgctxt: String? = nil, msgid: String, msgidPlural: String? = nil) {
        self.msgctxt = msgctxt
        self.msgid = msgid
        self.msgidPlural = msgidPlural
    }
}

/// A parsed PO file: the header entry, the other entries in file order, and the text they came from.
public struct PoCatalog: Sendable {
    /// The header entry (`msgid ""` without context), if the file has one.
    public var headerEntry: PoEntry?
    /// How many entries came before the header in the file (gettext takes it anywhere), so that
    /// the writer puts it back there.
    var headerIndex = 0
    /// Every entry except the header, in file order, obsolete ones included.
    public var entries: [PoEntry]
    /// The file the catalog was read from.
    public let source: SourceFile
    /// Bytes after the last entry (trailing blank lines and comments), kept for the writer.
    var trailingSpan: Range<Int>?
    /// `\r\n` when the file used CRLF line ends, for lines the writer formats.
    let lineEnd: String

    /// A catalog made in code, or read from `source` by `PoParser`.
    public init(headerEntry: PoEntry? = nil, entries: [PoEntry] = [], source: SourceFile? = nil) {
        self.headerEntry = headerEntry
        self.entries = entries
        self.source = source ?? SourceFile(path: "<new>", bytes: [])
        self.lineEnd = "\n"
    }

    init(
        headerEntry: PoEntry?, headerIndex: Int, entries: [PoEntry], source: SourceFile, trailingSpan: Range<Int>?,
        lineEnd: String
    ) {
        self.headerEntry = headerEntry
        self.headerIndex = headerIndex
        self.entries = entries
        self.source = source
        self.trailingSpan = trailingSpan
        self.lineEnd = lineEnd
    }

    /// The header's fields, in order.
    public var header: PoHeader { PoHeader(text: headerEntry?.msgstr.first ?? "") }

    /// The index of the entry with this context and msgid (obsolete entries are skipped).
    public func index(msgctxt: String?, msgid: String) -> Int? {
        entries.firstIndex { !$0.isObsolete && $0.msgctxt == msgctxt && $0.msgid == msgid }
    }
}

/// The header entry's `Key: value` lines.
public struct PoHeader: Sendable, Hashable {
    /// The fields in file order.
    public let fields: [(key: String, value: String)]

    /// Reads `Key: value` lines from the header's msgstr.
    public init(text: String) {
        var fields: [(key: String, value: String)] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingSpaces()
            let value = line[line.index(after: colon)...].trimmingSpaces()
            fields.append((key, value))
        }
        self.fields = fields
    }

    /// The value of a field, by case-insensitive name (the first when a field repeats).
    public subscript(key: String) -> String? {
        let lowered = key.lowercased()
        return fields.first { $0.key.lowercased() == lowered }?.value
    }

    /// The charset named in `Content-Type`, if any.
    public var charset: String? {
        guard let rest = self["Content-Type"]?.after("charset=") else { return nil }
        return String(rest.prefix { $0 != ";" && $0 != " " })
    }

    public static func == (lhs: PoHeader, rhs: PoHeader) -> Bool {
        guard lhs.fields.count == rhs.fields.count else { return false }
        for (left, right) in zip(lhs.fields, rhs.fields) where left.key != right.key || left.value != right.value {
            return false
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        for field in fields {
            hasher.combine(field.key)
            hasher.combine(field.value)
        }
    }
}

extension String {
    /// The text after the first occurrence of `needle` (no Foundation in this module).
    func after(_ needle: String) -> Substring? {
        let hay = Array(utf8)
        let pin = Array(needle.utf8)
        guard !pin.isEmpty, hay.count >= pin.count else { return nil }
        for start in 0...(hay.count - pin.count) where hay[start..<start + pin.count].elementsEqual(pin) {
            return self[utf8.index(startIndex, offsetBy: start + pin.count)...]
        }
        return nil
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" || first == "\r" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice = slice.dropLast() }
        return String(slice)
    }
}

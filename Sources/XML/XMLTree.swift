public import Basics

/// An immutable XML document read from a source file: the root element and the file it came from.
public struct XMLTree: Sendable {
    /// The document element.
    public let root: Element
    /// The file the tree was read from, for locations.
    public let source: SourceFile

    /// An element with its attributes, child elements and direct character data.
    public struct Element: Sendable {
        /// The qualified name as written (`prefix:local` or `local`).
        public let name: String
        /// The attributes in document order.
        public let attributes: [Attribute]
        /// The child elements in document order (comments and processing instructions are dropped).
        public let children: [Element]
        /// The element's own character data (text and CDATA, entities resolved), concatenated.
        public let text: String
        /// UTF-8 byte offset of the start tag's `<`.
        public let offset: Int
        /// UTF-8 byte offset of the first non-blank character of the text (or just after the start tag).
        public let textOffset: Int
        /// Where each byte of `text` is in the file, through references, comments and CDATA
        /// markers; nil when the file holds the text in another encoding.
        public let textOffsets: OffsetMap?

        /// The first attribute with this name.
        public func attribute(_ name: String) -> Attribute? { attributes.first { $0.name == name } }
        /// The value of the first attribute with this name.
        public subscript(attribute name: String) -> String? { attribute(name)?.value }
        /// The first child element with this name.
        public func child(_ name: String) -> Element? { children.first { $0.name == name } }
        /// Every child element with this name.
        public func children(named name: String) -> [Element] { children.filter { $0.name == name } }
        /// The text with surrounding white space removed.
        public var trimmedText: String { text.trimmingXMLSpace() }
        /// Where each byte of `trimmedText` is in the file.
        public var trimmedTextOffsets: OffsetMap? {
            textOffsets?.dropFirst(text.utf8.prefix { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }.count)
        }
    }

    /// An attribute and where its name and value start.
    public struct Attribute: Sendable {
        /// The qualified name as written.
        public let name: String
        /// The normalised value, entities resolved.
        public let value: String
        /// UTF-8 byte offset of the attribute's name.
        public let offset: Int
        /// UTF-8 byte offset of the first character inside the quotes.
        public let valueOffset: Int
    }
}

/// Limits applied before and during parsing.
public struct XMLLimits: Sendable {
    /// Largest accepted document in bytes.
    public var maximumBytes: Int
    /// Creates limits.
    public init(maximumBytes: Int = 4 << 20) { self.maximumBytes = maximumBytes }
}

extension String {
    /// The string without leading and trailing XML white space (space, tab, CR, LF).
    public func trimmingXMLSpace() -> String {
        let blank: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !blank($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !blank($0) })!
        return String(scalars[first...last])
    }
}

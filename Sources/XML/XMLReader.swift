public import Basics
import CLibXML2

extension XMLTree {
    /// Parses a document strictly with libxml2: well-formed, no DOCTYPE (so no entity expansion,
    /// no external entity, no network), within the size limit. Errors keep libxml2's line, column
    /// and message.
    public static func parse(_ source: SourceFile, limits: XMLLimits = XMLLimits()) throws(Diagnostics) -> XMLTree {
        if source.bytes.count > limits.maximumBytes {
            throw Diagnostics([XMLDiagnostics.tooLarge(source, limit: limits.maximumBytes)])
        }
        let state = ParseState(source: source)
        parseWithLibXML2(state)
        if state.diagnostics.hasErrors { throw state.diagnostics }
        guard let root = state.root else { throw Diagnostics([XMLDiagnostics.noRoot(source)]) }
        return XMLTree(root: root, source: source)
    }
}

/// The messages of the XML module.
enum XMLDiagnostics {
    static func tooLarge(_ source: SourceFile, limit: Int) -> Diagnostic {
        source.diagnostic(
            "xml.too-large", .error, "the file has \(source.bytes.count) bytes; the limit is \(limit)", at: 0,
            hint: "an addon.xml is a few kilobytes; check that this is the right file")
    }

    static func noRoot(_ source: SourceFile) -> Diagnostic {
        source.diagnostic("xml.not-well-formed", .error, "the document has no root element", at: 0)
    }

    static func doctype(_ source: SourceFile, at offset: Int) -> Diagnostic {
        source.diagnostic(
            "xml.doctype-forbidden", .error, "a DOCTYPE is not allowed in this file; it was not read", at: offset,
            hint: "remove the <!DOCTYPE …> declaration; entities and external DTDs are refused for safety")
    }

    static func libxml2(_ source: SourceFile, message: String, line: Int, column: Int, isWarning: Bool) -> Diagnostic {
        source.diagnostic(
            isWarning ? "xml.warning" : "xml.not-well-formed", isWarning ? .warning : .error, message, line: line,
            column: max(column, 1),
            hint: isWarning ? nil : "fix the XML here; CS-Cart skips an add-on whose addon.xml libxml2 cannot parse")
    }
}

/// The mutable state of one parse, reached from libxml2's callbacks through `userData`.
private final class ParseState {
    let source: SourceFile
    var context: xmlParserCtxtPtr?
    var stack: [Builder] = []
    var root: XMLTree.Element?
    var diagnostics = Diagnostics()

    init(source: SourceFile) { self.source = source }

    struct Builder {
        var name: String
        var attributes: [XMLTree.Attribute]
        var children: [XMLTree.Element] = []
        var text: [UInt8] = []
        var offset: Int
        /// Just after the start tag.
        var contentStart: Int
        var isEmptyTag: Bool
        /// Where the file's bytes not yet matched to `text` or a child start.
        var cursor: Int
        var inCDATA = false
        /// Where each byte of `text` is in the file; nil once they no longer match.
        var textOffsets: OffsetMap? = OffsetMap()
    }

    /// The parser's current byte offset in the original input.
    var cursor: Int {
        guard let context else { return 0 }
        return min(max(Int(xmlByteConsumed(context)), 0), source.bytes.count)
    }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> ParseState {
        Unmanaged<ParseState>.fromOpaque(pointer!).takeUnretainedValue()
    }
}

private let libxml2Initialised: Void = { xmlInitParser() }()

private func parseWithLibXML2(_ state: ParseState) {
    _ = libxml2Initialised
    let bytes = state.source.bytes
    bytes.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { chars in
            // An empty buffer has no base address; libxml2 then reports "Document is empty".
            let empty: [CChar] = [0]
            let base = chars.baseAddress ?? empty.withUnsafeBufferPointer { $0.baseAddress! }
            guard let context = xmlCreateMemoryParserCtxt(base, Int32(chars.count)) else { return }
            defer { xmlFreeParserCtxt(context) }
            // XML_PARSE_NONET only: never NOENT, DTDLOAD, HUGE or RECOVER.
            xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue))
            var handler = xmlSAXHandler()
            handler.initialized = UInt32(XML_SAX2_MAGIC)
            handler.startElementNs = startElement
            handler.endElementNs = endElement
            handler.characters = characters
            handler.cdataBlock = characters
            handler.internalSubset = rejectDoctype
            handler.serror = structuredError
            context.pointee.sax.pointee = handler
            state.context = context
            context.pointee.userData = Unmanaged.passUnretained(state).toOpaque()
            xmlParseDocument(context)
            state.context = nil
        }
    }
}

// A start tag: libxml2 calls this with its cursor at the tag's `>` or `/>`; `<` cannot occur
// inside attribute values of well-formed XML, so the tag starts at the nearest `<` before it.
private let startElement: startElementNsSAX2Func = {
    userData, localName, prefix, _, _, _, attributeCount, _, attributes in
    let state = ParseState.from(userData)
    let bytes = state.source.bytes
    var lt = min(state.cursor, bytes.count - 1)
    while lt > 0, bytes[lt] != UInt8(ascii: "<") { lt -= 1 }
    let scanned = scanStartTag(bytes, at: lt)
    var name = string(localName)
    if let prefix { name = string(prefix) + ":" + name }
    var list: [XMLTree.Attribute] = []
    if let attributes {
        for index in 0..<Int(attributeCount) {
            var attributeName = string(attributes[5 * index])
            if let attributePrefix = attributes[5 * index + 1] {
                attributeName = string(attributePrefix) + ":" + attributeName
            }
            let start = attributes[5 * index + 3]!
            let end = attributes[5 * index + 4]!
            // Without entity substitution libxml2 hands `&` over as "&#38;" for later re-parsing.
            let value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
                .replacingEvery("&#38;", with: "&")
            let place = scanned.attributes[attributeName] ?? (lt, lt)
            list.append(.init(name: attributeName, value: value, offset: place.name, valueOffset: place.value))
        }
    }
    let isEmptyTag = scanned.end >= 2 && bytes[scanned.end - 2] == UInt8(ascii: "/")
    state.stack.append(
        .init(
            name: name, attributes: list, offset: lt, contentStart: scanned.end, isEmptyTag: isEmptyTag,
            cursor: scanned.end))
}

private let endElement: endElementNsSAX2Func = { userData, _, _, _ in
    let state = ParseState.from(userData)
    guard var builder = state.stack.popLast() else { return }
    // The parent's bytes go on after this element's end tag: found from the last matched byte,
    // or, when the text did not match, where libxml2 is.
    let end = builder.endTag(in: state.source.bytes) ?? state.cursor
    let firstText = builder.text.firstIndex { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
    let element = XMLTree.Element(
        name: builder.name, attributes: builder.attributes, children: builder.children,
        text: String(decoding: builder.text, as: UTF8.self), offset: builder.offset,
        textOffset: firstText.flatMap { builder.textOffsets?.fileOffset(of: $0) }
            ?? ParseState.Builder.firstWritten(in: state.source.bytes, from: builder.contentStart),
        textOffsets: builder.textOffsets)
    if state.stack.isEmpty {
        state.root = element
    } else {
        state.stack[state.stack.count - 1].children.append(element)
        state.stack[state.stack.count - 1].cursor = end
    }
}

private let characters: charactersSAXFunc = { userData, text, length in
    let state = ParseState.from(userData)
    guard !state.stack.isEmpty, let text else { return }
    state.stack[state.stack.count - 1].append(
        UnsafeBufferPointer(start: text, count: Int(length)), in: state.source.bytes)
}

extension ParseState.Builder {
    /// Appends text libxml2 hands over and matches it to the file from `cursor`: comments and
    /// processing instructions give no text, CDATA markers enclose text, a reference stands for
    /// its character, CR LF (or a lone CR) for LF. Text that does not match (a file in another
    /// encoding) leaves the element without offsets.
    mutating func append(_ chunk: UnsafeBufferPointer<UInt8>, in bytes: [UInt8]) {
        var next = text.count
        text.append(contentsOf: chunk)
        guard textOffsets != nil else { return }
        while next < text.count {
            skipMarkup(in: bytes)
            guard cursor < bytes.count else {
                textOffsets = nil
                return
            }
            textOffsets?.record(next, at: cursor)
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "&"), !inCDATA {
                guard let (scalar, length) = Self.reference(in: bytes, at: cursor),
                    text[next...].starts(with: scalar.utf8)
                else {
                    textOffsets = nil
                    return
                }
                for index in next..<next + scalar.utf8.count { textOffsets?.record(index, at: cursor) }
                (next, cursor) = (next + scalar.utf8.count, cursor + length)
            } else if byte == 0x0D {
                guard text[next] == 0x0A else {
                    textOffsets = nil
                    return
                }
                next += 1
                cursor += cursor + 1 < bytes.count && bytes[cursor + 1] == 0x0A ? 2 : 1
            } else {
                guard text[next] == byte else {
                    textOffsets = nil
                    return
                }
                (next, cursor) = (next + 1, cursor + 1)
                // The rest of a plain run, without a record per byte.
                while next < text.count, cursor < bytes.count, text[next] == bytes[cursor],
                    !Self.isMarkup(bytes[cursor])
                {
                    (next, cursor) = (next + 1, cursor + 1)
                }
            }
        }
        textOffsets?.record(text.count, at: cursor)
    }

    /// Moves `cursor` past what gives no text: comments, processing instructions, and the
    /// markers that open and close a CDATA section.
    mutating func skipMarkup(in bytes: [UInt8]) {
        while cursor < bytes.count {
            if inCDATA {
                guard Self.has("]]>", in: bytes, at: cursor) else { return }
                (cursor, inCDATA) = (cursor + 3, false)
            } else if bytes[cursor] != UInt8(ascii: "<") {
                return
            } else if Self.has("<![CDATA[", in: bytes, at: cursor) {
                (cursor, inCDATA) = (cursor + 9, true)
            } else if Self.has("<!--", in: bytes, at: cursor) {
                cursor = Self.end(of: "-->", in: bytes, from: cursor + 4)
            } else if Self.has("<?", in: bytes, at: cursor) {
                cursor = Self.end(of: "?>", in: bytes, from: cursor + 2)
            } else {
                return
            }
        }
    }

    /// The offset after the end tag (or after `/>`), when the bytes after the last text are
    /// what libxml2 read there: comments, processing instructions, empty CDATA, then `</`.
    mutating func endTag(in bytes: [UInt8]) -> Int? {
        if isEmptyTag { return contentStart }
        skipMarkup(in: bytes)
        guard textOffsets != nil, !inCDATA, Self.has("</", in: bytes, at: cursor) else { return nil }
        return Self.end(of: ">", in: bytes, from: cursor + 2)
    }

    /// Where an element's text begins when its bytes could not be matched to the file (a file in
    /// another encoding): past blanks and a CDATA opener, which are ASCII in every encoding read.
    static func firstWritten(in bytes: [UInt8], from start: Int) -> Int {
        func skipBlanks(_ offset: inout Int) {
            while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { offset += 1 }
        }
        var offset = start
        skipBlanks(&offset)
        if has("<![CDATA[", in: bytes, at: offset) {
            offset += 9
            skipBlanks(&offset)
        }
        return offset
    }

    /// A byte that may start markup, a reference or a line end, which a plain run stops at.
    private static func isMarkup(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "]") || byte == 0x0D
    }

    /// Whether the bytes at `offset` are `marker` (ASCII).
    private static func has(_ marker: StaticString, in bytes: [UInt8], at offset: Int) -> Bool {
        let count = marker.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        let start = marker.utf8Start
        for index in 0..<count where bytes[offset + index] != start[index] { return false }
        return true
    }

    /// The offset just after the next `marker` from `offset` (the file's end if there is none).
    private static func end(of marker: StaticString, in bytes: [UInt8], from offset: Int) -> Int {
        var index = offset
        while index < bytes.count, !has(marker, in: bytes, at: index) { index += 1 }
        return min(index + marker.utf8CodeUnitCount, bytes.count)
    }

    /// The character a character reference or a predefined entity reference at `offset` stands
    /// for, and its length in the file.
    private static func reference(in bytes: [UInt8], at offset: Int) -> (Unicode.Scalar, length: Int)? {
        var semicolon = offset + 1
        while semicolon < bytes.count, bytes[semicolon] != UInt8(ascii: ";") { semicolon += 1 }
        guard semicolon < bytes.count else { return nil }
        let scalar: Unicode.Scalar?
        switch String(decoding: bytes[(offset + 1)..<semicolon], as: UTF8.self) {
        case "amp": scalar = "&"
        case "lt": scalar = "<"
        case "gt": scalar = ">"
        case "quot": scalar = "\""
        case "apos": scalar = "'"
        case let name where name.hasPrefix("#x"):
            scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
        case let name where name.hasPrefix("#"): scalar = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init)
        default: scalar = nil
        }
        return scalar.map { ($0, semicolon + 1 - offset) }
    }
}

// Called after `<!DOCTYPE name ExternalID` and before any internal subset or external DTD is read.
private let rejectDoctype: internalSubsetSAXFunc = { userData, _, _, _ in
    let state = ParseState.from(userData)
    let marker = Array("<!DOCTYPE".utf8)
    let bytes = state.source.bytes
    var offset = min(state.cursor, bytes.count)
    while offset > 0, !bytes[offset...].starts(with: marker) { offset -= 1 }
    state.diagnostics.append(XMLDiagnostics.doctype(state.source, at: offset))
    if let context = state.context { xmlStopParser(context) }
}

private let structuredError: xmlStructuredErrorFunc = { userData, error in
    guard let userData, let error else { return }
    let state = ParseState.from(userData)
    let message = error.pointee.message.map { String(cString: $0) } ?? "XML error"
    state.diagnostics.append(
        XMLDiagnostics.libxml2(
            state.source, message: message.trimmingXMLSpace(), line: Int(error.pointee.line),
            column: Int(error.pointee.int2), isWarning: error.pointee.level == XML_ERR_WARNING))
}

private func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
    guard let pointer else { return "" }
    return String(cString: pointer)
}

/// Offsets of a start tag's attributes (name and first value byte) and the byte after its end.
private func scanStartTag(_ bytes: [UInt8], at lt: Int) -> (attributes: [String: (name: Int, value: Int)], end: Int) {
    func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
    var attributes: [String: (name: Int, value: Int)] = [:]
    var index = lt + 1
    while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">"),
        bytes[index] != UInt8(ascii: "/")
    {
        index += 1
    }
    while index < bytes.count {
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        guard index < bytes.count else { break }
        if bytes[index] == UInt8(ascii: ">") { return (attributes, index + 1) }
        if bytes[index] == UInt8(ascii: "/") {
            index += 1
            continue
        }
        let nameStart = index
        while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "=") { index += 1 }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "'") { index += 1 }
        guard index < bytes.count else { break }
        let quote = bytes[index]
        index += 1
        attributes[name] = (nameStart, index)
        while index < bytes.count, bytes[index] != quote { index += 1 }
        index += 1
    }
    return (attributes, min(index, bytes.count))
}

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
        var textOffset: Int
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
    state.stack.append(
        .init(name: name, attributes: list, offset: lt, textOffset: textStart(bytes, after: scanned.end)))
}

private let endElement: endElementNsSAX2Func = { userData, _, _, _ in
    let state = ParseState.from(userData)
    guard let builder = state.stack.popLast() else { return }
    let element = XMLTree.Element(
        name: builder.name, attributes: builder.attributes, children: builder.children,
        text: String(decoding: builder.text, as: UTF8.self), offset: builder.offset, textOffset: builder.textOffset)
    if state.stack.isEmpty {
        state.root = element
    } else {
        state.stack[state.stack.count - 1].children.append(element)
    }
}

private let characters: charactersSAXFunc = { userData, text, length in
    let state = ParseState.from(userData)
    guard !state.stack.isEmpty, let text else { return }
    state.stack[state.stack.count - 1].text.append(contentsOf: UnsafeBufferPointer(start: text, count: Int(length)))
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

/// Where an element's text starts: the first non-blank byte after the start tag (inside a
/// leading CDATA section if there is one), or just after the tag when there is no text first.
private func textStart(_ bytes: [UInt8], after end: Int) -> Int {
    var index = end
    while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    guard index < bytes.count else { return end }
    if bytes[index...].starts(with: Array("<![CDATA[".utf8)) {
        index += 9
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        return index
    }
    return bytes[index] == UInt8(ascii: "<") ? end : index
}

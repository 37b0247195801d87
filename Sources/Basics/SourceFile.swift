import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A file's text as UTF-8 bytes with a line table, so that parsers keep byte offsets and turn
/// them into `line:column` only when a person reads them (as swift-syntax does).
public struct SourceFile: Sendable {
    /// The path as it is shown to the user.
    public let path: String
    public let bytes: [UInt8]
    private let lineTable = LineTable()

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// Byte offset at which each line starts; `lineStarts[0] == 0`.
    private var lineStarts: [Int] { lineTable.starts(of: bytes) }

    public var lineCount: Int { lineStarts.count }

    /// The 1-based line of a byte offset: a search of the line table, without counting columns.
    public func line(at offset: Int) -> Int {
        LineTable.lineIndex(containing: min(max(offset, 0), bytes.count), in: lineStarts) + 1
    }

    /// The location of a byte offset. Lines are 1-based; columns are 1-based and count Unicode
    /// scalars, as libxml2 and GNU tools do, so that a Cyrillic line points at the right place.
    public func location(at offset: Int) -> SourceLocation {
        let clamped = min(max(offset, 0), bytes.count)
        let (lineIndex, column) = lineTable.lineAndColumn(of: clamped, in: bytes)
        return SourceLocation(file: path, line: lineIndex + 1, column: column, offset: clamped)
    }

    /// The location of a 1-based line and column, as reported by a C library.
    public func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: path, line: line, column: column, offset: offset(line: line, column: column))
    }

    /// The byte offset of a 1-based line and column (column in Unicode scalars), or of the line's
    /// end ("\n") when the line is shorter.
    public func offset(line: Int, column: Int) -> Int {
        let lineStarts = lineStarts
        guard line >= 1, line <= lineStarts.count else { return bytes.count }
        let end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        return lineTable.offset(ofColumn: column, lineIndex: line - 1, end: end, in: bytes).offset
    }

    /// The excerpt a diagnostic at a 1-based line and column shows.
    public func excerpt(line: Int, column: Int) -> SourceExcerpt? {
        let lineStarts = lineStarts
        guard line >= 1, line <= lineStarts.count else { return nil }
        let end = lineEnd(of: line - 1, in: lineStarts)
        let caret = lineTable.offset(ofColumn: column, lineIndex: line - 1, end: end, in: bytes)
        return excerpt(
            lineStart: lineStarts[line - 1], lineEnd: end, caret: caret.offset, caretColumn: caret.column - 1)
    }

    /// The excerpt a diagnostic at `location`, made by `location(at:)`, shows: no second walk of
    /// the line to find the caret.
    func excerpt(at location: SourceLocation) -> SourceExcerpt {
        let lineStarts = lineStarts
        let end = lineEnd(of: location.line - 1, in: lineStarts)
        let offset = location.offset ?? end
        // An offset on the line end ("\r\n") puts the caret just after the text.
        let caret = min(offset, end)
        return excerpt(
            lineStart: lineStarts[location.line - 1], lineEnd: end, caret: caret,
            caretColumn: location.column - 1 - (offset - caret))
    }

    /// The excerpt around `caret`, the byte offset of the 0-based column `caretColumn` on the line
    /// `lineStart..<lineEnd`. Only the shown columns are read, never the whole line: a fuzzer or a
    /// broken file makes diagnostics by the thousand, some on one line of a million characters.
    private func excerpt(lineStart: Int, lineEnd: Int, caret: Int, caretColumn: Int) -> SourceExcerpt {
        let width = SourceExcerpt.width
        var columnsAfterCaret = 0
        var index = caret
        while columnsAfterCaret < width, index < lineEnd {
            index = nextScalar(after: index)
            columnsAfterCaret += 1
        }
        // Centre the caret, unless the line ends within half a width of it.
        let firstColumn = max(0, min(caretColumn - width / 2, caretColumn + columnsAfterCaret - width))
        var first = caret
        for _ in firstColumn..<caretColumn where first > lineStart {
            first -= 1
            while first > lineStart, !bytes[first].startsScalar { first -= 1 }
        }
        var shown: [UInt8] = []
        shown.reserveCapacity(min(lineEnd - first, 4 * width) + 6)
        if firstColumn > 0 { shown.append(contentsOf: "...".utf8) }
        var caretIndent = shown.count
        var columns = 0
        index = first
        while index < lineEnd {
            let byte = bytes[index]
            if byte.startsScalar {
                if columns == width { break }
                columns += 1
            }
            if let (code, length) = shownCode(at: index, before: lineEnd) {
                shown.append(contentsOf: code.utf8)
                if index < caret { caretIndent += code.utf8.count }
                index += length
                continue
            }
            if byte.startsScalar, index < caret { caretIndent += 1 }
            shown.append(byte)
            index += 1
        }
        if index < lineEnd { shown.append(contentsOf: "...".utf8) }
        return SourceExcerpt(text: String(decoding: shown, as: UTF8.self), caretIndent: caretIndent)
    }

    /// How the excerpt shows the character at `offset` when not as it is, and its length in
    /// bytes: a tab as four spaces, a control character as its code (`<U+001B>`), since a file's
    /// raw escape sequence would restyle the terminal (C1 controls are 0xC2 0x80–0x9F).
    private func shownCode(at offset: Int, before end: Int) -> (String, length: Int)? {
        let byte = bytes[offset]
        guard byte < 0x20 || byte == 0x7F || byte == 0xC2 else { return nil }
        if byte == UInt8(ascii: "\t") { return ("    ", 1) }
        if byte == 0xC2 {
            guard offset + 1 < end, (0x80...0x9F).contains(bytes[offset + 1]) else { return nil }
            return (Unicode.Scalar(bytes[offset + 1]).code, 2)
        }
        return (Unicode.Scalar(byte).code, 1)
    }

    /// The end of a 0-based line, before its "\n" or "\r\n".
    private func lineEnd(of lineIndex: Int, in lineStarts: [Int]) -> Int {
        let start = lineStarts[lineIndex]
        var end = lineIndex + 1 < lineStarts.count ? lineStarts[lineIndex + 1] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return end
    }

    /// The offset of the UTF-8 sequence after the one at `offset` (a stray byte counts as one).
    private func nextScalar(after offset: Int) -> Int {
        var next = offset + 1
        while next < bytes.count, !bytes[next].startsScalar { next += 1 }
        return next
    }
}

/// The line starts of a file, found on first use: a parser keeps byte offsets, and most files are
/// read without a single location being asked for.
private final class LineTable: Sendable {
    private struct State {
        var lineStarts: [Int]?
        /// The last location asked for: one near it on the same line counts only the columns in
        /// between. Parsers ask for many locations on a long line, mostly in order.
        var last: (offset: Int, lineIndex: Int, column: Int)?

        mutating func starts(of bytes: [UInt8]) -> [Int] {
            if let lineStarts { return lineStarts }
            var found = [0]
            // memchr, not a byte loop: it reads a word at a time, and under the fuzzer's
            // instrumentation a byte loop pays a comparison hook per byte.
            bytes.withUnsafeBytes { buffer in
                guard let start = buffer.baseAddress else { return }
                var cursor = start
                while let newline = memchr(cursor, Int32(UInt8(ascii: "\n")), buffer.count - (cursor - start)) {
                    cursor = UnsafeRawPointer(newline) + 1
                    found.append(cursor - start)
                }
            }
            lineStarts = found
            return found
        }
    }
    private let state = Mutex(State())

    func starts(of bytes: [UInt8]) -> [Int] {
        state.withLock { $0.starts(of: bytes) }
    }

    /// The 0-based line and 1-based column (in Unicode scalars) of a byte offset.
    func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (lineIndex: Int, column: Int) {
        state.withLock { state in
            let starts = state.starts(of: bytes)
            let lineIndex = Self.lineIndex(containing: offset, in: starts)
            let lineStart = starts[lineIndex]
            let column: Int
            if let last = state.last, last.lineIndex == lineIndex, abs(offset - last.offset) < offset - lineStart {
                // Nearer the last location than the line's start: count from there, on or back.
                let between = Self.scalars(in: min(offset, last.offset)..<max(offset, last.offset), of: bytes)
                column = last.column + (offset >= last.offset ? between : -between)
            } else {
                column = 1 + Self.scalars(in: lineStart..<offset, of: bytes)
            }
            state.last = (offset, lineIndex, column)
            return (lineIndex, column)
        }
    }

    /// The offset where the 1-based `column` of a 0-based line starts, or `end` when the line is
    /// shorter, and the column reached. Counted from the last location when it is on the line and
    /// nearer than the line's start: libxml2 and the SQL translator report by line and column.
    func offset(ofColumn column: Int, lineIndex: Int, end: Int, in bytes: [UInt8]) -> (offset: Int, column: Int) {
        state.withLock { state in
            let column = max(column, 1)
            let lineStart = state.starts(of: bytes)[lineIndex]
            var (offset, reached) = (lineStart, 1)
            if let last = state.last, last.lineIndex == lineIndex, last.offset <= end,
                abs(column - last.column) < column - 1
            {
                (offset, reached) = (last.offset, last.column)
            }
            // Back: each leading byte stepped onto is one column less.
            while reached > column, offset > lineStart {
                offset -= 1
                if bytes[offset].startsScalar { reached -= 1 }
            }
            // On: stop at the leading byte of the column, or at the end.
            while offset < end, !(reached == column && bytes[offset].startsScalar) {
                if bytes[offset].startsScalar { reached += 1 }
                offset += 1
            }
            state.last = (offset, lineIndex, reached)
            return (offset, reached)
        }
    }

    /// The Unicode scalars that start in `range`: its bytes that are not UTF-8 continuation bytes.
    private static func scalars(in range: Range<Int>, of bytes: [UInt8]) -> Int {
        var count = 0
        for index in range where bytes[index].startsScalar { count += 1 }
        return count
    }

    static func lineIndex(containing offset: Int, in lineStarts: [Int]) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }
}

extension UInt8 {
    /// Whether the byte begins a UTF-8 sequence, that is, a column: any byte but a continuation
    /// byte (10xxxxxx). A stray continuation byte is part of the column before it.
    fileprivate var startsScalar: Bool { self & 0xC0 != 0x80 }
}

/// The part of a source line a diagnostic shows: the whole line or, for a line longer than `width`
/// columns (a minified file, a hostile million-character `.po` line), the `width` columns around
/// the caret between "..." marks, so that a diagnostic costs what a screen holds, not what the file
/// holds. Columns count Unicode scalars; tabs are shown as four spaces.
public struct SourceExcerpt: Sendable, Hashable {
    public static let width = 120
    public let text: String
    /// The characters before the caret on the line under `text`.
    public let caretIndent: Int

    public init(text: String, caretIndent: Int) {
        self.text = text
        self.caretIndent = caretIndent
    }
}

/// A place in a file, for people: 1-based line and column.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    /// The UTF-8 byte offset, when the location came from a parser that knows it.
    public var offset: Int?

    public init(file: String, line: Int, column: Int, offset: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.offset = offset
    }

    public var description: String { "\(file):\(line):\(column)" }
}

import Synchronization

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

    /// The location of a byte offset. Lines are 1-based; columns are 1-based and count Unicode
    /// scalars, as libxml2 and GNU tools do, so that a Cyrillic line points at the right place.
    public func location(at offset: Int) -> SourceLocation {
        let clamped = min(max(offset, 0), bytes.count)
        let lineStarts = lineStarts
        let lineIndex = Self.lineIndex(containing: clamped, in: lineStarts)
        let start = lineStarts[lineIndex]
        var column = 1
        var index = start
        while index < clamped {
            // Count only the leading bytes of UTF-8 sequences.
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourceLocation(file: path, line: lineIndex + 1, column: column, offset: clamped)
    }

    /// The location of a 1-based line and column, as reported by a C library.
    public func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: path, line: line, column: column, offset: offset(line: line, column: column))
    }

    /// The byte offset of a 1-based line and column (column in Unicode scalars).
    public func offset(line: Int, column: Int) -> Int {
        let lineStarts = lineStarts
        guard line >= 1, line <= lineStarts.count else { return bytes.count }
        var index = lineStarts[line - 1]
        var remaining = max(column - 1, 0)
        while remaining > 0, index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
            index += 1
            while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
            remaining -= 1
        }
        return index
    }

    /// The text of a 1-based line without its line end.
    public func lineText(_ line: Int) -> String {
        let lineStarts = lineStarts
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    private static func lineIndex(containing offset: Int, in lineStarts: [Int]) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }
}

/// The line starts of a file, found on first use: a parser keeps byte offsets, and most files are
/// read without a single location being asked for.
private final class LineTable: Sendable {
    private let starts = Mutex<[Int]?>(nil)

    func starts(of bytes: [UInt8]) -> [Int] {
        starts.withLock { starts in
            if let starts { return starts }
            var found = [0]
            bytes.withUnsafeBufferPointer { buffer in
                for offset in buffer.indices where buffer[offset] == UInt8(ascii: "\n") { found.append(offset + 1) }
            }
            starts = found
            return found
        }
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

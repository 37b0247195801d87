/// Where each byte of a text taken from a file is in that file, when the file does not hold the
/// text byte for byte: an XML element's text has its references decoded, its comments and CDATA
/// markers left out and its line ends normalised. Kept as the places where the distance between
/// text and file changes, so that a text written verbatim takes one entry.
public struct OffsetMap: Sendable, Hashable {
    /// Text offsets where a stretch starts, ascending, and the file offset of each.
    private var textStarts: [Int] = []
    private var fileStarts: [Int] = []

    /// An empty map, to be filled by `record`.
    public init() {}

    /// The map of a text written verbatim from `fileOffset` on.
    public init(verbatimAt fileOffset: Int) {
        textStarts = [0]
        fileStarts = [fileOffset]
    }

    /// Records that the text's byte at `textOffset` (or its end, when nothing follows yet) is at
    /// `fileOffset`. Offsets are recorded in ascending text order.
    public mutating func record(_ textOffset: Int, at fileOffset: Int) {
        if let last = textStarts.last {
            // The end of the text so far, now followed by a byte somewhere else.
            if last == textOffset {
                fileStarts[fileStarts.count - 1] = fileOffset
                return
            }
            if fileOffset - textOffset == fileStarts[fileStarts.count - 1] - last { return }
        }
        textStarts.append(textOffset)
        fileStarts.append(fileOffset)
    }

    /// The file offset of a text offset; one past the last recorded counts on from it.
    public func fileOffset(of textOffset: Int) -> Int {
        // The last stretch starting at or before `textOffset`.
        var (low, high) = (0, textStarts.count)
        while low < high {
            let middle = (low + high) / 2
            if textStarts[middle] <= textOffset { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return (fileStarts.first ?? 0) + textOffset - (textStarts.first ?? 0) }
        return fileStarts[low - 1] + textOffset - textStarts[low - 1]
    }

    /// The map of the text without its first `count` bytes.
    public func dropFirst(_ count: Int) -> OffsetMap {
        var result = OffsetMap()
        result.record(0, at: fileOffset(of: count))
        for (textStart, fileStart) in zip(textStarts, fileStarts) where textStart > count {
            result.record(textStart - count, at: fileStart)
        }
        return result
    }
}

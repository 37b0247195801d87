import Foundation

/// Where bytes are written: a render's output, or an array while a string is being built.
protocol ByteSink: ~Copyable {
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>)
}

extension ByteSink where Self: ~Copyable {
    mutating func append(_ byte: UInt8) {
        withUnsafePointer(to: byte) { append(UnsafeBufferPointer(start: $0, count: 1)) }
    }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }
}

extension Array: ByteSink where Element == UInt8 {
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
}

/// A render's output. Appending is a capacity check and a copy: `Array.append(contentsOf:)`
/// takes ~30 instructions through its generic path and uniqueness check, ~100 times a render.
/// The bytes are malloc's (see `Scope.allocate`), so growing is a realloc. It holds at most
/// `limit` bytes: past that, appending drops the bytes and sets `isFull`, which the renderer
/// checks where output can multiply (loop passes, includes) and at the end.
struct OutputBuffer: ~Copyable, ByteSink {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private let limit: Int
    private(set) var count = 0
    private(set) var isFull = false

    init(capacity: Int, limit: Int) {
        base = malloc(capacity)!.bindMemory(to: UInt8.self, capacity: capacity)
        self.capacity = capacity
        self.limit = limit
    }

    deinit { free(base) }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        if count + bytes.count > capacity, !grow(toHold: count + bytes.count) { return }
        (base + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Forgets the bytes written after the first `count` (a capture takes them as a string).
    mutating func truncate(to count: Int) { self.count = count }

    /// False, and `isFull` set, past the limit.
    private mutating func grow(toHold minimum: Int) -> Bool {
        guard minimum <= limit else {
            isFull = true
            return false
        }
        capacity = min(max(capacity * 2, minimum), limit)
        base = realloc(base, capacity)!.bindMemory(to: UInt8.self, capacity: capacity)
        return true
    }
}

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
/// The bytes are malloc's (see `Scope.allocate`), so growing is a realloc.
struct OutputBuffer: ~Copyable, ByteSink {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        base = malloc(capacity)!.bindMemory(to: UInt8.self, capacity: capacity)
        self.capacity = capacity
    }

    deinit { free(base) }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        if count + bytes.count > capacity { grow(toHold: count + bytes.count) }
        (base + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Forgets the bytes written after the first `count` (a capture takes them as a string).
    mutating func truncate(to count: Int) { self.count = count }

    private mutating func grow(toHold minimum: Int) {
        capacity = max(capacity * 2, minimum)
        base = realloc(base, capacity)!.bindMemory(to: UInt8.self, capacity: capacity)
    }
}

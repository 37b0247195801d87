#if canImport(Glibc)
    import Glibc
#endif

extension String {
    /// The text with each control character but tab shown as its code (`<U+001B>`), as clang
    /// shows them. A diagnostic quotes file names and file contents: a raw escape sequence would
    /// restyle the reader's terminal, and a raw newline would print a diagnostic line of its own.
    public var showingControlCharacters: String { showingControlCharacters(keepingLineBreaks: false) }

    /// `showingControlCharacters`, keeping "\n" for a text of several lines.
    public func showingControlCharacters(keepingLineBreaks: Bool) -> String {
        func shownAsCode(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isShownAsCode && !(keepingLineBreaks && scalar == "\n")
        }
        // Most texts have none: a byte scan finds that (C1 controls are 0xC2 0x80–0x9F); a scan
        // of the scalars took a tenth of the .po fuzz target's time.
        var text = self
        let mayHaveSome = text.withUTF8 { bytes in
            bytes.contains { $0 < 0x20 && $0 != 0x09 && !(keepingLineBreaks && $0 == 0x0A) || $0 == 0x7F || $0 == 0xC2 }
        }
        guard mayHaveSome else { return self }
        var shown = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if shownAsCode(scalar) {
                shown.append(contentsOf: scalar.code.unicodeScalars)
            } else {
                shown.append(scalar)
            }
        }
        return String(shown)
    }

    /// Every occurrence of `target` replaced, comparing UTF-8 bytes. Foundation's
    /// `replacingOccurrences` costs a command 960,000 instructions the first time it runs. A text
    /// without `target` is returned as it is.
    public func replacingEvery(_ target: String, with replacement: String) -> String {
        var out: [UInt8] = []
        let replaced = writingReplacements(of: target, with: replacement) { out.append(contentsOf: $0) }
        return replaced ? String(decoding: out, as: UTF8.self) : self
    }

    /// The text in pieces, each occurrence of `target` (from left to right, not overlapping)
    /// written as `replacement`; false, and nothing written, when `target` does not occur. For a
    /// caller that writes the result somewhere instead of building a string.
    public func writingReplacements(
        of target: String, with replacement: String, to write: (UnsafeBufferPointer<UInt8>) -> Void
    ) -> Bool {
        guard let first = target.utf8.first else { return false }
        var text = self, replacement = replacement
        let length = target.utf8.count
        return text.withUTF8 { bytes in
            var plain = 0
            var found = false
            var i = 0
            while i + length <= bytes.count {
                if bytes[i] == first && bytes.contains(target, at: i) {
                    write(UnsafeBufferPointer(rebasing: bytes[plain..<i]))
                    replacement.withUTF8(write)
                    i += length
                    plain = i
                    found = true
                } else {
                    i += 1
                }
            }
            if found { write(UnsafeBufferPointer(rebasing: bytes[plain...])) }
            return found
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether `key`'s bytes are at `offset`.
    public func contains(_ key: String, at offset: Int) -> Bool {
        let length = key.utf8.count
        guard offset + length <= count else { return false }
        guard length > 0, let start = baseAddress else { return true }
        // memcmp: the generic elementsEqual takes ~200 instructions for a six-byte "[date]".
        var key = key
        return key.withUTF8 { memcmp($0.baseAddress!, start + offset, length) == 0 }
    }
}

extension Unicode.Scalar {
    /// C0 controls but tab, DEL, and the C1 controls (U+0080–U+009F, which some terminals obey).
    public var isShownAsCode: Bool { (value < 0x20 && value != 0x09) || (0x7F...0x9F).contains(value) }

    /// `<U+001B>`.
    public var code: String {
        let digits = String(value, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits + ">"
    }
}

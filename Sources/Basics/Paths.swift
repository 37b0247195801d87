#if canImport(Glibc)
    import Glibc
#endif

/// File paths as the host keeps them.
public enum Paths {
    /// `path` made absolute against the working directory, with `.`, `..` and repeated slashes
    /// resolved by their text (no symlink is followed), as `URL.standardizedFileURL.path` gives
    /// it. Without building a URL: that costs a command's start-up 360,000 instructions.
    public static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : workingDirectory() + "/" + path
        var parts: [Substring] = []
        for part in full.split(separator: Character("/")) where part != "." {
            if part == ".." {
                _ = parts.popLast()
            } else {
                parts.append(part)
            }
        }
        // Joined by hand, each part made a `String` first: `joined(separator:)` and appending a
        // `Substring` take generic paths that cost 240,000 instructions the first time.
        var absolute = ""
        for part in parts {
            absolute += "/"
            absolute += String(part)
        }
        return absolute.isEmpty ? "/" : absolute
    }

    private static func workingDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

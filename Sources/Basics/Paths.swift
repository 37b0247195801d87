#if canImport(Glibc)
    import Glibc
#endif

/// File paths as the host keeps them.
public enum Paths {
    /// `path` made absolute against the working directory, with `.`, `..` and repeated slashes
    /// resolved by their text (no symlink is followed), as `URL.standardizedFileURL.path` gives
    /// it. Without building a URL: that costs a command's start-up 360,000 instructions.
    public static func absolute(_ path: String) -> String {
        let full: String
        if path.hasPrefix("/") {
            full = path
        } else if let workingDirectory = workingDirectory() {
            full = workingDirectory + "/" + path
        } else {
            // A working directory that cannot be read (deleted meanwhile) leaves the path
            // relative rather than rooting it at `/`.
            return path
        }
        // Split at `/` bytes, as the kernel reads a path (a `Character` may join `/` with a
        // combining mark after it).
        var parts: [Substring.UTF8View] = []
        for part in full.utf8.split(separator: UInt8(ascii: "/")) where !part.elementsEqual(".".utf8) {
            if part.elementsEqual("..".utf8) {
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
            absolute += String(Substring(part))
        }
        return absolute.isEmpty ? "/" : absolute
    }

    private static func workingDirectory() -> String? {
        guard let path = getcwd(nil, 0) else { return nil }
        defer { free(path) }
        return String(cString: path)
    }
}

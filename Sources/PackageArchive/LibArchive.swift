import Basics
internal import CArchive

/// libarchive's functions (`CArchive`), loaded on the first package read or written.
typealias LibArchive = addonhost_libarchive

extension LibArchive {
    /// The loaded functions, or a diagnostic on `path` that names what is missing.
    static func load(for path: String) throws(Diagnostic) -> LibArchive {
        guard let functions = addonhost_libarchive_load() else {
            throw ArchiveProblem.libraryMissing(path, String(cString: addonhost_libarchive_error()))
        }
        return functions.pointee
    }

    /// The entry's path as stored (UTF-8 when the archive says so).
    func entryName(_ entry: OpaquePointer) -> String {
        if let utf8 = entry_pathname_utf8(entry) { return String(cString: utf8) }
        if let raw = entry_pathname(entry) { return String(cString: raw) }
        return ""
    }
}

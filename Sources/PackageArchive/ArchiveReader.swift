public import Basics
internal import CArchive
import Foundation

/// Extracts add-on packages (`.zip`, `.tgz`/`.tar.gz`, `.gz`) so that nothing is ever written
/// outside the target folder: every entry is checked before anything is written, and libarchive's
/// own secure-extraction flags stay on as a second guard.
public enum ArchiveReader {
    /// The package extensions CS-Cart accepts (`config.allowed_pack_exts`).
    public static func isSupported(_ path: String) -> Bool {
        let lower = path.lowercased()
        return [".zip", ".tgz", ".tar.gz", ".gz"].contains { lower.hasSuffix($0) }
    }

    /// Extracts `archive` into `target`, which must not exist or be empty. On failure the target
    /// is left empty (or not created) and the error names the archive and the entry.
    public static func extract(archive: String, into target: String, limits: ArchiveLimits = .default)
        throws(Diagnostic)
    {
        guard isSupported(archive) else { throw ArchiveProblem.unsupportedFormat(archive) }
        let libarchive = try LibArchive.load(for: archive)
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        let targetExisted = fileManager.fileExists(atPath: target, isDirectory: &isDirectory)
        if targetExisted {
            guard isDirectory.boolValue, (try? fileManager.contentsOfDirectory(atPath: target))?.isEmpty == true else {
                throw ArchiveProblem.target(target, "exists and is not an empty folder")
            }
        } else {
            do {
                try fileManager.createDirectory(atPath: target, withIntermediateDirectories: false)
            } catch {
                throw ArchiveProblem.target(target, "cannot be created: \(error.localizedDescription)")
            }
        }
        let root = URL(fileURLWithPath: target).resolvingSymlinksInPath().path
        do throws(Diagnostic) {
            // First pass: headers only, so that a bad entry anywhere refuses the whole package
            // before a byte is written.
            let entries = try checkedEntries(libarchive, archive: archive, limits: limits)
            try write(libarchive, archive: archive, entries: entries, root: root, limits: limits)
        } catch {
            if targetExisted {
                for item in (try? fileManager.contentsOfDirectory(atPath: target)) ?? [] {
                    try? fileManager.removeItem(atPath: (target as NSString).appendingPathComponent(item))
                }
            } else {
                try? fileManager.removeItem(atPath: target)
            }
            throw error
        }
    }

    /// The normalized relative paths of the entries, in archive order (nil for the package
    /// root's own `./` entry, which is skipped).
    static func checkedEntries(_ libarchive: LibArchive, archive: String, limits: ArchiveLimits) throws(Diagnostic)
        -> [String?]
    {
        let reader = try ArchiveHandle(reading: archive, with: libarchive)
        var paths: [String?] = []
        while let entry = try reader.nextHeader() {
            let name = libarchive.entryName(entry)
            if paths.count >= limits.maxEntries {
                throw ArchiveProblem.tooManyEntries(archive, name, limit: limits.maxEntries)
            }
            paths.append(try check(libarchive, entry, name: name, archive: archive))
            // A declared size over the limit is refused before reading the data.
            if libarchive.entry_size_is_set(entry) != 0, libarchive.entry_size(entry) > limits.maxTotalSize {
                throw ArchiveProblem.tooLarge(archive, name, limit: limits.maxTotalSize)
            }
            _ = libarchive.read_data_skip(reader.pointer)
        }
        return paths
    }

    /// The entry's path made relative and clean, or the reason it is refused.
    static func check(_ libarchive: LibArchive, _ entry: OpaquePointer, name: String, archive: String)
        throws(Diagnostic) -> String?
    {
        let isDirectory = libarchive.entry_filetype(entry) == addonhost_archive_directory
        guard let path = try normalized(name, archive: archive, entry: name, isDirectory: isDirectory) else {
            return nil
        }
        if libarchive.entry_hardlink(entry) != nil {
            throw ArchiveProblem.link(archive, name, "is a hard link; packages may not hold hard links")
        }
        switch libarchive.entry_filetype(entry) {
        case addonhost_archive_regular, addonhost_archive_directory: break
        case addonhost_archive_symlink:
            let target =
                libarchive.entry_symlink_utf8(entry).map { String(cString: $0) }
                ?? libarchive.entry_symlink(entry).map { String(cString: $0) } ?? ""
            // Without `..` and not absolute, a link can only point deeper inside the package,
            // even through other links.
            if target.isEmpty || target.hasPrefix("/") || target.contains("\\")
                || target.split(separator: "/").contains("..")
            {
                throw ArchiveProblem.link(
                    archive, name, "is a symbolic link to '\(target)', which may leave the package")
            }
        case addonhost_archive_character_device, addonhost_archive_block_device:
            throw ArchiveProblem.special(archive, name, "device file")
        case addonhost_archive_fifo: throw ArchiveProblem.special(archive, name, "FIFO")
        case addonhost_archive_socket: throw ArchiveProblem.special(archive, name, "socket")
        default: throw ArchiveProblem.special(archive, name, "file of an unknown type")
        }
        return path
    }

    /// `a/./b/` → `a/b`; absolute paths, `..`, drive letters and backslashes are refused.
    static func normalized(_ name: String, archive: String, entry: String, isDirectory: Bool) throws(Diagnostic)
        -> String?
    {
        if name.hasPrefix("/") { throw ArchiveProblem.unsafePath(archive, entry, "has an absolute path") }
        if name.contains("\\") { throw ArchiveProblem.unsafePath(archive, entry, "has a backslash in its path") }
        if name.utf8.count >= 2, name.utf8.dropFirst().first == UInt8(ascii: ":") {
            throw ArchiveProblem.unsafePath(archive, entry, "has a drive letter in its path")
        }
        let components = name.split(separator: "/").filter { $0 != "." }
        if components.contains("..") {
            throw ArchiveProblem.unsafePath(archive, entry, "has a '..' component in its path")
        }
        if components.isEmpty {
            if isDirectory { return nil }
            throw ArchiveProblem.unsafePath(archive, entry, "has an empty path")
        }
        return components.joined(separator: "/")
    }

    /// Second pass: writes the entries checked by the first pass.
    static func write(_ libarchive: LibArchive, archive: String, entries: [String?], root: String, limits: ArchiveLimits)
        throws(Diagnostic)
    {
        let reader = try ArchiveHandle(reading: archive, with: libarchive)
        let disk = ArchiveHandle(writingDiskWith: addonhost_archive_secure_extract_flags(), with: libarchive)
        var total: Int64 = 0
        var index = 0
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while let entry = try reader.nextHeader() {
            guard index < entries.count else {
                throw ArchiveProblem.unreadable(archive, nil, "it changed while being read")
            }
            let name = libarchive.entryName(entry)
            index += 1
            guard let relative = entries[index - 1] else { continue }
            let destination = root + "/" + relative
            try refuseSymlinkedParents(of: relative, root: root, archive: archive, entry: name)
            libarchive.entry_copy_pathname(entry, destination)
            let isDirectory = libarchive.entry_filetype(entry) == addonhost_archive_directory
            let executable = libarchive.entry_perm(entry) & 0o100 != 0
            libarchive.entry_set_perm(entry, isDirectory || executable ? 0o755 : 0o644)
            guard libarchive.write_header(disk.pointer, entry) >= ARCHIVE_WARN else {
                throw ArchiveProblem.write(root, name, disk.errorMessage)
            }
            if libarchive.entry_filetype(entry) == addonhost_archive_regular {
                while true {
                    let count = buffer.withUnsafeMutableBytes {
                        libarchive.read_data(reader.pointer, $0.baseAddress, $0.count)
                    }
                    if count == 0 { break }
                    guard count > 0 else { throw ArchiveProblem.unreadable(archive, name, reader.errorMessage) }
                    total += Int64(count)
                    if total > limits.maxTotalSize {
                        throw ArchiveProblem.tooLarge(archive, name, limit: limits.maxTotalSize)
                    }
                    let compressed = max(libarchive.filter_bytes(reader.pointer, -1), 1)
                    if total > limits.ratioGrace, total / compressed > limits.maxCompressionRatio {
                        throw ArchiveProblem.ratio(archive, name, limit: limits.maxCompressionRatio)
                    }
                    let written = buffer.withUnsafeBytes {
                        libarchive.write_data(disk.pointer, $0.baseAddress, count)
                    }
                    guard written == count else { throw ArchiveProblem.write(root, name, disk.errorMessage) }
                }
            }
            guard libarchive.write_finish_entry(disk.pointer) >= ARCHIVE_WARN else {
                throw ArchiveProblem.write(root, name, disk.errorMessage)
            }
        }
    }

    /// An existing symbolic link on the way to an entry would redirect the write.
    static func refuseSymlinkedParents(of relative: String, root: String, archive: String, entry: String)
        throws(Diagnostic)
    {
        var path = root
        for component in relative.split(separator: "/").dropLast() {
            path += "/" + component
            var info = stat()
            if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
                throw ArchiveProblem.link(archive, entry, "would be written through the symbolic link '\(component)'")
            }
        }
    }
}

/// One libarchive handle; `deinit` frees it (reader or disk writer).
final class ArchiveHandle {
    let pointer: OpaquePointer
    private let libarchive: LibArchive
    private let isReader: Bool
    private let path: String

    init(reading path: String, with libarchive: LibArchive) throws(Diagnostic) {
        guard let pointer = libarchive.read_new() else { throw ArchiveProblem.unreadable(path, nil, "out of memory") }
        self.pointer = pointer
        self.libarchive = libarchive
        self.isReader = true
        self.path = path
        // Only the formats of add-on packages: a .gz may hold a tar or, rarely, one raw file,
        // which is refused because it has no add-on layout.
        _ = libarchive.read_support_filter_gzip(pointer)
        _ = libarchive.read_support_format_tar(pointer)
        _ = libarchive.read_support_format_gnutar(pointer)
        _ = libarchive.read_support_format_zip(pointer)
        guard libarchive.read_open_filename(pointer, path, 64 * 1024) == ARCHIVE_OK else {
            throw ArchiveProblem.unreadable(path, nil, errorMessage)
        }
    }

    init(writingDiskWith flags: Int32, with libarchive: LibArchive) {
        pointer = libarchive.write_disk_new()!
        self.libarchive = libarchive
        isReader = false
        path = ""
        _ = libarchive.write_disk_set_options(pointer, flags)
    }

    deinit {
        _ = isReader ? libarchive.read_free(pointer) : libarchive.write_free(pointer)
    }

    var errorMessage: String { libarchive.error_string(pointer).map { String(cString: $0) } ?? "unknown error" }

    /// The next entry's header, or nil at the end.
    func nextHeader() throws(Diagnostic) -> OpaquePointer? {
        var entry: OpaquePointer?
        let code = libarchive.read_next_header(pointer, &entry)
        if code == ARCHIVE_EOF { return nil }
        guard code >= ARCHIVE_WARN, let entry else { throw ArchiveProblem.unreadable(path, nil, errorMessage) }
        return entry
    }
}

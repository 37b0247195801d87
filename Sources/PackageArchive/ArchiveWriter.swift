public import Basics
internal import CArchive
import Foundation

/// Packs a folder into an add-on package. The output depends only on the folder's contents:
/// entries are sorted, times fixed, owners and compressor timestamps left out.
public enum ArchiveWriter {
    public enum Format: String, Sendable, CaseIterable {
        case tgz, zip

        /// The format a file name asks for (`.tgz`, `.tar.gz` or `.zip`).
        public init?(path: String) {
            let lower = path.lowercased()
            if lower.hasSuffix(".zip") {
                self = .zip
            } else if lower.hasSuffix(".tgz") || lower.hasSuffix(".tar.gz") {
                self = .tgz
            } else {
                return nil
            }
        }
    }

    /// 2000-01-01T00:00:00Z: zip cannot store times before 1980.
    static let fixedTime = 946_684_800

    public static func write(directory: String, to output: String, format: Format) throws(Diagnostic) {
        let root = Paths.absolute(directory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ArchiveProblem.write(output, nil, "'\(directory)' is not a folder")
        }
        let paths = (FileManager.default.subpaths(atPath: root) ?? []).sorted {
            Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8))
        }
        let staging = output + ".partial"
        let libarchive = try LibArchive.load(for: output)
        guard let archive = libarchive.write_new() else { throw ArchiveProblem.write(output, nil, "out of memory") }
        defer { _ = libarchive.write_free(archive) }
        func failure(_ entry: String?) -> Diagnostic {
            ArchiveProblem.write(
                output, entry, libarchive.error_string(archive).map { String(cString: $0) } ?? "unknown error")
        }
        switch format {
        case .tgz:
            _ = libarchive.write_set_format_pax_restricted(archive)
            _ = libarchive.write_add_filter_gzip(archive)
            // The gzip header would otherwise carry the current time.
            _ = libarchive.write_set_filter_option(archive, "gzip", "timestamp", nil)
        case .zip:
            _ = libarchive.write_set_format_zip(archive)
        }
        guard libarchive.write_open_filename(archive, staging) == ARCHIVE_OK else { throw failure(nil) }
        do throws(Diagnostic) {
            for path in paths {
                try add(path, root: root, to: archive, with: libarchive, failure: failure)
            }
            guard libarchive.write_close(archive) == ARCHIVE_OK else { throw failure(nil) }
            guard rename(staging, output) == 0 else {
                throw ArchiveProblem.write(output, nil, String(cString: strerror(errno)))
            }
        } catch {
            unlink(staging)
            throw error
        }
    }

    private static func add(
        _ path: String, root: String, to archive: OpaquePointer, with libarchive: LibArchive,
        failure: (String?) -> Diagnostic
    ) throws(Diagnostic) {
        let full = root + "/" + path
        var info = stat()
        guard lstat(full, &info) == 0 else { throw ArchiveProblem.write(full, nil, String(cString: strerror(errno))) }
        guard let entry = libarchive.entry_new() else { throw failure(path) }
        defer { libarchive.entry_free(entry) }
        libarchive.entry_set_mtime(entry, fixedTime, 0)
        let kind = info.st_mode & S_IFMT
        var contents: Data?
        switch kind {
        case S_IFDIR:
            libarchive.entry_copy_pathname(entry, path + "/")
            libarchive.entry_set_filetype(entry, addonhost_archive_directory)
            libarchive.entry_set_perm(entry, 0o755)
        case S_IFREG:
            libarchive.entry_copy_pathname(entry, path)
            libarchive.entry_set_filetype(entry, addonhost_archive_regular)
            libarchive.entry_set_perm(entry, info.st_mode & 0o100 != 0 ? 0o755 : 0o644)
            guard let data = FileManager.default.contents(atPath: full) else {
                throw ArchiveProblem.write(full, nil, "cannot be read")
            }
            libarchive.entry_set_size(entry, Int64(data.count))
            contents = data
        case S_IFLNK:
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? ""
            libarchive.entry_copy_pathname(entry, path)
            libarchive.entry_set_filetype(entry, addonhost_archive_symlink)
            libarchive.entry_set_perm(entry, 0o777)
            libarchive.entry_copy_symlink(entry, target)
        default:
            throw ArchiveProblem.special("the package folder", path, "special file")
        }
        guard libarchive.write_header(archive, entry) == ARCHIVE_OK else { throw failure(path) }
        if let contents, !contents.isEmpty {
            let written = contents.withUnsafeBytes { libarchive.write_data(archive, $0.baseAddress, $0.count) }
            guard written == contents.count else { throw failure(path) }
        }
    }
}

import Basics

/// Limits that keep a hostile archive from filling the disk or the inode table.
public struct ArchiveLimits: Sendable, Hashable {
    public var maxEntries: Int
    /// Total bytes of all files once extracted.
    public var maxTotalSize: Int64
    /// Extracted bytes per compressed byte read, checked once `ratioGrace` bytes were extracted
    /// (small files of repeated text compress very well and are harmless).
    public var maxCompressionRatio: Int64
    public var ratioGrace: Int64

    public init(
        maxEntries: Int = 10_000, maxTotalSize: Int64 = 256 << 20, maxCompressionRatio: Int64 = 200,
        ratioGrace: Int64 = 1 << 20
    ) {
        self.maxEntries = maxEntries
        self.maxTotalSize = maxTotalSize
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioGrace = ratioGrace
    }

    public static let `default` = ArchiveLimits()
}

/// Every message of the PackageArchive module.
enum ArchiveProblem {
    static func diagnostic(
        _ id: DiagnosticID, _ archive: String, _ entry: String?, _ message: String, hint: String? = nil
    ) -> Diagnostic {
        let subject = entry.map { "\(archive): entry '\($0)'" } ?? archive
        return Diagnostic(id, .error, "\(subject): \(message)", hint: hint)
    }

    static let refuseHint = "the package is refused as a whole; ask its author for a clean archive"

    static func unsupportedFormat(_ archive: String) -> Diagnostic {
        diagnostic(
            "archive.unsupported-format", archive, nil, "not a .zip, .tgz, .tar.gz or .gz package",
            hint: "CS-Cart accepts tgz, gz and zip")
    }

    static func libraryMissing(_ archive: String, _ reason: String) -> Diagnostic {
        diagnostic(
            "archive.library-missing", archive, nil, "needs libarchive, which cannot be loaded: \(reason)",
            hint: "install libarchive 3 (the libarchive13 package on Debian and Ubuntu; libarchive13t64 on Debian 13 and Ubuntu 24.04)")
    }

    static func unreadable(_ archive: String, _ entry: String?, _ reason: String) -> Diagnostic {
        diagnostic(
            "archive.unreadable", archive, entry, "cannot be read: \(reason)",
            hint: "check that the file is a complete archive")
    }

    static func unsafePath(_ archive: String, _ entry: String, _ reason: String) -> Diagnostic {
        diagnostic("archive.unsafe-path", archive, entry, reason, hint: refuseHint)
    }

    static func link(_ archive: String, _ entry: String, _ reason: String) -> Diagnostic {
        diagnostic("archive.unsafe-link", archive, entry, reason, hint: refuseHint)
    }

    static func special(_ archive: String, _ entry: String, _ kind: String) -> Diagnostic {
        diagnostic(
            "archive.special-file", archive, entry, "is a \(kind); a package holds only files, folders and links",
            hint: refuseHint)
    }

    static func tooManyEntries(_ archive: String, _ entry: String, limit: Int) -> Diagnostic {
        diagnostic(
            "archive.too-many-entries", archive, entry, "the archive has more than \(limit) entries", hint: refuseHint)
    }

    static func tooLarge(_ archive: String, _ entry: String, limit: Int64) -> Diagnostic {
        diagnostic("archive.too-large", archive, entry, "the extracted files exceed \(limit) bytes", hint: refuseHint)
    }

    static func ratio(_ archive: String, _ entry: String, limit: Int64) -> Diagnostic {
        diagnostic(
            "archive.compression-ratio", archive, entry,
            "expands more than \(limit) times its compressed size (a zip bomb?)", hint: refuseHint)
    }

    static func target(_ path: String, _ reason: String) -> Diagnostic {
        diagnostic("archive.target", path, nil, reason, hint: "extract into a new, empty folder")
    }

    static func write(_ path: String, _ entry: String?, _ reason: String) -> Diagnostic {
        diagnostic("archive.write-failed", path, entry, "cannot be written: \(reason)")
    }
}

import Basics
import Foundation
import PackageArchive
import TestSupport
import Testing

/// A folder holding an archive and a staging folder; the target is `stage/package`.
private final class Scene {
    let folder = TemporaryDirectory("archive-test")
    var stage: String { folder.path + "/stage" }
    var target: String { stage + "/package" }

    init() throws {
        try FileManager.default.createDirectory(atPath: folder.path + "/stage", withIntermediateDirectories: true)
    }

    /// Every path below the scene's folder (so that a write anywhere outside shows up).
    func listing() -> [String] { (FileManager.default.subpaths(atPath: folder.path) ?? []).sorted() }

    /// Runs a Python script that writes the archive at `path` (given as argv[1]).
    func python(_ name: String, _ script: String) throws -> String {
        let path = folder.path + "/" + name
        let result = try runProcess("python3", ["-c", script, path])
        #expect(result.status == 0, "\(result.standardError)")
        return path
    }

    /// Extracts and expects a refusal with `id`, with nothing left behind anywhere.
    func expectRefused(
        _ archive: String, _ id: DiagnosticID, mentioning entry: String, limits: ArchiveLimits = .default
    ) {
        let before = listing()
        #expect {
            try ArchiveReader.extract(archive: archive, into: target, limits: limits)
        } throws: { error in
            guard let diagnostic = error as? Diagnostic else { return false }
            return diagnostic.id == id && diagnostic.message.contains(entry) && diagnostic.message.contains(archive)
        }
        #expect(listing() == before)
    }
}

private let tarWith = """
    import sys, tarfile, io
    def add(t, name, data=b"x", **kw):
        info = tarfile.TarInfo(name)
        for k, v in kw.items(): setattr(info, k, v)
        info.size = len(data) if info.type == tarfile.REGTYPE else 0
        t.addfile(info, io.BytesIO(data) if info.type == tarfile.REGTYPE else None)
    t = tarfile.open(sys.argv[1], "w:gz")
    add(t, "app/addons/x/addon.xml")

    """

@Suite struct HostileArchiveTests {
    @Test func zipSlipIsRefused() throws {
        let scene = try Scene()
        let archive = try scene.python(
            "slip.zip",
            """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1], "w")
            z.writestr("app/addons/x/addon.xml", "<addon/>")
            z.writestr("../../evil", "owned")
            z.close()
            """)
        scene.expectRefused(archive, "archive.unsafe-path", mentioning: "../../evil")
    }

    @Test func tarSlipInTheMiddleOfAPathIsRefused() throws {
        let scene = try Scene()
        let archive = try scene.python("slip.tgz", tarWith + "add(t, 'app/../../../evil')\nt.close()")
        scene.expectRefused(archive, "archive.unsafe-path", mentioning: "app/../../../evil")
    }

    @Test func absolutePathIsRefused() throws {
        let scene = try Scene()
        let evil = scene.folder.path + "/absolute-evil"
        let archive = try scene.python("absolute.tar.gz", tarWith + "add(t, '\(evil)')\nt.close()")
        scene.expectRefused(archive, "archive.unsafe-path", mentioning: evil)
        #expect(!FileManager.default.fileExists(atPath: evil))
    }

    @Test func symlinkLeavingThePackageIsRefused() throws {
        let scene = try Scene()
        let archive = try scene.python(
            "link.tgz",
            tarWith + """
                add(t, "app/addons/x/up", type=tarfile.SYMTYPE, linkname="../../../../..")
                add(t, "app/addons/x/up/evil")
                t.close()
                """)
        scene.expectRefused(archive, "archive.unsafe-link", mentioning: "app/addons/x/up")
    }

    @Test func absoluteSymlinkInAZipIsRefused() throws {
        let scene = try Scene()
        let archive = try scene.python(
            "link.zip",
            """
            import sys, zipfile, stat
            z = zipfile.ZipFile(sys.argv[1], "w")
            info = zipfile.ZipInfo("app/addons/x/etc")
            info.create_system = 3
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(info, "/etc")
            z.close()
            """)
        scene.expectRefused(archive, "archive.unsafe-link", mentioning: "app/addons/x/etc")
    }

    @Test func hardLinkIsRefused() throws {
        let scene = try Scene()
        let archive = try scene.python(
            "hard.tgz",
            tarWith + """
                add(t, "app/addons/x/passwd", type=tarfile.LNKTYPE, linkname="/etc/passwd")
                t.close()
                """)
        scene.expectRefused(archive, "archive.unsafe-link", mentioning: "app/addons/x/passwd")
    }

    @Test(arguments: [("CHRTYPE", "device file"), ("BLKTYPE", "device file"), ("FIFOTYPE", "FIFO")])
    func specialFilesAreRefused(_ type: String, _ kind: String) throws {
        let scene = try Scene()
        let archive = try scene.python(
            "special.tgz", tarWith + "add(t, 'app/addons/x/dev', type=tarfile.\(type))\nt.close()")
        scene.expectRefused(archive, "archive.special-file", mentioning: "app/addons/x/dev")
    }

    @Test func zipBombIsRefusedByRatio() throws {
        let scene = try Scene()
        // 1 GB of zeros compresses to about 1 MB.
        let archive = try scene.python(
            "bomb.zip",
            """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED)
            with z.open("app/addons/x/zeros.bin", "w", force_zip64=True) as f:
                block = bytes(1 << 20)
                for _ in range(1024): f.write(block)
            z.close()
            """)
        let limits = ArchiveLimits(maxTotalSize: 4 << 30)
        scene.expectRefused(archive, "archive.compression-ratio", mentioning: "app/addons/x/zeros.bin", limits: limits)
        // With the default limits the declared size alone refuses it.
        scene.expectRefused(archive, "archive.too-large", mentioning: "app/addons/x/zeros.bin")
    }

    @Test func tooManyEntriesAreRefused() throws {
        let scene = try Scene()
        let archive = try scene.python(
            "many.zip",
            """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1], "w")
            for i in range(50): z.writestr("app/addons/x/f%d" % i, "")
            z.close()
            """)
        scene.expectRefused(
            archive, "archive.too-many-entries", mentioning: "app/addons/x/f20", limits: ArchiveLimits(maxEntries: 20))
    }

    @Test func aBadEntryAfterGoodOnesLeavesNothing() throws {
        let scene = try Scene()
        let archive = try scene.python(
            "late.zip",
            """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1], "w")
            for i in range(5): z.writestr("app/addons/x/f%d" % i, "data")
            z.writestr("/tmp/evil", "x")
            z.close()
            """)
        scene.expectRefused(archive, "archive.unsafe-path", mentioning: "/tmp/evil")
    }

    @Test func unsupportedExtensionAndGarbageAreRefused() throws {
        let scene = try Scene()
        let rar = try scene.folder.write("x.rar", "not an archive")
        scene.expectRefused(rar, "archive.unsupported-format", mentioning: "x.rar")
        let garbage = try scene.folder.write("x.zip", "not an archive")
        scene.expectRefused(garbage, "archive.unreadable", mentioning: "x.zip")
    }
}

@Suite struct RoundTripTests {
    /// A small package tree with nested folders, UTF-8 names, an empty file and a contained link.
    private func makeTree(_ folder: TemporaryDirectory) throws -> String {
        let root = folder.path + "/src"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try Data("<addon scheme=\"3.0\"/>".utf8).write(to: URL(fileURLWithPath: root + "/addon.xml"))
        for (path, text) in [
            "app/addons/demo/addon.xml": "<addon/>", "var/langs/ru/addons/demo.po": "msgid \"Привет\"\n",
            "design/backend/templates/addons/demo/hooks/orders/details.post.tpl": "{$order.email}",
            "app/addons/demo/empty.txt": "",
        ] {
            try FileManager.default.createDirectory(
                atPath: (root + "/" + path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/" + path))
        }
        try FileManager.default.createSymbolicLink(
            atPath: root + "/app/addons/demo/link.xml", withDestinationPath: "addon.xml")
        return root
    }

    private func snapshot(_ root: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for path in FileManager.default.subpaths(atPath: root) ?? [] {
            let full = root + "/" + path
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: full) {
                result[path] = "link:" + target
            } else if let data = FileManager.default.contents(atPath: full) {
                result[path] = "file:" + String(decoding: data, as: UTF8.self)
            } else {
                result[path] = "dir"
            }
        }
        return result
    }

    @Test(arguments: ArchiveWriter.Format.allCases)
    func packThenExtractGivesTheSameTree(_ format: ArchiveWriter.Format) throws {
        let folder = TemporaryDirectory("archive-roundtrip")
        let root = try makeTree(folder)
        let archive = folder.path + "/demo." + format.rawValue
        try ArchiveWriter.write(directory: root, to: archive, format: format)
        try ArchiveReader.extract(archive: archive, into: folder.path + "/out")
        #expect(try snapshot(folder.path + "/out") == snapshot(root))
    }

    @Test(arguments: ArchiveWriter.Format.allCases)
    func packingIsDeterministic(_ format: ArchiveWriter.Format) throws {
        let folder = TemporaryDirectory("archive-deterministic")
        let root = try makeTree(folder)
        try ArchiveWriter.write(directory: root, to: folder.path + "/a." + format.rawValue, format: format)
        // Other modification times must not change the bytes.
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 0)], ofItemAtPath: root + "/addon.xml")
        try ArchiveWriter.write(directory: root, to: folder.path + "/b." + format.rawValue, format: format)
        let a = FileManager.default.contents(atPath: folder.path + "/a." + format.rawValue)
        let b = FileManager.default.contents(atPath: folder.path + "/b." + format.rawValue)
        #expect(a != nil && a == b)
    }

    @Test func systemTarAndZipArchivesExtract() throws {
        let folder = TemporaryDirectory("archive-system")
        let root = try makeTree(folder)
        try runProcess("tar", ["-czf", folder.path + "/sys.gz", "-C", root, "."])
        try ArchiveReader.extract(archive: folder.path + "/sys.gz", into: folder.path + "/gz")
        #expect(try snapshot(folder.path + "/gz") == snapshot(root))
        try runProcess("zip", ["-qry", folder.path + "/sys.zip", "."], currentDirectory: root)
        try ArchiveReader.extract(archive: folder.path + "/sys.zip", into: folder.path + "/zip")
        #expect(try snapshot(folder.path + "/zip") == snapshot(root))
    }

    @Test func aPlainGzipOfOneFileIsRefused() throws {
        let folder = TemporaryDirectory("archive-plain-gz")
        let file = try folder.write("addon.xml", "<addon/>")
        try runProcess("gzip", ["-k", file])
        #expect(throws: Diagnostic.self) {
            try ArchiveReader.extract(archive: file + ".gz", into: folder.path + "/out")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/out"))
    }
}

@Suite struct PackCommandTests {
    @Test func packWritesAnArchiveThatExtracts() throws {
        let folder = TemporaryDirectory("pack-command")
        try folder.write("src/app/addons/demo/addon.xml", "<addon/>")
        let result = try runProcess(
            TestPaths.binary.path, ["addon", "pack", folder.path + "/src", "--out", folder.path + "/demo.zip"])
        #expect(result.status == 0, "\(result.standardError)")
        try ArchiveReader.extract(archive: folder.path + "/demo.zip", into: folder.path + "/out")
        #expect(
            FileManager.default.contents(atPath: folder.path + "/out/app/addons/demo/addon.xml")
                == Data("<addon/>".utf8))
        let bad = try runProcess(
            TestPaths.binary.path, ["addon", "pack", folder.path + "/src", "--out", folder.path + "/x.rar"])
        #expect(bad.status == 64)
    }
}

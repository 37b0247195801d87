import Basics
import Foundation
import FuzzSupport
import PackageArchive

/// One uploaded package, extracted as `addonhost addon install package.tgz` extracts it (libarchive
/// finds the format from the bytes, so one name serves zip, tgz and gz).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPackageArchive(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let archive = Scratch.folder + "/package.tgz"
    let target = Scratch.folder + "/extracted"
    _ = FileManager.default.createFile(atPath: archive, contents: Data(FuzzDriver.bytes(data, size)))
    do {
        try ArchiveReader.extract(archive: archive, into: target, limits: .default)
    } catch {
        _ = DiagnosticPrinter.render(error)
    }
    try? FileManager.default.removeItem(atPath: target)
    return 0
}

/// A folder of this process, in memory when /dev/shm exists, removed at exit.
private enum Scratch {
    static let folder: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = base + "/addonhost-fuzz-archive-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: Scratch.folder) }
        return path
    }()
}

@main
enum FuzzPackageArchiveMain {
    static func main() { FuzzDriver.main(fuzzPackageArchive) }
}

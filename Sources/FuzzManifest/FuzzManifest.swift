import Basics
import FuzzSupport
import Manifest

/// One `addon.xml`, read and reported as `addonhost addon validate addon.xml --json` does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzManifest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let file = SourceFile(path: "addon.xml", bytes: FuzzDriver.bytes(data, size))
    let (manifest, diagnostics) = ManifestReader.read(file, folderName: nil)
    _ = DiagnosticPrinter.render(diagnostics)
    _ = diagnostics.sorted.map(DiagnosticPrinter.json)
    _ = manifest?.json.pretty
    return 0
}

@main
enum FuzzManifestMain {
    static func main() { FuzzDriver.main(fuzzManifest) }
}

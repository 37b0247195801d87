import Basics
import FuzzSupport
import Gettext

/// One `.po` file, read as `addonhost po check` and an install read it, then written back.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGettext(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let file = SourceFile(path: "var/langs/ru/addons/fuzz.po", bytes: FuzzDriver.bytes(data, size))
    let (catalog, diagnostics) = PoParser.parse(file)
    _ = DiagnosticPrinter.render(diagnostics)
    _ = PoWriter.write(catalog)
    _ = CSCartLanguagePack.read(catalog, folderLanguage: "ru")
    return 0
}

@main
enum FuzzGettextMain {
    static func main() { FuzzDriver.main(fuzzGettext) }
}

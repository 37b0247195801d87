import Basics
import FuzzSupport
import SQLDialect

/// One MySQL text, handled both ways the lifecycle handles add-on SQL: as a `<queries>` item
/// (`?:` replaced by the table prefix, translated as one statement) and as a `type="file"` script
/// (split, then each statement translated in one session, as the lifecycle runs a file).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSQLDialect(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: FuzzDriver.bytes(data, size), as: UTF8.self)
    let file = SourceFile(path: "queries.sql", text: text)
    let item = MySQLTranslator.translate(text, tablePrefix: "cscart_", location: file.location(at: 0), file: file)
    _ = DiagnosticPrinter.render(item.diagnostics)
    let (statements, diagnostics) = SQLScript.split(file)
    _ = DiagnosticPrinter.render(diagnostics)
    var session = SQLSession()
    for statement in statements {
        let translation = MySQLTranslator.translate(
            statement.text, tablePrefix: "cscart_", location: statement.location, file: file, session: &session)
        _ = DiagnosticPrinter.render(translation.diagnostics)
    }
    return 0
}

@main
enum FuzzSQLDialectMain {
    static func main() { FuzzDriver.main(fuzzSQLDialect) }
}

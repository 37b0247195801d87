import Basics
import FuzzSupport
import Templates

/// One template file, lexed, parsed and rendered as `addonhost template render main.tpl --vars
/// vars.json --langvars langvars.json` does. Only `main.tpl` exists, so `{include}` reaches
/// either itself (recursion) or a missing template.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplates(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let engine = TemplateEngine(
        source: OneTemplate(file: SourceFile(path: "main.tpl", bytes: FuzzDriver.bytes(data, size))))
    let context = RenderContext(translate: { FuzzInputs.languageVariables[$0] }, language: "en")
    do {
        _ = try engine.render("main.tpl", variables: FuzzInputs.variables, context: context)
    } catch let diagnostic as Diagnostic {
        _ = DiagnosticPrinter.render(diagnostic)
    } catch {
        _ = "\(error)"
    }
    return 0
}

private struct OneTemplate: TemplateSource {
    let file: SourceFile
    func load(_ name: String) -> SourceFile? { name == file.path ? file : nil }
}

/// Variables shaped like an order page's, with the HTML and Cyrillic real data holds, and numbers
/// at the edges of Int and Double that data may still carry.
private enum FuzzInputs {
    static let variables: [String: Value] = {
        let json = """
            {"order_info": {"order_id": 17, "status": "P", "total": "1250.50", "subtotal": 1200.5,
              "firstname": "Анна", "email": "a@example.com", "notes": "Line 1\\nLine <2> & \\"q\\"",
              "items": [{"product": "Чай", "amount": 2, "price": 10.5}, {"product": "<b>x</b>", "amount": 0}],
              "is_parent_order": "N", "phone": "+7 (912) 345-67-89"},
             "addons": {"customer_reliability": {"status": "A", "threshold": "3"}},
             "settings": {"General": {"use_email_as_login": "Y"}}, "runtime": {"controller": "orders", "mode": "details"},
             "list": [1, 2, 3], "empty": [], "null": null, "yes": true, "no": false, "zero": 0, "text": "<script>x</script>",
             "huge": 1e30, "tiny": -1e300, "max": 9223372036854775807}
            """
        guard case .map(let map) = Value(json: try! JSONValue.parse(json)) else { return [:] }
        var variables: [String: Value] = [:]
        for (key, value) in map { variables[key] = value }
        return variables
    }()

    static let languageVariables: [String: String] = [
        "order": "Order", "orders": "Orders", "customer_reliability.score": "Score: [score]",
        "items_count": "[n] item|[n] items", "ru_plural": "[n] товар|[n] товара|[n] товаров",
    ]
}

@main
enum FuzzTemplatesMain {
    static func main() { FuzzDriver.main(fuzzTemplates) }
}

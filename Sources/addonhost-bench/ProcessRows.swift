import Basics
import Foundation
import Gettext

/// Row 6: starting the CLI for a read-only question, against `sqlite3` answering the same query.
struct CLIBench {
    let config: BenchConfig

    func run(store: String) throws -> ResultRow {
        // The query `addon list` runs (Lifecycle's installedAddons).
        let query = """
            SELECT a.addon, a.status, a.version, a.priority, a.dependencies, a.conflicts, \
            COALESCE(d.name, (SELECT name FROM cscart_addon_descriptions x WHERE x.addon = a.addon LIMIT 1), '') AS name, \
            COALESCE(d.description, '') AS description \
            FROM cscart_addons a LEFT JOIN cscart_addon_descriptions d ON d.addon = a.addon AND d.lang_code = 'en' \
            ORDER BY a.priority, a.addon
            """
        let runs = max(config.runs, 20)
        var ours: [Double] = []
        var theirs: [Double] = []
        for _ in 0..<runs {
            ours.append(try config.addonhost(store, "addon", "list").seconds)
            theirs.append(try Run.checked(["sqlite3", store + "/store.db", query], quiet: true).seconds)
        }
        return .compare(
            "CLI start: `addonhost addon list` process vs `sqlite3 store.db 'SELECT … FROM cscart_addons …'` (same query), wall time",
            addonhost: Samples(ours), reference: Samples(theirs), goal: "—")
    }
}

/// Row 2: `addonhost po check` and `msgfmt --check` on the same generated 100,000-entry file,
/// each as a whole process.
struct PoBench {
    let config: BenchConfig

    /// The generated file (made once): headers, contexts as CS-Cart writes them, comments,
    /// flags, plurals, continuation lines and escapes.
    func file(entries: Int) throws -> String {
        let path = "\(config.work)/po/generated-\(entries).po"
        if Files.exists(path) { return path }
        var text = """
            msgid ""
            msgstr ""
            "Project-Id-Version: bench\\n"
            "Language: ru\\n"
            "MIME-Version: 1.0\\n"
            "Content-Type: text/plain; charset=UTF-8\\n"
            "Content-Transfer-Encoding: 8bit\\n"
            "Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"


            """
        text.reserveCapacity(entries * 160)
        for index in 0..<entries {
            switch index % 5 {
            case 0:
                text +=
                    "#. A setting's name\n#: addons/bench/addon.xml:\(index)\nmsgctxt \"SettingsOptions::bench::option_\(index)\"\nmsgid \"Option \(index)\"\nmsgstr \"Параметр \(index)\"\n\n"
            case 1:
                text +=
                    "msgctxt \"Languages::bench.text_\(index)\"\nmsgid \"\"\n\"A long text number \(index) that translators wrap \"\n\"over several lines, with \\\"quotes\\\" and a tab\\t.\"\nmsgstr \"\"\n\"Длинный текст номер \(index), который переводчики переносят \"\n\"на несколько строк, с \\\"кавычками\\\" и табуляцией\\t.\"\n\n"
            case 2:
                text +=
                    "#, php-format\nmsgctxt \"Languages::bench.count_\(index)\"\nmsgid \"%d order\"\nmsgid_plural \"%d orders\"\nmsgstr[0] \"%d заказ\"\nmsgstr[1] \"%d заказа\"\nmsgstr[2] \"%d заказов\"\n\n"
            case 3:
                text +=
                    "# translator's comment\n#, fuzzy\n#| msgid \"Old \(index)\"\nmsgctxt \"SettingsVariants::bench::variant_\(index)\"\nmsgid \"Variant \(index)\"\nmsgstr \"Вариант \(index)\"\n\n"
            default:
                text +=
                    "msgctxt \"Addons::bench::name_\(index)\"\nmsgid \"Name [n] of <b>\(index)</b>\"\nmsgstr \"Имя [n] из <b>\(index)</b>\"\n\n"
            }
        }
        try Files.write(text, to: path)
        return path
    }

    func run(entries: Int) throws -> [ResultRow] {
        let path = try file(entries: entries)
        try Run.checked(["msgfmt", "--check", "-o", "/dev/null", path], quiet: true)
        try Run.checked([config.binary, "po", "check", path], quiet: true)
        var ours: [Double] = []
        var theirs: [Double] = []
        for _ in 0..<config.runs {
            ours.append(try Run.checked([config.binary, "po", "check", path], quiet: true).seconds)
            theirs.append(try Run.checked(["msgfmt", "--check", "-o", "/dev/null", path], quiet: true).seconds)
        }
        // The parse alone, in one process (file read included), beside the same msgfmt process.
        var parse: [Double] = []
        for _ in 0..<config.runs {
            parse.append(
                try Clock.time {
                    guard let data = FileManager.default.contents(atPath: path) else {
                        throw BenchError("cannot read \(path)")
                    }
                    let (catalog, _) = PoParser.parse(SourceFile(path: path, bytes: Array(data)))
                    guard catalog.entries.count >= entries else {
                        throw BenchError("\(path): \(catalog.entries.count) entries read")
                    }
                })
        }
        return [
            .compare(
                ".po parse + check of a generated \(grouped(entries))-entry file: `addonhost po check` process vs `msgfmt --check -o /dev/null` process",
                addonhost: Samples(ours), reference: Samples(theirs), goal: "≥5x"),
            .compare(
                ".po parse only, in-process `PoParser.parse` (file read included) of the same file vs the `msgfmt --check` process",
                addonhost: Samples(parse), reference: Samples(theirs), goal: "(extra row)"),
        ]
    }
}

/// 1000000 → "1,000,000".
func grouped(_ number: Int) -> String {
    var digits = Array(String(number))
    var index = digits.count - 3
    while index > 0 {
        digits.insert(",", at: index)
        index -= 3
    }
    return String(digits)
}

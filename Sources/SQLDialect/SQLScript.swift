public import Basics

/// A `.sql` file of a `type="file"` query (`db_import_sql_file`): statements separated by `;`
/// outside quotes and comments.
public enum SQLScript {
    /// The statements of the file, each with its location; an unclosed quote or comment is
    /// reported where it opens, and nothing after it is returned.
    public static func split(_ file: SourceFile) -> (statements: [SQLStatement], diagnostics: Diagnostics) {
        let source = SQLSource(text: file.bytes, base: file.location(at: 0), file: file)
        let tokens: [SQLToken]
        do throws(SQLTokenizer.Failure) {
            tokens = try SQLTokenizer.tokenize(file.bytes)
        } catch {
            let problem = SQLProblem.syntax(error)
            return ([], Diagnostics([source.diagnostic(problem, at: problem.offset)]))
        }
        var statements: [SQLStatement] = []
        // Where the last statement ended: one that ran to its comment's close took the close.
        var taken = 0
        for group in tokens.split(omittingEmptySubsequences: true, whereSeparator: { $0.isSymbol(";") }) {
            let body = group.drop { $0.start < taken }
            // `/*!40101 SET NAMES utf8 */;` leaves a group of only the comment's markers.
            guard body.contains(where: { $0.kind != .conditionalStart && $0.kind != .conditionalEnd }) else {
                continue
            }
            var end = body.last!.end
            // A `;` inside a conditional comment ends the statement before the comment closes: the
            // statement runs to the close, unless another conditional comment opens first (then
            // the close is the other's, and so each search stops where the next one starts).
            let opens = body.count { $0.kind == .conditionalStart }
            let closes = body.count { $0.kind == .conditionalEnd }
            if opens > closes,
                let next = tokens[body.endIndex...].first(where: {
                    $0.kind == .conditionalStart || $0.kind == .conditionalEnd
                }), next.kind == .conditionalEnd
            {
                end = next.end
            }
            taken = end
            let start = body.first!.start
            statements.append(
                SQLStatement(
                    text: String(decoding: file.bytes[start..<end], as: UTF8.self), location: source.location(at: start)
                ))
        }
        return (statements, Diagnostics())
    }
}

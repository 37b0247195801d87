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
        for group in tokens.split(omittingEmptySubsequences: true, whereSeparator: { $0.isSymbol(";") }) {
            // `/*!40101 SET NAMES utf8 */;` leaves a group of only the comment's markers.
            guard group.contains(where: { $0.kind != .conditionalStart && $0.kind != .conditionalEnd }) else {
                continue
            }
            var end = group.last!.end
            // A `;` inside a conditional comment ends the statement before the comment closes.
            let opens = group.filter { $0.kind == .conditionalStart }.count
            let closes = group.filter { $0.kind == .conditionalEnd }.count
            if opens > closes, let close = tokens.first(where: { $0.kind == .conditionalEnd && $0.start >= end }) {
                end = close.end
            }
            let start = group.first!.start
            statements.append(
                SQLStatement(
                    text: String(decoding: file.bytes[start..<end], as: UTF8.self), location: source.location(at: start)
                ))
        }
        return (statements, Diagnostics())
    }
}

/// How bad a diagnostic is. Errors stop the operation; warnings and notes do not.
public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    case note, warning, error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A stable identifier of a kind of problem, such as `manifest.id-mismatch`. Tests and users can
/// rely on it; the message text may change.
public struct DiagnosticID: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
}

/// One problem found in the user's input: what, where, and what to do about it.
public struct Diagnostic: Sendable, Hashable, Error, CustomStringConvertible {
    public var id: DiagnosticID
    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    /// The part of the line the location points into, captured when the diagnostic was made so
    /// that printing needs no file access.
    public var excerpt: SourceExcerpt?
    /// What the user can do about it.
    public var hint: String?
    /// Further places that explain the problem (the first definition of a duplicate, say).
    public var notes: [Note]

    public struct Note: Sendable, Hashable {
        public var message: String
        public var location: SourceLocation?
        public init(message: String, location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    public init(
        _ id: DiagnosticID, _ severity: Severity, _ message: String, at location: SourceLocation? = nil,
        excerpt: SourceExcerpt? = nil, hint: String? = nil, notes: [Note] = []
    ) {
        self.id = id
        self.severity = severity
        self.message = message
        self.location = location
        self.excerpt = excerpt
        self.hint = hint
        self.notes = notes
    }

    public var description: String { DiagnosticPrinter.render(self) }

    /// The diagnostic with the path `folder` shown as `name` wherever it appears (locations,
    /// notes, message, hint): a temporary folder's files named after what the user gave.
    public func showing(_ folder: String, as name: String) -> Diagnostic {
        func rename(_ text: String) -> String { text.showing(folder, as: name) }
        var result = self
        result.message = rename(message)
        result.hint = hint.map(rename)
        result.location?.file = rename(location?.file ?? "")
        for index in result.notes.indices {
            result.notes[index].message = rename(notes[index].message)
            result.notes[index].location?.file = rename(notes[index].location?.file ?? "")
        }
        return result
    }
}

extension String {
    /// The text with paths below `folder` (an archive's extraction) named `NAME:path`.
    public func showing(_ folder: String, as name: String) -> String {
        replacingEvery(folder + "/", with: name + ":").replacingEvery(folder, with: name)
    }
}

extension SourceFile {
    /// A diagnostic at a byte offset of this file, with the line's excerpt for the caret display.
    public func diagnostic(
        _ id: DiagnosticID, _ severity: Severity, _ message: String, at offset: Int, hint: String? = nil,
        notes: [Diagnostic.Note] = []
    ) -> Diagnostic {
        let location = location(at: offset)
        return Diagnostic(id, severity, message, at: location, excerpt: excerpt(at: location), hint: hint, notes: notes)
    }

    /// A diagnostic at a 1-based line and column of this file.
    public func diagnostic(
        _ id: DiagnosticID, _ severity: Severity, _ message: String, line: Int, column: Int,
        hint: String? = nil, notes: [Diagnostic.Note] = []
    ) -> Diagnostic {
        Diagnostic(
            id, severity, message, at: location(line: line, column: column),
            excerpt: excerpt(line: line, column: column),
            hint: hint, notes: notes)
    }
}

/// Diagnostics collected during one pass; the caller decides at the end (as SwiftPM's
/// observability scope does).
public struct Diagnostics: Sendable, Hashable, Error, Sequence {
    public private(set) var all: [Diagnostic] = []

    public init(_ diagnostics: [Diagnostic] = []) { self.all = diagnostics }

    public mutating func append(_ diagnostic: Diagnostic) { all.append(diagnostic) }
    public mutating func append(contentsOf other: some Sequence<Diagnostic>) { all.append(contentsOf: other) }

    public var hasErrors: Bool { all.contains { $0.severity == .error } }
    public var errors: [Diagnostic] { all.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { all.filter { $0.severity == .warning } }
    public var isEmpty: Bool { all.isEmpty }

    /// Sorted by file, then position, so that output is stable.
    public var sorted: [Diagnostic] {
        all.enumerated().sorted { lhs, rhs in
            let l = lhs.element.location
            let r = rhs.element.location
            if l?.file != r?.file { return (l?.file ?? "") < (r?.file ?? "") }
            if l?.line != r?.line { return (l?.line ?? 0) < (r?.line ?? 0) }
            if l?.column != r?.column { return (l?.column ?? 0) < (r?.column ?? 0) }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    public func makeIterator() -> IndexingIterator<[Diagnostic]> { all.makeIterator() }
}

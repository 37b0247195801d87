public import Foundation

/// Paths and helpers shared by every test target.
public enum TestPaths {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// `../shared` beside the package: the spec, the corpus and the oracles.
    public static var shared: URL { packageRoot.deletingLastPathComponent().appendingPathComponent("shared") }
    public static var corpus: URL { shared.appendingPathComponent("corpus") }
    public static var oracles: URL { shared.appendingPathComponent("oracles") }
    /// Fixture files of the test target named.
    public static func fixtures(_ target: String) -> URL {
        packageRoot.appendingPathComponent("Tests/\(target)/Fixtures")
    }
    /// The add-on packages shipped in this repository (`addons/`).
    public static var addons: URL { packageRoot.appendingPathComponent("addons") }
    /// The built `addonhost` binary (built by `swift build` before `swift test`).
    public static var binary: URL {
        let candidates = [".build/debug/addonhost", ".build/release/addonhost"]
        for candidate in candidates {
            let url = packageRoot.appendingPathComponent(candidate)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        // When tests are built into another scratch path, the binary sits beside the test bundle.
        let bundle = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("addonhost")
        return bundle
    }
}

/// A temporary folder removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let url: URL
    public var path: String { url.path }

    public init(_ prefix: String = "addonhost-test") {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes a file below the folder, creating folders on the way; returns its path.
    @discardableResult
    public func write(_ relativePath: String, _ contents: String) throws -> String {
        let file = url.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: file)
        return file.path
    }
}

/// The result of running a program.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let standardOutput: String
    public let standardError: String
}

/// Runs a program to completion and captures its output.
@discardableResult
public func runProcess(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil, currentDirectory: String? = nil,
    standardInput: String? = nil
) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
    process.arguments = executable.hasPrefix("/") ? arguments : [executable] + arguments
    if let environment { process.environment = environment }
    if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let input = Pipe()
    process.standardInput = input
    try process.run()
    if let standardInput { input.fileHandleForWriting.write(Data(standardInput.utf8)) }
    try input.fileHandleForWriting.close()
    // Read both pipes before waiting, so that a full pipe cannot block the child.
    let outData = LockedData()
    let errData = LockedData()
    let group = DispatchGroup()
    for (pipe, sink) in [(out, outData), (err, errData)] {
        group.enter()
        DispatchQueue.global().async {
            sink.set(pipe.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
    }
    group.wait()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus, standardOutput: String(decoding: outData.get(), as: UTF8.self),
        standardError: String(decoding: errData.get(), as: UTF8.self))
}

/// Runs the Smarty oracle (`smarty-render`) under PHP. It compiles templates into PHP's
/// temporary folder and leaves them there, a folder per process and case: here that folder is
/// one of the test's own, removed afterwards.
public func runSmartyOracle(_ arguments: [String]) throws -> ProcessResult {
    let scratch = TemporaryDirectory("smarty-oracle-tmp")
    var environment = ProcessInfo.processInfo.environment
    environment["TMPDIR"] = scratch.path
    return try runProcess(
        "php", [TestPaths.oracles.appendingPathComponent("smarty-render").path] + arguments, environment: environment)
}

private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}

/// Whether a command is on the PATH (for oracles such as `msgfmt` or `php`).
public func commandExists(_ name: String) -> Bool {
    let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
    return paths.contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
}

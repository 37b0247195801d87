import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Samples of one measured quantity, in seconds.
struct Samples {
    var values: [Double]

    init(_ values: [Double]) { self.values = values.sorted() }

    var median: Double {
        let n = values.count
        guard n > 0 else { return .nan }
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2
    }
    var min: Double { values.first ?? .nan }
    var max: Double { values.last ?? .nan }
    /// Nearest-rank percentile.
    func percentile(_ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let rank = Int((p / 100 * Double(values.count)).rounded(.up))
        return values[Swift.max(0, Swift.min(values.count - 1, rank - 1))]
    }
}

enum Clock {
    /// Seconds taken by `body`.
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        let elapsed = start.duration(to: clock.now)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs programs; the bench compares whole processes as a user starts them.
enum Run {
    struct Result {
        var status: Int32
        var output: String
        var error: String
        var seconds: Double
    }

    /// Runs `arguments[0]` (searched in PATH when it has no slash) and collects its output.
    /// posix_spawn and waitpid, not Foundation's Process: Process's exit notification on Linux
    /// adds tens of milliseconds, more than a short command takes.
    static func process(_ arguments: [String], quiet: Bool = false) throws -> Result {
        let executable = try resolve(arguments[0])
        let base = NSTemporaryDirectory() + "/addonhost-bench-\(getpid())"
        let outPath = quiet ? "/dev/null" : base + ".out"
        let errPath = base + ".err"
        defer {
            if !quiet { Files.remove(outPath) }
            Files.remove(errPath)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        var status: Int32 = 0
        let seconds = try Clock.time {
            let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
            guard spawned == 0 else {
                throw BenchError("cannot start \(executable): \(String(cString: strerror(spawned)))")
            }
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let read = { (path: String) in
            String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
        }
        return Result(status: exit, output: quiet ? "" : read(outPath), error: read(errPath), seconds: seconds)
    }

    /// Like `process`, but a non-zero exit is an error naming the command and its stderr.
    @discardableResult
    static func checked(_ arguments: [String], quiet: Bool = false) throws -> Result {
        let result = try process(arguments, quiet: quiet)
        guard result.status == 0 else {
            throw BenchError(
                "`\(arguments.joined(separator: " "))` exited \(result.status): \(result.error.prefix(2000))")
        }
        return result
    }

    static func resolve(_ name: String) throws -> String {
        if name.contains("/") { return name }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw BenchError("\(name) is not installed (make bench installs it with make deps)")
    }
}

enum Files {
    static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    static func makeDirectory(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A fresh copy of a folder (a store), replacing what was at `destination`.
    static func copy(_ source: String, to destination: String) throws {
        remove(destination)
        try FileManager.default.copyItem(atPath: source, toPath: destination)
    }

    static func write(_ text: String, to path: String) throws {
        try makeDirectory((path as NSString).deletingLastPathComponent)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// Reads a file through once, so that it sits in the OS cache as a running store's file does:
    /// a row then measures lookups, not whatever earlier work left of the file in memory.
    static func readThrough(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw BenchError("cannot read \(path)") }
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {}
    }
}

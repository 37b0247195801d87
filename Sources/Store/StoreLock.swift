import Basics
import Foundation

/// The lock of a store: writers hold it exclusively for a whole operation (install,
/// init --force, …), from before their transaction until their files are in place; readers that
/// read files as well as the database (rendering) hold it shared, so that they never see a
/// committed hook index whose files are still moving. A `flock` on `var/addonhost/lock`. The kernel drops it when the process dies, so a
/// crash never leaves a stale lock. The holder writes who it is into the file so that a process
/// that gives up can say which process and operation it waited for. Not `Sendable`: it belongs
/// to the operation that took it.
public final class StoreLock {
    public let path: String
    public let operation: String
    /// Readers share the lock with each other; a writer excludes everyone.
    public let isShared: Bool
    private var descriptor: Int32

    /// The default wait: `ADDONHOST_LOCK_TIMEOUT` seconds if set, else 10 seconds.
    public static func timeout(environment: [String: String]) -> Double {
        environment["ADDONHOST_LOCK_TIMEOUT"].flatMap(Double.init).map { max(0, $0) } ?? 10
    }

    /// Takes the lock, waiting up to `timeout` seconds; throws `store.busy` when another
    /// process holds it longer than that.
    public static func acquire(
        _ layout: StoreLayout, operation: String, timeout: Double, shared: Bool = false
    ) throws -> StoreLock {
        let path = layout.lockFile
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .milliseconds(Int64(timeout * 1000))
        while true {
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw StoreDiagnostics.fileSystem("open the lock file", path, errno: errno) }
            if flock(descriptor, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) == 0 {
                // `init --force` replaces the store folder while holding the old lock; a waiter
                // then holds a lock on a file no longer in the store, so it must look again.
                if isStillAtPath(descriptor, path) {
                    let lock = StoreLock(path: path, operation: operation, isShared: shared, descriptor: descriptor)
                    // Only a writer says who it is: readers are many and never block each other.
                    if !shared { lock.recordHolder() }
                    return lock
                }
                close(descriptor)
                continue
            }
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                close(descriptor)
                throw StoreDiagnostics.fileSystem("lock", path, errno: code)
            }
            let holder = readHolder(descriptor)
            close(descriptor)
            if clock.now >= deadline {
                let waited = start.duration(to: clock.now)
                let seconds = Double(waited.components.seconds) + Double(waited.components.attoseconds) / 1e18
                throw StoreDiagnostics.busy(root: layout.root, holder: holder, waited: seconds)
            }
            usleep(50_000)
        }
    }

    private init(path: String, operation: String, isShared: Bool, descriptor: Int32) {
        self.path = path
        self.operation = operation
        self.isShared = isShared
        self.descriptor = descriptor
    }

    deinit { release() }

    /// Gives the lock up (also done when the value is released or the process ends).
    public func release() {
        guard descriptor >= 0 else { return }
        if !isShared { ftruncate(descriptor, 0) }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    private func recordHolder() {
        let text = "process \(getpid()) (\(operation)) since \(Self.utcNow())\n"
        ftruncate(descriptor, 0)
        _ = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    /// Now in UTC, `2024-05-01T14:03:00Z`. `strftime`, because Foundation's date formatting
    /// sets up a calendar and time zones (ICU, zoneinfo files) on every writer's start for this
    /// one line.
    private static func utcNow() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { strftime($0.baseAddress, $0.count, "%Y-%m-%dT%H:%M:%SZ", &parts) }
        }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    private static func readHolder(_ descriptor: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    private static func isStillAtPath(_ descriptor: Int32, _ path: String) -> Bool {
        guard let opened = FileIdentity(descriptor: descriptor) else { return false }
        return FileIdentity(path: path) == opened
    }
}

internal import Foundation

/// Named points of an operation where a DEBUG build lets tests stop the process or make the step
/// fail: `ADDONHOST_TEST_PAUSE_AT=<point>` sleeps there (after touching
/// `ADDONHOST_TEST_PAUSE_SIGNAL` if set) so that a test can kill -9 it;
/// `ADDONHOST_TEST_FAIL_AT=<point>` throws there. Release builds ignore both. The one fault switch
/// of the host: the services above the lifecycle (settings save, `lang sync`) use it too.
public struct TestHooks: Sendable {
    private let pauseAt: String?
    private let failAt: String?
    private let signalPath: String?

    public init(environment: [String: String]) {
        #if DEBUG
            pauseAt = environment["ADDONHOST_TEST_PAUSE_AT"]
            failAt = environment["ADDONHOST_TEST_FAIL_AT"]
            signalPath = environment["ADDONHOST_TEST_PAUSE_SIGNAL"]
        #else
            pauseAt = nil
            failAt = nil
            signalPath = nil
        #endif
    }

    /// Fails with a `LifecycleError` whose step is `point`, or pauses, when the environment names it.
    public func checkpoint(_ point: String) throws(LifecycleError) {
        if point == failAt { throw LifecycleError(step: point, message: "injected failure (ADDONHOST_TEST_FAIL_AT)") }
        if point == pauseAt {
            if let signalPath { _ = FileManager.default.createFile(atPath: signalPath, contents: Data(point.utf8)) }
            Thread.sleep(forTimeInterval: 60)
        }
    }
}

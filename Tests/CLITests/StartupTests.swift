import Foundation
import TestSupport
import Testing

/// What every `addonhost` process pays before it does anything.
struct StartupTests {
    /// libcurl and the thirty libraries behind it are loaded only by a request to a service
    /// (`CHTTP`), libarchive and its seven only by a package read or written (`CArchive`), never by
    /// the start of a command. `LD_DEBUG=files` makes the dynamic loader name every library it loads.
    @Test func aCommandStartsWithoutLoadingLibcurlOrLibarchive() throws {
        let result = try runProcess(TestPaths.binary.path, ["--help"], environment: ["LD_DEBUG": "files"])
        #expect(result.status == 0)
        #expect(result.standardError.contains("libsqlite3"), "LD_DEBUG gave no list of loaded libraries")
        #expect(!result.standardError.contains("libcurl"))
        #expect(!result.standardError.contains("libarchive"))
    }
}

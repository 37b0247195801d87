import Foundation
import TestSupport
import Testing

/// Transcripts of the real binary (`swift build --product addonhost` first).
struct InitCommandTests {
    let folder = TemporaryDirectory()
    var root: String { folder.path + "/store" }

    @Test func initCreatesAStoreAndKeepsItUnlessForced() throws {
        let created = try addonhost(["init", "--store", root])
        #expect(created.status == 0)
        #expect(created.standardOutput == "Created store at \(root)\n")
        #expect(created.standardError == "")

        let again = try addonhost(["init", "--store", root])
        #expect(again.status == 1)
        #expect(again.standardOutput == "")
        #expect(
            again.standardError == """
                error: a store already exists at \(root) [store.exists]
                  hint: use 'addonhost init --force' to replace it (its add-ons, settings and orders are lost)
                Error: a store already exists at \(root)

                """)

        let forced = try addonhost(["init", "--force", "--store", root])
        #expect(forced.status == 0)
    }

    @Test func storeComesFromTheEnvironmentToo() throws {
        let result = try addonhost(["init"], environment: ["ADDONHOST_STORE": root])
        #expect(result.status == 0)
        #expect(FileManager.default.fileExists(atPath: root + "/store.db"))
    }

    @Test func sampleDataWithJSONOutput() throws {
        let result = try addonhost([
            "init", "--sample-data", "--orders", "120", "--seed", "3", "--json", "--store", root,
        ])
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        #expect(object?["ok"] as? Bool == true)
        #expect(object?["orders"] as? Int == 120)
        #expect(object?["storefronts"] as? Int == 4)
        #expect(object?["store"] as? String == root)
    }

    @Test func theSameSeedThroughTheCommandLineGivesTheSameStore() throws {
        for name in ["a", "b"] {
            let result = try addonhost(["init", "--orders", "300", "--seed", "42", "--store", folder.path + "/" + name])
            #expect(result.status == 0)
            #expect(result.standardOutput.contains("300 orders"))
        }
        #expect(
            try dumpWithoutMigrationTimes(folder.path + "/a/store.db")
                == dumpWithoutMigrationTimes(folder.path + "/b/store.db"))
    }

    @Test(arguments: [["--orders", "many"], ["--orders", "-5"], ["--seed", "x"], ["--bogus"]])
    func badArgumentsAreUsageErrors(_ arguments: [String]) throws {
        let result = try addonhost(["init", "--store", root] + arguments)
        #expect(result.status == 64)
        #expect(result.standardError.contains("Usage: addonhost [--store <dir>] init"))
        #expect(!FileManager.default.fileExists(atPath: root))
    }

    @Test func helpListsTheOptions() throws {
        let result = try addonhost(["init", "--help"])
        #expect(result.status == 0)
        for option in ["--sample-data", "--orders", "--seed", "--force", "--json"] {
            #expect(result.standardOutput.contains(option))
        }
    }
}

import Basics
import Foundation
import SQLite
import Store
import TestSupport
import Testing

struct CreateTests {
    let folder = TemporaryDirectory()
    var root: String { folder.path + "/store" }

    struct Planned: Error {}

    @Test func aFailureWhileCreatingLeavesNothing() throws {
        #expect(throws: Planned.self) {
            _ = try Store.create(at: root) { store in
                try store.database.execute("INSERT INTO cscart_addons (addon) VALUES ('half')")
                throw Planned()
            }
        }
        #expect(try entries(folder.path) == [])
    }

    @Test func anExistingStoreIsKeptWithoutForce() throws {
        try Store.create(at: root).database.execute("INSERT INTO cscart_addons (addon) VALUES ('kept')")
        let before = try dump(root + "/store.db")
        let refused = diagnostic { _ = try Store.create(at: root) }
        #expect(refused?.id == "store.exists")
        #expect(refused?.hint?.contains("--force") == true)
        #expect(try dump(root + "/store.db") == before)
    }

    @Test func forceReplacesAnExistingStore() throws {
        try Store.create(at: root).database.execute("INSERT INTO cscart_addons (addon) VALUES ('old')")
        try FileManager.default.createDirectory(atPath: root + "/app/addons/old", withIntermediateDirectories: true)
        let store = try Store.create(at: root, force: true)
        #expect(try store.database.scalar("SELECT count(*) FROM cscart_addons") == 0)
        #expect(!FileManager.default.fileExists(atPath: root + "/app/addons/old"))
        #expect(try entries(folder.path) == ["store"])
    }

    @Test func aFailedForceKeepsTheOldStore() throws {
        try Store.create(at: root).database.execute("INSERT INTO cscart_addons (addon) VALUES ('old')")
        let before = try dump(root + "/store.db")
        #expect(throws: Planned.self) { _ = try Store.create(at: root, force: true) { _ in throw Planned() } }
        #expect(try dump(root + "/store.db") == before)
        #expect(try entries(folder.path) == ["store"])
    }

    @Test func aFolderThatIsNotAStoreIsNeverReplaced() throws {
        try folder.write("store/notes.txt", "mine")
        let refused = diagnostic { _ = try Store.create(at: root, force: true) }
        #expect(refused?.id == "store.not-a-store")
        #expect(try entries(root) == ["notes.txt"])
    }

    @Test func anEmptyFolderBecomesAStore() throws {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let store = try Store.create(at: root)
        #expect(store.root == root)
        #expect(try entries(folder.path) == ["store"])
    }

    /// Renders keep the interior pages of a million-order table cached (16 MiB, not SQLite's 2 MB).
    @Test func anOpenedStoreHasARenderersPageCache() throws {
        let store = try Store.create(at: root)
        #expect(try store.database.scalar("PRAGMA cache_size")?.integer == -16384)
    }

    @Test func openingAMissingStoreSaysHowToMakeOne() {
        let refused = diagnostic { _ = try Store.open(at: root) }
        #expect(refused?.id == "store.not-found")
        #expect(refused?.hint?.contains("addonhost init") == true)
    }
}

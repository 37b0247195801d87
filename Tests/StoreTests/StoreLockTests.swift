import Basics
import Foundation
import SQLite
import Store
import TestSupport
import Testing

struct StoreLockTests {
    let folder = TemporaryDirectory()

    func makeStore() throws -> StoreLayout {
        let store = try Store.create(at: folder.path + "/store")
        return store.layout
    }

    @Test func aSecondWriterGivesUpNamingTheHolder() throws {
        let layout = try makeStore()
        let held = try StoreLock.acquire(layout, operation: "addon install demo", timeout: 0)
        let refused = diagnostic { _ = try StoreLock.acquire(layout, operation: "other", timeout: 0.2) }
        #expect(refused?.id == "store.busy")
        #expect(refused?.message.contains("process \(getpid()) (addon install demo)") == true)
        held.release()
        #expect(throws: Never.self) { try StoreLock.acquire(layout, operation: "other", timeout: 0).release() }
    }

    /// A command opens the store, then waits for the lock while `init --force` replaces the
    /// store: it must stop, not commit to the replaced database.
    @Test func aStoreReplacedWhileWaitingIsNotWrittenTo() throws {
        let layout = try makeStore()
        let waiting = try Store.open(at: layout.root)
        _ = try Store.create(at: layout.root, force: true)
        let refused = diagnostic { _ = try waiting.lock(operation: "addon install demo", timeout: 1) }
        #expect(refused?.id == "store.busy")
        #expect(refused?.message.contains("was replaced (addonhost init --force) while this command waited") == true)
        #expect(throws: Never.self) {
            try Store.open(at: layout.root).lock(operation: "addon install demo", timeout: 1).release()
        }
    }

    /// `init --force` killed between moving the old store aside and moving the new one in: the
    /// next command finds the old store back in place, not "no store".
    @Test func aStoreSetAsideByAKilledInitIsPutBack() throws {
        let layout = try makeStore()
        try Store.open(at: layout.root).database.execute("INSERT INTO cscart_addons (addon) VALUES ('kept')")
        let aside = folder.path + "/.addonhost-old-store-\(UUID().uuidString)"
        // Another store's folder set aside ("store-2", sorted first) is not this one's.
        let other = folder.path + "/.addonhost-old-store-2-00000000-0000-0000-0000-000000000000"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: other + "/store.db", contents: Data()))
        #expect(rename(layout.root, aside) == 0)
        let reopened = try Store.open(at: layout.root)
        #expect(try reopened.database.scalar("SELECT addon FROM cscart_addons WHERE addon = 'kept'") == .text("kept"))
        #expect(!FileManager.default.fileExists(atPath: aside))
        #expect(FileManager.default.fileExists(atPath: other + "/store.db"))
    }

    @Test func anotherProcessIsRefusedWhileThisOneHoldsTheLock() throws {
        let layout = try makeStore()
        try Store.open(at: layout.root).database.execute("INSERT INTO cscart_addons (addon) VALUES ('kept')")
        let before = try dump(layout.databasePath)
        let held = try StoreLock.acquire(layout, operation: "test holder", timeout: 0)
        let result = try addonhost(
            ["init", "--force", "--store", layout.root], environment: ["ADDONHOST_LOCK_TIMEOUT": "0.3"])
        held.release()
        #expect(result.status == 1)
        #expect(result.standardError.contains("store busy"))
        #expect(result.standardError.contains("process \(getpid()) (test holder)"))
        #expect(result.standardError.contains("[store.busy]"))
        #expect(try dump(layout.databasePath) == before)
    }

    @Test func anotherProcessWaitsForTheLockAndThenProceeds() throws {
        let layout = try makeStore()
        let held = try StoreLock.acquire(layout, operation: "test holder", timeout: 0)
        let waiting = try RunningAddonhost(
            ["init", "--force", "--store", layout.root], environment: ["ADDONHOST_LOCK_TIMEOUT": "60"])
        Thread.sleep(forTimeInterval: 0.5)
        held.release()
        let result = try waiting.wait()
        #expect(result.status == 0, "\(result.standardError)")
    }

    @Test func thisProcessIsRefusedWhileAnotherHoldsTheLock() throws {
        let layout = try makeStore()
        let writer = try RunningAddonhost(["init", "--force", "--orders", "50000", "--store", layout.root])
        // The writer records itself in the lock file as soon as it holds the lock.
        let holder = "process \(writer.processIdentifier) (init --force)"
        while (try? String(contentsOfFile: layout.lockFile, encoding: .utf8))?.contains(holder) != true {
            Thread.sleep(forTimeInterval: 0.01)
        }
        let refused = diagnostic { _ = try StoreLock.acquire(layout, operation: "test", timeout: 0) }
        #expect(refused?.id == "store.busy")
        #expect(refused?.message.contains(holder) == true)
        #expect(try writer.wait().status == 0)
    }
}

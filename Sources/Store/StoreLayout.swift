/// Where things are in a store: a folder laid out like a CS-Cart root, `store.db` at the root,
/// and the host's private `var/addonhost/`.
public struct StoreLayout: Sendable, Hashable {
    /// The store's folder (absolute).
    public let root: String

    public init(root: String) { self.root = root }

    /// The database's and the host folder's paths relative to the root.
    static let databaseName = "store.db"
    static let hostFolder = "var/addonhost"

    public var databasePath: String { root + "/" + Self.databaseName }
    /// `app/addons/<id>/` — add-on code and `addon.xml`.
    public var addonsDirectory: String { root + "/app/addons" }
    /// `design/backend/templates/` — admin templates, add-on hooks under `addons/<id>/`.
    public var backendTemplatesDirectory: String { root + "/design/backend/templates" }
    /// `var/langs/` — one folder per language, add-on `.po` files under `<lang>/addons/`.
    public var languagesDirectory: String { root + "/var/langs" }
    /// `var/addonhost/` — the host's own files; add-on packages never write here.
    public var hostDirectory: String { root + "/" + Self.hostFolder }
    /// Files staged by an operation before its database work commits.
    public var stagingDirectory: String { hostDirectory + "/staging" }
    /// What an operation in progress has moved, for recovery after a crash.
    public var journalDirectory: String { hostDirectory + "/journal" }
    /// The writer lock (`StoreLock`).
    public var lockFile: String { hostDirectory + "/lock" }

    /// Whether a store-relative path is the host's own: the database and its side files, and
    /// everything under `var/addonhost/`. An add-on package may not place a file there.
    public static func isHostOwned(_ relative: String) -> Bool {
        ["", "-wal", "-shm", "-journal"].contains { relative == databaseName + $0 }
            || relative == hostFolder || relative.hasPrefix(hostFolder + "/")
    }

    /// The folders `Store.create` makes, parents first.
    public var directories: [String] {
        [
            root + "/app", addonsDirectory, root + "/design", root + "/design/backend", backendTemplatesDirectory,
            root + "/var", languagesDirectory, languagesDirectory + "/en", languagesDirectory + "/ru",
            hostDirectory, stagingDirectory, journalDirectory,
        ]
    }
}

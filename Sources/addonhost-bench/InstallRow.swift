import Foundation

/// Row 3: `addonhost addon install` / `uninstall` of a package, as processes, against the floor:
/// the same schema changes and rows (the store's difference before/after) replayed by the
/// `sqlite3` shell in one transaction on a copy of the same fresh store.
struct InstallBench {
    let config: BenchConfig

    func run(package: String, id: String, label: String, baseStore: String) throws -> [ResultRow] {
        let dir = config.work + "/install"
        try Files.makeDirectory(dir)
        let installed = dir + "/installed"
        let uninstalled = dir + "/uninstalled"
        try Files.copy(baseStore, to: installed)
        try config.addonhost(installed, "addon", "install", package)
        try Files.copy(installed, to: uninstalled)
        try config.addonhost(uninstalled, "addon", "uninstall", id)
        let installSQL = dir + "/install.sql"
        let uninstallSQL = dir + "/uninstall.sql"
        try Files.write(
            try StoreDiff.script(from: baseStore + "/store.db", to: installed + "/store.db"), to: installSQL)
        try Files.write(
            try StoreDiff.script(from: installed + "/store.db", to: uninstalled + "/store.db"), to: uninstallSQL)
        let statements = try countStatements(installSQL) + "/" + countStatements(uninstallSQL)

        // The floor must leave exactly the store addonhost leaves.
        let replay = dir + "/replay"
        try Files.copy(baseStore, to: replay)
        try Run.checked(["sqlite3", replay + "/store.db", ".read \(installSQL)"], quiet: true)
        let leftover = try StoreDiff.script(from: replay + "/store.db", to: installed + "/store.db")
        let exact = leftover == "BEGIN IMMEDIATE;\nCOMMIT;\n"

        var install: [Double] = []
        var uninstall: [Double] = []
        var floorInstall: [Double] = []
        var floorUninstall: [Double] = []
        let work = dir + "/run"
        for _ in 0..<config.runs {
            try Files.copy(baseStore, to: work)
            install.append(try config.addonhost(work, "addon", "install", package).seconds)
            uninstall.append(try config.addonhost(work, "addon", "uninstall", id).seconds)
            try Files.copy(baseStore, to: work)
            floorInstall.append(
                try Run.checked(["sqlite3", work + "/store.db", ".read \(installSQL)"], quiet: true).seconds)
            floorUninstall.append(
                try Run.checked(["sqlite3", work + "/store.db", ".read \(uninstallSQL)"], quiet: true).seconds)
        }
        Files.remove(work)
        let note = "statements install/uninstall: \(statements)\(exact ? "" : "; replay NOT identical")"
        return [
            .compare(
                "Install of \(label) (`addonhost addon install` process) vs sqlite3 replaying the same schema changes and rows in one transaction (\(note))",
                addonhost: Samples(install), reference: Samples(floorInstall), goal: "≥0.5x (within 2x of the floor)"),
            .compare(
                "Uninstall of \(label) (`addonhost addon uninstall` process) vs sqlite3 replaying the same changes in one transaction",
                addonhost: Samples(uninstall), reference: Samples(floorUninstall),
                goal: "≥0.5x (within 2x of the floor)"),
        ]
    }

    private func countStatements(_ path: String) throws -> String {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return String(text.split(separator: "\n").count - 2)
    }
}

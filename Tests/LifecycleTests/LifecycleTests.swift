import AddonSDK
import Basics
import Foundation
import Lifecycle
import SQLite
import Store
import TestSupport
import Testing

/// A native add-on whose install function writes a row, then fails when told to.
struct FailingAddon: NativeAddon {
    let id = "sample"
    let fail: Bool
    func register(_ registration: inout AddonRegistration) {
        let fail = self.fail
        registration.function("fn_sample_install") { context in
            try context.database.execute(context.sql("INSERT INTO ?:sample_items (title) VALUES ('from native')"))
            if fail { throw LifecycleError(step: "native", message: "fn_sample_install refused") }
        }
    }
}

@Suite struct InstallTests {
    @Test func installWritesTheTreeAndUninstallLeavesNoTrace() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(in: packages)
        let before = try store.snapshot()

        let manager = try store.manager()
        let result = try manager.install(package)
        #expect(result.plan.activate)
        let database = manager.store.database
        #expect(try database.scalar("SELECT status FROM cscart_addons WHERE addon = 'sample'")?.text == "A")
        #expect(
            try database.scalar(
                "SELECT count(*) FROM cscart_settings_objects o JOIN cscart_settings_sections s ON s.section_id = o.section_id WHERE s.name = 'sample'"
            )?.integer == 3)
        #expect(
            try database.scalar("SELECT parent_id <> 0 FROM cscart_settings_objects WHERE name = 'api_key'")?.integer
                == 1)
        #expect(try database.scalar("SELECT count(*) FROM cscart_sample_items")?.integer == 1)
        #expect(
            try database.scalar("SELECT count(*) FROM cscart_addon_descriptions WHERE addon = 'sample'")?.integer == 2)
        #expect(
            FileManager.default.fileExists(
                atPath: store.root + "/design/themes/responsive/templates/addons/sample/hooks/index/styles.post.tpl"))
        #expect(!FileManager.default.fileExists(atPath: store.root + "/README.md"))
        let hooks = try HookIndex.templates(
            hook: "orders:customer_info", area: "backend", tablePrefix: "cscart_", database: database)
        #expect(hooks.post == ["addons/sample/hooks/orders/customer_info.post.tpl"])
        #expect(
            try database.scalar("SELECT count(*) FROM addonhost_files WHERE addon = 'sample' AND kind = 'file'")?
                .integer == 3)

        _ = try manager.uninstall("sample")
        #expect(try store.snapshot() == before)
    }

    @Test func dryRunChangesNothingAndHidesPasswords() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(in: packages)
        let before = try store.snapshot()
        let result = try store.manager().install(package, dryRun: true)
        #expect(try store.snapshot() == before)
        #expect(!result.plan.text.contains("s3cret-default"))
        #expect(!result.plan.json.compact.contains("s3cret-default"))
        #expect(result.plan.text.contains("CREATE TABLE IF NOT EXISTS \"cscart_sample_items\""))
    }

    @Test func alreadyInstalledIsRefusedUnlessReinstallOrKeepData() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(in: packages)
        let manager = try store.manager()
        _ = try manager.install(package)
        #expect(throws: LifecycleError.self) { try manager.install(package) }
        try manager.store.database.execute("UPDATE cscart_settings_objects SET value = 'test' WHERE name = 'mode'")
        _ = try manager.install(package, mode: .keepData)
        #expect(
            try manager.store.database.scalar("SELECT value FROM cscart_settings_objects WHERE name = 'mode'")?.text
                == "test")
        #expect(try manager.store.database.scalar("SELECT count(*) FROM cscart_sample_items")?.integer == 1)
        _ = try manager.install(package, mode: .reinstall)
        #expect(
            try manager.store.database.scalar("SELECT value FROM cscart_settings_objects WHERE name = 'mode'")?.text
                == "live")
    }

    /// Every step failing in turn leaves the store exactly as it was.
    @Test(arguments: [
        "stage", "before_install-functions", "install-queries", "settings", "addon-row", "descriptions",
        "language-values",
        "files", "hooks", "install-functions", "status", "commit",
    ])
    func injectedFailureAtEachStepChangesNothing(step: String) throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(in: packages)
        let before = try store.snapshot()
        #expect(throws: LifecycleError.self) {
            try store.manager(environment: ["ADDONHOST_TEST_FAIL_AT": step]).install(package)
        }
        #expect(try store.snapshot() == before)
    }

    @Test(arguments: [
        "stage", "uninstall-functions", "addon-row", "settings", "language-values", "uninstall-queries", "files",
        "hooks",
        "commit",
    ])
    func injectedFailureDuringUninstallChangesNothing(step: String) throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(in: packages)
        _ = try store.manager().install(package)
        let installed = try store.snapshot()
        let error = try #require(throws: LifecycleError.self) {
            try store.manager(environment: ["ADDONHOST_TEST_FAIL_AT": step]).uninstall("sample")
        }
        #expect(error.step == step)
        #expect(try store.snapshot() == installed)
    }

    @Test(arguments: ["stage", "status", "commit"])
    func injectedFailureDuringEnableAndDisableChangesNothing(step: String) throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(in: packages)
        _ = try store.manager().install(package)
        let active = try store.snapshot()
        let failing = try store.manager(environment: ["ADDONHOST_TEST_FAIL_AT": step])
        #expect(throws: LifecycleError.self) { try failing.disable("sample") }
        #expect(try store.snapshot() == active)
        _ = try store.manager().disable("sample")
        let disabled = try store.snapshot()
        #expect(throws: LifecycleError.self) { try failing.enable("sample") }
        #expect(try store.snapshot() == disabled)
    }

    @Test func failingQueryChangesNothingAndSaysWhere() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(
            in: packages,
            queries: """
                <item>CREATE TABLE ?:ok_table (a INTEGER)</item>
                <item>INSERT INTO ?:no_such_table VALUES (1)</item>
                """)
        let before = try store.snapshot()
        let error = try #require(throws: LifecycleError.self) { try store.manager().install(package) }
        #expect(error.step == "install-queries")
        #expect(error.sql == "INSERT INTO \"cscart_no_such_table\" VALUES (1)")
        #expect(error.location?.file.hasSuffix("addon.xml") == true)
        #expect(try store.snapshot() == before)
    }

    /// MySQL is translated (backticks, ENGINE, unsigned, inline KEY); SQL files are split.
    @Test func mysqlQueriesAndSQLFilesAreTranslated() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(
            in: packages,
            queries: """
                <item>CREATE TABLE `?:sample_log` (`log_id` int(11) unsigned NOT NULL AUTO_INCREMENT, `note` varchar(64) NOT NULL DEFAULT '', PRIMARY KEY (`log_id`), KEY `note` (`note`)) ENGINE=MyISAM DEFAULT CHARSET=utf8</item>
                <item type="file">database/data.sql</item>
                <item for="uninstall">DROP TABLE IF EXISTS `?:sample_log`</item>
                """)
        try packages.write(
            "pkg-sample/app/addons/sample/database/data.sql",
            """
            INSERT IGNORE INTO `?:sample_log` (`note`) VALUES ('a;b');
            REPLACE INTO `?:sample_log` (`log_id`, `note`) VALUES (1, 'c');
            """)
        let before = try store.snapshot()
        let manager = try store.manager()
        _ = try manager.install(package)
        #expect(try manager.store.database.scalar("SELECT group_concat(note) FROM cscart_sample_log")?.text == "c")
        _ = try manager.uninstall("sample")
        #expect(try store.snapshot() == before)
    }

    /// An unnamed index is named as MySQL names it among the table's indexes, the store's own
    /// included: `ADD INDEX (status, timestamp)` on orders, which has `status`, makes `status_2`.
    @Test func unnamedIndexIsNamedAfterTheStoresIndexes() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(
            in: packages,
            queries: """
                <item>ALTER TABLE ?:orders ADD INDEX (status, timestamp)</item>
                <item for="uninstall">ALTER TABLE ?:orders DROP INDEX status_2</item>
                """)
        let before = try store.snapshot()
        let manager = try store.manager()
        let columns = "SELECT group_concat(name) FROM pragma_index_info('cscart_orders_status_2')"
        _ = try manager.install(package)
        #expect(try manager.store.database.scalar(columns)?.text == "status,timestamp")
        // A reinstall's install queries start where its uninstall queries leave the indexes.
        _ = try manager.install(package, mode: .reinstall)
        #expect(try manager.store.database.scalar(columns)?.text == "status,timestamp")
        _ = try manager.uninstall("sample")
        #expect(try store.snapshot() == before)
    }

    /// An add-on that indexes a column it adds to a core table can be uninstalled: dropping the
    /// column takes it out of its indexes, as MySQL does (SQLite refuses while an index uses it).
    @Test func droppingAnIndexedColumnUninstalls() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(
            in: packages,
            queries: """
                <item>ALTER TABLE ?:orders ADD my_flag char(1) NOT NULL DEFAULT 'N', ADD INDEX my_flag (my_flag)</item>
                <item>ALTER TABLE ?:orders ADD UNIQUE KEY flag_order (my_flag, order_id)</item>
                <item for="uninstall">ALTER TABLE ?:orders DROP my_flag</item>
                <item for="uninstall">ALTER TABLE ?:orders DROP INDEX flag_order</item>
                """)
        let before = try store.snapshot()
        let manager = try store.manager()
        _ = try manager.install(package)
        #expect(
            try manager.store.database.scalar(
                "SELECT count(*) FROM sqlite_master WHERE name IN ('cscart_orders_my_flag', 'cscart_orders_flag_order')"
            )
                == .integer(2))
        let uninstall = try manager.uninstall("sample", dryRun: true)
        #expect(
            uninstall.plan.queries.first?.statements == [
                #"DROP INDEX "cscart_orders_flag_order""#, #"DROP INDEX "cscart_orders_my_flag""#,
                #"ALTER TABLE "cscart_orders" DROP COLUMN "my_flag""#,
                #"CREATE UNIQUE INDEX "cscart_orders_flag_order" ON "cscart_orders" ("order_id")"#,
            ])
        _ = try manager.uninstall("sample")
        #expect(try store.snapshot() == before)
    }

    /// 0 for a core table's AUTO_INCREMENT column (its INTEGER PRIMARY KEY) numbers the row, as
    /// in MySQL; the session knows the column from the store.
    @Test func zeroForACoreTablesAutoIncrementColumnNumbersTheRow() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(
            in: packages,
            queries: """
                <item>INSERT INTO ?:statuses (status_id, status, type) VALUES (0, 'Z', 'O')</item>
                <item for="uninstall">DELETE FROM ?:statuses WHERE status = 'Z'</item>
                """)
        let before = try store.snapshot()
        let manager = try store.manager()
        _ = try manager.install(package)
        let database = manager.store.database
        #expect(
            try database.scalar(
                "SELECT status_id = (SELECT max(status_id) FROM cscart_statuses) FROM cscart_statuses WHERE status = 'Z'"
            )
                == .integer(1))
        #expect(try database.scalar("SELECT count(*) FROM cscart_statuses WHERE status_id = 0") == .integer(0))
        _ = try manager.uninstall("sample")
        #expect(try store.snapshot() == before)
    }

    /// What SQLite has no counterpart for is skipped with a warning by a real install and
    /// uninstall, not only in a dry run's plan.
    @Test func skippedIndexesAreWarnedOfByARealRun() throws {
        /// `addon.xml:LINE:COLUMN` of a `path/addon.xml:LINE:COLUMN: message` line.
        func located(_ line: String) -> String {
            String(line.split(separator: "/").last?.split(separator: ":").prefix(3).joined(separator: ":") ?? "")
        }
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(
            in: packages,
            queries: """
                <item>CREATE TABLE ?:sample_text (a text, FULLTEXT KEY words (a))</item>
                <item for="uninstall">CREATE FULLTEXT INDEX gone ON ?:sample_text (a)</item>
                <item for="uninstall">DROP TABLE ?:sample_text</item>
                """)
        let manager = try store.manager()
        let skipped = "FULLTEXT and SPATIAL indexes have no SQLite equivalent"
        let install = try manager.install(package)
        #expect(install.warnings.filter { $0.contains(skipped) }.map(located) == ["addon.xml:23:56"])
        #expect(try manager.store.database.scalar("SELECT count(*) FROM cscart_sample_text")?.integer == 0)
        let uninstall = try manager.uninstall("sample")
        #expect(uninstall.warnings.filter { $0.contains(skipped) }.map(located) == ["addon.xml:24:30"])
    }

    @Test func untranslatableQueryIsRefusedWithItsPlace() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(
            in: packages,
            queries: """
                <item>CREATE TABLE ?:ok_table (a INTEGER)</item>
                <item>
                    ALTER TABLE ?:ok_table MODIFY a varchar(10)</item>
                """)
        let before = try store.snapshot()
        let error = try #require(throws: LifecycleError.self) { try store.manager().install(package) }
        #expect(error.step == "install-queries")
        #expect(error.diagnostics.hasErrors)
        #expect(error.location?.file.hasSuffix("addon.xml") == true)
        #expect(error.location?.line == 25)
        #expect(error.diagnostics.errors.first?.id.rawValue == "sql.alter-column-definition")
        #expect(try store.snapshot() == before)
    }

    @Test func failingNativeFunctionChangesNothing() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(
            in: packages, extra: "<functions><item for=\"install\">fn_sample_install</item></functions>")
        let before = try store.snapshot()
        #expect(throws: LifecycleError.self) { try store.manager(addons: [FailingAddon(fail: true)]).install(package) }
        #expect(try store.snapshot() == before)
        let result = try store.manager(addons: [FailingAddon(fail: false)]).install(package)
        #expect(result.plan.functions.first?.isNative == true)
        #expect(
            try Store.open(at: store.root).database.scalar("SELECT count(*) FROM cscart_sample_items")?.integer == 2)
    }

    @Test func fileWhereAFolderMustGoChangesNothing() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(in: packages)
        try Data("in the way".utf8).write(to: URL(fileURLWithPath: store.root + "/design/backend/templates/addons"))
        let before = try store.snapshot()
        let error = try #require(throws: LifecycleError.self) { try store.manager().install(package) }
        #expect(error.step == "files")
        #expect(try store.snapshot() == before)
    }

    @Test func phpOnlyFunctionsAreCarriedNotRun() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(in: packages, extra: "<functions><item>fn_sample_php</item></functions>")
        let plan = try store.manager().install(package, dryRun: true).plan
        #expect(plan.text.contains("fn_sample_php — PHP only, carried as a file, not run"))
    }
}

@Suite struct StatusTests {
    @Test func conflictsAndDependenciesAreChecked() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let base = try writeSamplePackage(in: packages, id: "base", queries: "")
        let child = try writeSamplePackage(
            in: packages, id: "child", queries: "", dependencies: "base")
        let manager = try store.manager()
        #expect(throws: LifecycleError.self) { try manager.install(child) }
        _ = try manager.install(base)
        _ = try manager.install(child)
        #expect(throws: LifecycleError.self) { try manager.disable("base") }
        #expect(throws: LifecycleError.self) { try manager.uninstall("base") }
        _ = try manager.disable("child")
        _ = try manager.disable("base")
        #expect(throws: LifecycleError.self) { try manager.enable("child") }
        let hooks = try HookIndex.templates(
            hook: "orders:customer_info", area: "backend", tablePrefix: "cscart_", database: manager.store.database)
        #expect(hooks.post.isEmpty)
        _ = try manager.enable("base")
        _ = try manager.enable("child")
        #expect(try manager.list().map(\.status) == ["A", "A"])
    }

    /// Enabling an add-on disables its own active conflicts, but not one an active add-on depends
    /// on: that would leave the dependent active without its dependency.
    @Test func enablingRefusesToDisableAConflictOthersDependOn() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let manager = try store.manager()
        _ = try manager.install(try writeSamplePackage(in: packages, id: "base", queries: ""))
        _ = try manager.install(try writeSamplePackage(in: packages, id: "child", queries: "", dependencies: "base"))
        _ = try manager.install(try writeSamplePackage(in: packages, id: "rival", queries: "", conflicts: "base"))
        #expect(try manager.list().map { "\($0.id):\($0.status)" } == ["base:A", "child:A", "rival:D"])
        let before = try store.snapshot()
        let error = try #require(throws: LifecycleError.self) { try manager.enable("rival") }
        #expect(error.message.contains("it would disable base, on which active add-ons depend: child"))
        #expect(try store.snapshot() == before)
        _ = try manager.disable("child")
        let enabled = try manager.enable("rival")
        #expect(enabled.warnings == ["disabled base: they conflict with 'rival'"])
        #expect(try manager.list().map { "\($0.id):\($0.status)" } == ["base:D", "child:D", "rival:A"])
    }
}

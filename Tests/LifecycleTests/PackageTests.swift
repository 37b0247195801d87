import Basics
import Foundation
import Lifecycle
import TestSupport
import Testing

@Suite struct PackageTests {
    /// Install refuses what `addon validate` rejects, listing every error with its place.
    @Test func installRefusesAPackageWithValidationErrors() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        try packages.write(
            "pkg/app/addons/real_name/addon.xml",
            """
            <?xml version="1.0"?>
            <addon scheme="3.0">
                <id>other_name</id>
                <version>1.0</version>
                <settings><sections><section id="general"><items>
                    <item id="mode"><type>wheel</type></item>
                </items></section></sections></settings>
            </addon>
            """)
        let before = try store.snapshot()
        let error = try #require(throws: LifecycleError.self) { try store.manager().install(packages.path + "/pkg") }
        #expect(error.step == "validate")
        let ids = Set(error.diagnostics.errors.map(\.id.rawValue))
        #expect(ids.contains("manifest.id-mismatch"))
        // CS-Cart stores an unknown type as the empty type: a warning, beside the error.
        #expect(error.diagnostics.all.contains { $0.id == "manifest.unknown-setting-type" && $0.severity == .warning })
        for diagnostic in error.diagnostics.errors {
            #expect(diagnostic.location?.file.hasSuffix("app/addons/real_name/addon.xml") == true)
            #expect((diagnostic.location?.line ?? 0) > 1)
        }
        #expect(try store.snapshot() == before)

        // The CLI prints each of them as file:line:column.
        let result = try runProcess(
            TestPaths.binary.path, ["addon", "install", packages.path + "/pkg", "--store", store.root])
        #expect(result.status == 1)
        #expect(result.standardError.contains("addon.xml:3:"))
        #expect(result.standardError.contains("addon.xml:6:"))
        #expect(try store.snapshot() == before)
    }

    @Test func aLinkInThePackageIsRefused() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(in: packages)
        try FileManager.default.createSymbolicLink(
            atPath: package + "/design/backend/templates/addons/sample/passwd.tpl", withDestinationPath: "/etc/passwd")
        let before = try store.snapshot()
        let error = try #require(throws: LifecycleError.self) { try store.manager().install(package) }
        #expect(error.diagnostics.errors.map(\.id.rawValue) == ["package.special-file"])
        #expect(error.diagnostics.errors.first?.message.contains("passwd.tpl is a symbolic link") == true)
        #expect(try store.snapshot() == before)
    }

    /// A package given by a link to its folder is read as that folder. Before, the file listing
    /// did not enter the link: the install went through with no template and no `.po` file.
    @Test func aPackageGivenByALinkToItsFolderIsInstalledWhole() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(in: packages)
        try FileManager.default.createSymbolicLink(atPath: packages.path + "/linked", withDestinationPath: package)
        _ = try store.manager().install(packages.path + "/linked")
        #expect(
            FileManager.default.fileExists(
                atPath: store.root + "/design/backend/templates/addons/sample/hooks/orders/customer_info.post.tpl"))
    }

    /// A FIFO blocks whoever opens it for reading, and a linked addon.xml or `.po` file would be
    /// read from outside the package (its first line shown in an error): each is reported by
    /// `addon validate` and refused by install, unread.
    @Test(arguments: [
        "app/addons/sample/addon.xml", "var/langs/en/addons/sample.po",
        "design/backend/templates/addons/sample/hooks/orders/customer_info.post.tpl",
    ])
    func specialFilesAreReportedUnread(path: String) throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let fifoPackage = try writeSamplePackage(in: packages)
        let linkPackage = packages.path + "/pkg-linked"
        try FileManager.default.copyItem(atPath: fifoPackage, toPath: linkPackage)
        try? FileManager.default.removeItem(atPath: fifoPackage + "/" + path)
        try FileManager.default.createDirectory(
            atPath: (fifoPackage + "/" + path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(mkfifo(fifoPackage + "/" + path, 0o644) == 0)
        try? FileManager.default.removeItem(atPath: linkPackage + "/" + path)
        try FileManager.default.createDirectory(
            atPath: (linkPackage + "/" + path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: linkPackage + "/" + path, withDestinationPath: "/etc/passwd")
        let before = try store.snapshot()
        for (package, kind) in [(fifoPackage, "a FIFO"), (linkPackage, "a symbolic link")] {
            // `timeout`: a read of the FIFO would block the test run.
            let validate = try runProcess("timeout", ["60", TestPaths.binary.path, "addon", "validate", package])
            #expect(validate.status == 1)
            #expect(validate.standardOutput.contains("\(path) is \(kind): links and special files"))
            #expect(validate.standardOutput.contains("[package.special-file]"))
            #expect(!validate.standardOutput.contains("root:"))
            let install = try runProcess(
                "timeout", ["60", TestPaths.binary.path, "addon", "install", package, "--store", store.root])
            #expect(install.status == 1)
            #expect(install.standardError.contains("[package.special-file]"))
            #expect(!install.standardError.contains("root:"))
            #expect(try store.snapshot() == before)
        }
    }

    /// A folder deeper than the system's longest path (4,096 bytes) cannot be walked. Before,
    /// the walk stopped there in silence: validate passed, and the install left its files out.
    @Test func aFolderTooDeepToWalkIsReported() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(in: packages)
        // Made a level at a time, each from the one before: no call can take the whole path.
        var folder = open(package + "/design/backend/templates/addons/sample", O_RDONLY | O_DIRECTORY)
        defer { _ = try? runProcess("rm", ["-rf", package + "/design/backend/templates/addons/sample/a"]) }
        for _ in 0..<2_100 {
            #expect(mkdirat(folder, "a", 0o755) == 0)
            let next = openat(folder, "a", O_RDONLY | O_DIRECTORY)
            close(folder)
            folder = next
        }
        let file = openat(folder, "deep.tpl", O_CREAT | O_WRONLY, 0o644)
        close(file)
        close(folder)
        let before = try store.snapshot()
        let error = try #require(throws: LifecycleError.self) { try store.manager().install(package) }
        #expect(error.diagnostics.errors.map(\.id.rawValue) == ["package.unreadable"])
        #expect(error.diagnostics.errors.first?.message.contains("cannot be read (File name too long)") == true)
        #expect(try store.snapshot() == before)
    }

    @Test func theLegacyLayoutIsRefusedWithAHint() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        try packages.write("old/addons/old_one/addon.xml", "<addon scheme=\"2.0\"><id>old_one</id></addon>\n")
        let error = try #require(throws: LifecycleError.self) { try store.manager().install(packages.path + "/old") }
        #expect(error.step == "package")
        #expect(error.hint?.contains("2.x layout") == true)
    }
}

@Suite struct ArchiveInstallTests {
    @Test(arguments: ["tgz", "zip"])
    func installFromAnArchiveThenUninstallLeavesNoTrace(format: String) throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        _ = try writeSamplePackage(in: packages)
        let archive = packages.path + "/sample.\(format)"
        let tool = format == "zip" ? ["zip", "-qr", archive, "pkg-sample"] : ["tar", "czf", archive, "pkg-sample"]
        #expect(try runProcess(tool[0], Array(tool.dropFirst()), currentDirectory: packages.path).status == 0)
        let before = try store.snapshot()
        let manager = try store.manager()
        _ = try manager.install(archive)
        #expect(FileManager.default.fileExists(atPath: store.root + "/app/addons/sample/addon.xml"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.root + "/var/addonhost/staging").isEmpty)
        _ = try manager.uninstall("sample")
        #expect(try store.snapshot() == before)
    }

    /// The install names an archive's files as `addon validate` does, `ARCHIVE:path`, not by the
    /// extraction folder, which is deleted when the error is read.
    @Test func errorsInAnArchiveNameTheArchive() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        _ = try writeSamplePackage(in: packages, queries: "<item>CREATE TABLE ?:x (a INTEGER</item>")
        let archive = packages.path + "/sample.zip"
        #expect(try runProcess("zip", ["-qr", archive, "pkg-sample"], currentDirectory: packages.path).status == 0)
        let error = try #require(throws: LifecycleError.self) { try store.manager().install(archive) }
        let shown = error.asDiagnostics.map { "\($0.location.map(String.init(describing:)) ?? "") \($0.message)" }
        #expect(shown.contains { $0.hasPrefix("\(archive):pkg-sample/app/addons/sample/addon.xml:") }, "\(shown)")
        #expect(!shown.joined().contains("staging"), "\(shown)")
    }

    /// A zip whose entry climbs out of the package is refused; nothing is written anywhere.
    @Test func aZipSlipArchiveIsRefused() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let archive = packages.path + "/evil.zip"
        let script = """
            import zipfile, sys
            with zipfile.ZipFile(sys.argv[1], "w") as z:
                z.writestr("app/addons/evil/addon.xml", "<addon scheme='3.0'><id>evil</id></addon>")
                z.writestr("../../escaped.txt", "gotcha")
            """
        #expect(try runProcess("python3", ["-c", script, archive]).status == 0)
        let before = try store.snapshot()
        let parentBefore = try FileManager.default.contentsOfDirectory(atPath: store.folder.path).sorted()
        let error = try #require(throws: LifecycleError.self) { try store.manager().install(archive) }
        #expect(error.step == "archive")
        #expect(try store.snapshot() == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.folder.path).sorted() == parentBefore)
        #expect(!FileManager.default.fileExists(atPath: packages.path + "/../escaped.txt"))
    }
}

/// Two real processes: the second waits for the writer lock, then fails with "store busy".
@Suite struct ConcurrencyTests {
    @Test func aSecondProcessGetsStoreBusy() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(in: packages)
        let other = try writeSamplePackage(in: packages, id: "other", queries: "")
        let signal = packages.path + "/paused"
        let first = try startPaused(
            ["addon", "install", package, "--store", store.root], at: "install-queries", signal: signal)
        defer {
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
        }
        let environment = [
            "ADDONHOST_LOCK_TIMEOUT": "0.3", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin",
        ]
        for arguments in [
            ["addon", "install", other], ["addon", "disable", "sample"], ["addon", "uninstall", "sample"],
        ] {
            let second = try runProcess(
                TestPaths.binary.path, arguments + ["--store", store.root], environment: environment)
            #expect(second.status == 1)
            #expect(second.standardError.contains("store busy"))
            #expect(second.standardError.contains("process \(first.processIdentifier)"))
        }
    }
}

extension ConcurrencyTests {
    /// A save reads and validates the form under the writer lock: a second save waiting for the
    /// first's write could otherwise pass a validation of values about to change.
    @Test func aSettingsSaveValidatesUnderTheWriterLock() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        _ = try store.manager().install(try writeSamplePackage(in: packages))
        let signal = packages.path + "/paused"
        let first = try startPaused(
            ["settings", "set", "sample", "mode=test", "--store", store.root], at: "settings-parse", signal: signal)
        defer {
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
        }
        let second = try runProcess(
            TestPaths.binary.path, ["settings", "set", "sample", "mode=live", "--store", store.root],
            environment: [
                "ADDONHOST_LOCK_TIMEOUT": "0.3", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin",
            ])
        #expect(second.status == 1)
        #expect(second.standardError.contains("store busy"))
    }
}

extension ConcurrencyTests {
    /// An add-on's command (a check that saves into the add-on's table) runs under the shared
    /// lock: the add-on cannot be uninstalled or disabled under it.
    @Test func anAddOnsCommandKeepsItInstalledWhileItRuns() throws {
        let store = try TestStore()
        _ = try store.manager().install(
            TestPaths.packageRoot.appendingPathComponent("addons/customer_reliability").path)
        let signal = store.folder.path + "/paused"
        let first = try startPaused(
            ["reliability", "check", "1", "--store", store.root], at: "addon-command", signal: signal)
        defer {
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
        }
        for arguments in [
            ["addon", "uninstall", "customer_reliability"], ["addon", "disable", "customer_reliability"],
        ] {
            let second = try runProcess(
                TestPaths.binary.path, arguments + ["--store", store.root],
                environment: [
                    "ADDONHOST_LOCK_TIMEOUT": "0.3", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin",
                ])
            #expect(second.status == 1)
            #expect(second.standardError.contains("store busy"))
        }
    }
}

/// Starts the real binary with `ADDONHOST_TEST_PAUSE_AT=point` and returns once it is paused there.
func startPaused(_ arguments: [String], at point: String, signal: String) throws -> Process {
    try? FileManager.default.removeItem(atPath: signal)
    let process = Process()
    process.executableURL = TestPaths.binary
    process.arguments = arguments
    process.environment = [
        "ADDONHOST_TEST_PAUSE_AT": point, "ADDONHOST_TEST_PAUSE_SIGNAL": signal,
        "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin",
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    while !FileManager.default.fileExists(atPath: signal) && process.isRunning { usleep(20_000) }
    return process
}

import Basics
import Foundation
import Lifecycle
import TestSupport
import Testing

/// Where a package's files may go: not over the host's own files, not over another add-on's,
/// and not two of them to one place; a `.po` file the store keeps must not stop the uninstall.
@Suite struct PlacementTests {
    @Test func aPackageCannotPlaceFilesWhereTheHostKeepsItsOwn() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(in: packages)
        try packages.write("pkg-sample/store.db", "not a database\n")
        try packages.write("pkg-sample/var/addonhost/lock", "0\n")
        let before = try store.snapshot()
        let error = try #require(throws: LifecycleError.self) { try store.manager().install(package) }
        #expect(error.step == "validate")
        #expect(error.diagnostics.errors.map(\.id.rawValue) == ["package.host-path", "package.host-path"])
        #expect(error.diagnostics.errors.map(\.message).joined().contains("would go to var/addonhost/lock"))
        #expect(try store.snapshot() == before)
        let validate = try runProcess(TestPaths.binary.path, ["addon", "validate", package])
        #expect(validate.status == 1)
        #expect(validate.standardOutput.contains("pkg-sample/store.db would go to store.db, which the host keeps"))
    }

    @Test func aPackageCannotReplaceAnotherAddOnsFiles() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        _ = try store.manager().install(try writeSamplePackage(in: packages))
        let other = try writeSamplePackage(in: packages, id: "other")
        let hook = "design/backend/templates/addons/sample/hooks/orders/customer_info.post.tpl"
        try packages.write("pkg-other/\(hook)", "<p>replaced</p>\n")
        let before = try store.snapshot()
        let error = try #require(throws: LifecycleError.self) { try store.manager().install(other) }
        #expect(error.step == "files")
        #expect(error.diagnostics.errors.map(\.id.rawValue) == ["package.other-addon-file"])
        #expect(error.diagnostics.errors.map(\.message).joined().contains("\(hook), a file of add-on 'sample'"))
        #expect(try store.snapshot() == before)
    }

    /// Only the theme mapping (`var/themes_repository/<theme>/` → `design/themes/responsive/`)
    /// can put a file where another needs a folder: refused.
    @Test func aFileWhereAnotherNeedsAFolderIsRefused() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(in: packages)
        try packages.write("pkg-sample/var/themes_repository/basic/folder", "a file\n")
        try packages.write("pkg-sample/design/themes/responsive/folder/inside.tpl", "c\n")
        let before = try store.snapshot()
        let error = try #require(throws: LifecycleError.self) { try store.manager().install(package) }
        #expect(error.diagnostics.errors.map(\.id.rawValue) == ["package.target-clash"])
        #expect(
            error.diagnostics.errors.map(\.message).joined().contains(
                "var/themes_repository/basic/folder goes to design/themes/responsive/folder, where"))
        #expect(try store.snapshot() == before)
    }

    /// The same template shipped for several themes goes to one place: the responsive theme's
    /// copy wins, and a warning says so when the copies differ.
    @Test func copiesForSeveralThemesInstallTheResponsiveOne() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(in: packages)
        try packages.write("pkg-sample/var/themes_repository/basic/same.tpl", "basic\n")
        try packages.write("pkg-sample/var/themes_repository/responsive/same.tpl", "responsive\n")
        try packages.write("pkg-sample/design/themes/responsive/same.tpl", "in place\n")
        try packages.write("pkg-sample/var/themes_repository/basic/equal.tpl", "x\n")
        try packages.write("pkg-sample/var/themes_repository/responsive/equal.tpl", "x\n")
        let result = try store.manager().install(package)
        let installed = try String(contentsOfFile: store.root + "/design/themes/responsive/same.tpl", encoding: .utf8)
        #expect(installed == "responsive\n")
        let warnings = result.warnings.filter { $0.contains("is not installed") }
        #expect(warnings.count == 2, "\(result.warnings)")
        #expect(
            warnings.allSatisfy { $0.contains("pkg-sample/var/themes_repository/responsive/same.tpl, which differs") })
        #expect(warnings.contains { $0.contains("pkg-sample/var/themes_repository/basic/same.tpl is not installed") })
        #expect(
            try String(contentsOfFile: store.root + "/design/themes/responsive/equal.tpl", encoding: .utf8) == "x\n")
    }

    /// A `.po` file of a language the store does not have is carried, not imported; it is still
    /// read, so that the store never keeps one its uninstall cannot read.
    @Test func aBrokenPoFileOfAnotherLanguageIsRefused() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(in: packages)
        let path = packages.path + "/pkg-sample/var/langs/de/addons/sample.po"
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let header =
            "msgid \"\"\nmsgstr \"\"\n\"Language: de\\n\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\nmsgctxt \"Languages::x\"\nmsgid \"a"
        try Data(Array(header.utf8) + [0xFF] + Array("\"\nmsgstr \"b\"\n".utf8)).write(to: URL(fileURLWithPath: path))
        let before = try store.snapshot()
        let error = try #require(throws: LifecycleError.self) { try store.manager().install(package) }
        #expect(error.step == "language-files")
        #expect(error.location?.file.hasSuffix("var/langs/de/addons/sample.po") == true)
        #expect(try store.snapshot() == before)
    }

    /// A translator may break the store's copy after the install: the uninstall still runs and
    /// removes the variables it can read.
    @Test func uninstallRunsWhenTheStoresPoFileNoLongerParses() throws {
        let store = try TestStore()
        let packages = TemporaryDirectory()
        let package = try writeSamplePackage(in: packages)
        try packages.write(
            "pkg-sample/var/langs/en/addons/sample.po",
            "msgid \"\"\nmsgstr \"\"\n\"Language: en\\n\"\n\nmsgctxt \"Languages::sample_hello\"\nmsgid \"Hello\"\nmsgstr \"Hello\"\n"
        )
        _ = try store.manager().install(package)
        let installed = store.root + "/var/langs/en/addons/sample.po"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: installed))
        bytes.append(contentsOf: Array("\nmsgctxt \"Languages::broken\"\nmsgid \"\u{0}".utf8) + [0xFF, 0x0A])
        try bytes.write(to: URL(fileURLWithPath: installed))
        let result = try store.manager().uninstall("sample")
        #expect(result.warnings.contains { $0.contains("sample.po") })
        #expect(try store.manager().list().isEmpty)
        let left = try runProcess(
            "sqlite3",
            [store.root + "/store.db", "SELECT count(*) FROM cscart_language_values WHERE name = 'sample_hello'"])
        #expect(left.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }
}

// swift-tools-version:6.1
// addonhost: a CS-Cart 4.x style add-on host. Modules are layered; a module may only depend on
// modules listed above it here (format readers → store → lifecycle → add-ons → CLI).
import PackageDescription

let package = Package(
    name: "addonhost",
    products: [
        .executable(name: "addonhost", targets: ["addonhost"])
    ],
    targets: [
        // C libraries, each behind exactly one Swift module.
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        // libcurl and libarchive, loaded on first use instead of linked (see their headers).
        .target(name: "CHTTP"),
        .target(name: "CArchive"),

        // Floor: source files, diagnostics, JSON, command-line parsing.
        .target(name: "Basics"),
        .target(name: "ArgumentParsing", dependencies: ["Basics"]),

        // Format readers. None of them knows about the store.
        .target(name: "XML", dependencies: ["Basics", "CLibXML2"]),
        .target(name: "Manifest", dependencies: ["Basics", "XML", "SQLDialect"]),
        .target(name: "Gettext", dependencies: ["Basics"]),
        .target(name: "Templates", dependencies: ["Basics"]),
        .target(name: "SQLDialect", dependencies: ["Basics"]),
        .target(name: "PackageArchive", dependencies: ["Basics", "CArchive"]),

        // The store: SQLite access, then the store's layout and schema.
        .target(name: "SQLite", dependencies: ["Basics", "CSQLite"]),
        .target(name: "Store", dependencies: ["Basics", "SQLite"]),

        // What a native add-on sees of the host.
        .target(name: "AddonSDK", dependencies: ["Basics", "ArgumentParsing", "SQLite", "Templates"]),

        // The lifecycle and the services on top of it.
        .target(
            name: "Lifecycle",
            dependencies: [
                "Basics", "Manifest", "Gettext", "SQLDialect", "PackageArchive", "SQLite", "Store",
                "AddonSDK",
            ]),
        .target(name: "Settings", dependencies: ["Basics", "Manifest", "SQLite", "Store", "AddonSDK", "Lifecycle"]),
        .target(name: "Languages", dependencies: ["Basics", "Manifest", "Gettext", "SQLite", "Store", "Lifecycle"]),
        .target(
            name: "Pages",
            dependencies: ["Basics", "Manifest", "Templates", "SQLite", "Store", "AddonSDK", "Lifecycle", "Settings"],
            resources: [.copy("AdminTemplates")]),

        // Add-ons with native code.
        .target(
            name: "CustomerReliability",
            dependencies: ["Basics", "ArgumentParsing", "AddonSDK", "SQLite", "Templates", "CHTTP"],
            exclude: ["Simulator", "Demo"]),

        // The command line: a library the tests call, and an executable of a few lines.
        .target(
            name: "AddonHostCLI",
            dependencies: [
                "Basics", "ArgumentParsing", "Manifest", "Gettext", "Templates", "SQLDialect", "PackageArchive",
                "SQLite", "Store", "AddonSDK", "Lifecycle", "Settings", "Languages", "Pages",
            ]),
        .executableTarget(name: "addonhost", dependencies: ["AddonHostCLI", "CustomerReliability"]),

        // Tests. Shared helpers live in TestSupport.
        .target(name: "TestSupport", dependencies: ["Basics"], path: "Tests/TestSupport"),
        .testTarget(name: "BasicsTests", dependencies: ["Basics", "ArgumentParsing", "TestSupport"]),
        .testTarget(name: "ManifestTests", dependencies: ["Manifest", "XML", "TestSupport"]),
        .testTarget(name: "GettextTests", dependencies: ["Gettext", "TestSupport"]),
        .testTarget(name: "TemplatesTests", dependencies: ["Templates", "TestSupport"]),
        .testTarget(name: "SQLDialectTests", dependencies: ["SQLDialect", "SQLite", "TestSupport"]),
        .testTarget(name: "PackageArchiveTests", dependencies: ["PackageArchive", "TestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Basics", "SQLite", "Store", "TestSupport"]),
        .testTarget(
            name: "LifecycleTests",
            dependencies: ["Lifecycle", "Settings", "Languages", "Store", "SQLite", "AddonSDK", "TestSupport"]),
        .testTarget(
            name: "PagesTests",
            dependencies: [
                "Pages", "Lifecycle", "Settings", "Templates", "Store", "SQLite", "AddonSDK", "Basics", "TestSupport",
            ]),
        .testTarget(
            name: "CustomerReliabilityTests",
            dependencies: ["CustomerReliability", "AddonSDK", "SQLite", "Store", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["AddonHostCLI", "TestSupport"]),

        // Fuzz targets: one executable per format reader; `make fuzz` builds them with libFuzzer,
        // a plain build replays inputs (Tests/Fuzz/Regressions).
        .target(name: "FuzzSupport", swiftSettings: [.enableExperimentalFeature("Extern")]),
        .executableTarget(name: "FuzzManifest", dependencies: ["Basics", "Manifest", "FuzzSupport"]),
        .executableTarget(name: "FuzzGettext", dependencies: ["Basics", "Gettext", "FuzzSupport"]),
        .executableTarget(name: "FuzzTemplates", dependencies: ["Basics", "Templates", "FuzzSupport"]),
        .executableTarget(name: "FuzzSQLDialect", dependencies: ["Basics", "SQLDialect", "FuzzSupport"]),
        .executableTarget(name: "FuzzPackageArchive", dependencies: ["Basics", "PackageArchive", "FuzzSupport"]),

        // `make bench`: addonhost beside Smarty, msgfmt and sqlite3 (run in a release build).
        .executableTarget(
            name: "addonhost-bench",
            dependencies: [
                "Basics", "Gettext", "Templates", "SQLite", "Store", "AddonSDK", "Pages", "CustomerReliability",
            ]),
    ]
)

/// Test targets with a `Fixtures` folder (SwiftPM caches this manifest, so it is listed, not probed).
let testTargetsWithFixtures: Set = [
    "ManifestTests", "GettextTests", "TemplatesTests", "LifecycleTests", "PagesTests", "CustomerReliabilityTests",
    "CLITests",
]

// One place for the language settings of every Swift target (as swift-log does).
for target in package.targets where [.executable, .test, .regular].contains(target.type) {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
    // Test fixtures are read from disk by path (TestPaths.fixtures), not bundled.
    if testTargetsWithFixtures.contains(target.name) { target.exclude.append("Fixtures") }
}

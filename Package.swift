// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "schakel",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "schakel", targets: ["schakel"]),
        .executable(name: "schakel-bench", targets: ["SchakelBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Sealing at rest: AES-GCM and HMAC (Crypto), scrypt for passphrases (_CryptoExtras).
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // Tests only: a reducer test compares whole states and prints just what differs.
        .package(url: "https://github.com/pointfreeco/swift-custom-dump", from: "1.7.3"),
        // Without its test support, a failed expectNoDifference under Swift Testing is only printed.
        .package(url: "https://github.com/pointfreeco/xctest-dynamic-overlay", from: "1.13.1"),
    ],
    targets: [
        // The only C in the program: ncursesw, reached only from NcursesTerminal.
        .systemLibrary(
            name: "CNcurses",
            path: "Sources/CNcurses",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        // The embedded store's engine: the system's SQLite, reached only from CaseStore's SQLiteConnection.
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // Default data: demo region, UI strings, urgency weights.
        .target(
            name: "SchakelResources",
            path: "Resources",
            exclude: ["README.md"],
            resources: [.process("Data")]
        ),
        .target(name: "CaseModel"),
        .target(
            name: "CaseStore",
            dependencies: [
                "CaseModel", "CSQLite",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]),
        // The use cases: every change to a case, checked and committed the same way for the desk and the command line.
        .target(name: "Workplace", dependencies: ["CaseModel", "CaseStore"]),
        .target(name: "Screen"),
        .target(name: "Desk", dependencies: ["CaseModel", "CaseStore", "Workplace", "Screen", "SchakelResources"]),
        .target(name: "NcursesTerminal", dependencies: ["CNcurses", "Screen"]),
        .executableTarget(
            name: "schakel",
            dependencies: [
                "Desk", "CaseModel", "CaseStore", "Workplace", "Screen", "NcursesTerminal", "SchakelResources",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The figures the README quotes: scripts/bench builds and runs it (release).
        .executableTarget(name: "SchakelBench", dependencies: ["Desk", "CaseStore", "CaseModel", "Screen"]),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "CaseModelTests", dependencies: ["CaseModel", "TestSupport"]),
        .testTarget(name: "CaseStoreTests", dependencies: ["CaseStore", "CaseModel", "TestSupport"]),
        .testTarget(name: "WorkplaceTests", dependencies: ["Workplace", "CaseStore", "CaseModel", "TestSupport"]),
        .testTarget(name: "ScreenTests", dependencies: ["Screen", "TestSupport"]),
        .testTarget(
            name: "DeskTests",
            dependencies: [
                "Desk", "Screen", "CaseModel", "CaseStore", "Workplace", "TestSupport",
                .product(name: "CustomDump", package: "swift-custom-dump"),
                .product(name: "IssueReportingTestSupport", package: "xctest-dynamic-overlay"),
            ]),
        .testTarget(name: "NcursesTerminalTests", dependencies: ["NcursesTerminal", "Screen"]),
        .testTarget(name: "EndToEndTests", dependencies: ["schakel", "TestSupport"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)

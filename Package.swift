// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Interloan",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "interloan", targets: ["interloan"])
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.115.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.12.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.8.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.10.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.4.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.65.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.27.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.30.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.10.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.1.0"),
    ],
    targets: [
        .target(name: "InterloanCore"),
        .target(name: "InterloanXML"),
        .target(name: "ISO18626", dependencies: ["InterloanXML"]),
        .target(name: "NCIP", dependencies: ["InterloanXML"]),
        // Declares the C functions of the SQLite inside sqlite-nio, so that the process holds one SQLite only; the
        // header says why that matters.
        .target(name: "SQLiteNIOSymbols"),
        .target(
            name: "InterloanServer",
            dependencies: [
                "InterloanCore",
                "ISO18626",
                "NCIP",
                "InterloanXML",
                "SQLiteNIOSymbols",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "interloan",
            dependencies: [
                "InterloanServer",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "interloan-load",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Benchmarks/LoadGenerator"
        ),
        .executableTarget(
            name: "interloan-codec-bench", dependencies: ["InterloanXML", "ISO18626", "BenchmarkSupport"],
            path: "Benchmarks/CodecBenchmark"
        ),
        .executableTarget(
            name: "interloan-ncip-bench", dependencies: ["InterloanXML", "NCIP", "BenchmarkSupport"],
            path: "Benchmarks/NCIPBenchmark"),
        .executableTarget(
            name: "interloan-openurl-bench", dependencies: ["InterloanCore", "BenchmarkSupport"],
            path: "Benchmarks/OpenURLBenchmark"),
        .target(name: "BenchmarkSupport", path: "Benchmarks/BenchmarkSupport"),
        .executableTarget(
            name: "interloan-fuzz", dependencies: ["InterloanXML", "ISO18626", "NCIP", "InterloanCore"],
            path: "Tests/Fuzz",
            exclude: ["Seeds", "run"]),
        .testTarget(name: "InterloanCoreTests", dependencies: ["InterloanCore"], exclude: ["Fixtures"]),
        .testTarget(name: "InterloanXMLTests", dependencies: ["InterloanXML"]),
        .testTarget(name: "ISO18626Tests", dependencies: ["ISO18626", "InterloanXML"], exclude: ["Fixtures"]),
        .testTarget(name: "NCIPTests", dependencies: ["NCIP", "InterloanXML"], exclude: ["Fixtures"]),
        .testTarget(
            name: "InterloanServerTests",
            dependencies: [
                "InterloanServer",
                "InterloanCore",
                "ISO18626",
                "NCIP",
                "InterloanXML",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
            ],
            exclude: ["__Snapshots__"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

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
    ],
    targets: [
        .target(name: "InterloanCore"),
        .target(name: "ISO18626"),
        .target(
            name: "InterloanServer",
            dependencies: [
                "InterloanCore",
                "ISO18626",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(name: "interloan", dependencies: ["InterloanServer"]),
        .executableTarget(
            name: "interloan-load",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Benchmarks/LoadGenerator"
        ),
        .executableTarget(name: "interloan-codec-bench", dependencies: ["ISO18626"], path: "Benchmarks/CodecBenchmark"),
        .executableTarget(
            name: "interloan-fuzz", dependencies: ["ISO18626", "InterloanCore"], path: "Tests/Fuzz", exclude: ["Seeds", "run"]),
        .testTarget(name: "InterloanCoreTests", dependencies: ["InterloanCore"]),
        .testTarget(name: "ISO18626Tests", dependencies: ["ISO18626"], exclude: ["Fixtures"]),
        .testTarget(
            name: "InterloanServerTests",
            dependencies: [
                "InterloanServer",
                .product(name: "VaporTesting", package: "vapor"),
            ],
            exclude: ["__Snapshots__"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

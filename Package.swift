// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "crmenv",
    products: [
        .executable(name: "crmenv", targets: ["crmenv"]),
        .library(name: "CRMEnv", targets: ["CRMEnv"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CCrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(
            name: "CRMEnv",
            dependencies: ["CSQLite", "CZlib", "CCrypto"]
        ),
        .target(
            name: "CRMEnvCLI",
            dependencies: ["CRMEnv"],
            resources: [.copy("Samples")]
        ),
        .executableTarget(
            name: "crmenv",
            dependencies: ["CRMEnvCLI"]
        ),
        .target(
            name: "CRMEnvTestSupport",
            dependencies: ["CRMEnv"],
            path: "Tests/CRMEnvTestSupport"
        ),
        .testTarget(
            name: "CRMEnvTests",
            dependencies: ["CRMEnv", "CSQLite", "CRMEnvTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "CRMEnvCLITests",
            dependencies: ["CRMEnvCLI", "CRMEnv", "CRMEnvTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

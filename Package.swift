// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "mantis",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mantis", targets: ["mantis"]),
        .executable(name: "mantis-desktop", targets: ["mantis-desktop"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.115.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.12.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.8.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.10.0"),
        .package(url: "https://github.com/vapor/jwt.git", from: "5.1.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
        // Already in the graph through Vapor; named here because MantisSMTP uses them directly.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.30.0"),
        // Already in the graph through fluent-sqlite-driver; the product list reads its rows directly.
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.21.0"),
        // The DevTools protocol's WebSocket to headless Chromium (App/Rendering).
        .package(url: "https://github.com/vapor/websocket-kit.git", from: "2.16.0"),
        // GET /metrics in Prometheus' text format (App/Metrics).
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
    ],
    targets: [
        // libxml2's HTML parser and XPath, for reading product pages.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // cracklib (Debian's libcrack2) and the dictionary cracklib-runtime builds, for refusing common passwords.
        // libcrack2 ships no pkg-config file, so the module map links it by name.
        .systemLibrary(
            name: "CCrack",
            providers: [.apt(["libcrack2-dev", "cracklib-runtime"])]
        ),
        // Vapor-free domain logic: money, price parsing, page extraction, validation.
        .target(
            name: "MantisCore",
            dependencies: [
                "CCrack",
                "CLibXML2",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Vapor-free SMTP client (SwiftNIO + NIOSSL) for outgoing mail.
        .target(
            name: "MantisSMTP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "App",
            dependencies: [
                "MantisCore",
                "MantisSMTP",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "JWT", package: "jwt"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "WebSocketKit", package: "websocket-kit"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                "CSQLiteShim",
            ]
        ),
        // One non-variadic wrapper around SQLiteNIO's bundled sqlite3_db_config (SQLiteDirectReader).
        .target(name: "CSQLiteShim"),
        // The desktop app (issue 11): GTK 3 + WebKitGTK, a tray icon, notifications and the keyring, from Debian's
        // -dev packages through pkg-config. Only `mantis-desktop` links them; `swift run mantis` needs none.
        .systemLibrary(name: "CGtkWebKit", pkgConfig: "webkit2gtk-4.1", providers: [.apt(["libwebkit2gtk-4.1-dev", "libgtk-3-dev"])]),
        .systemLibrary(name: "CAppIndicator", pkgConfig: "ayatana-appindicator3-0.1", providers: [.apt(["libayatana-appindicator3-dev"])]),
        .systemLibrary(name: "CLibNotify", pkgConfig: "libnotify", providers: [.apt(["libnotify-dev"])]),
        .systemLibrary(name: "CLibSecret", pkgConfig: "libsecret-1", providers: [.apt(["libsecret-1-dev"])]),
        .target(
            name: "MantisDesktop",
            dependencies: ["App", "CGtkWebKit", "CAppIndicator", "CLibNotify", "CLibSecret"]
        ),
        .executableTarget(name: "mantis-desktop", dependencies: ["MantisDesktop"]),
        .executableTarget(
            name: "mantis",
            dependencies: ["App", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")]
        ),
        .testTarget(name: "MantisCoreTests", dependencies: ["MantisCore"], resources: [.copy("Fixtures")]),
        // A real SMTP server (aiosmtpd, run with python3) for the tests; never linked into mantis.
        .target(name: "SMTPTestServer", resources: [.copy("smtp_server.py")]),
        .testTarget(name: "MantisSMTPTests", dependencies: ["MantisSMTP", "SMTPTestServer"]),
        // The desktop app's logic that needs no window: token stores, origins, the server connection.
        .testTarget(name: "MantisDesktopTests", dependencies: ["MantisDesktop"]),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App",
                "SMTPTestServer",
                .product(name: "VaporTesting", package: "vapor"),
                // The rendering tests' own small HTTP server (Support/RenderFixtureServer.swift).
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

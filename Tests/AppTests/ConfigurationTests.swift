@testable import App
import Foundation
import AsyncHTTPClient
import Logging
import NIOPosix
import Testing

@Suite("Configuration", .timeLimit(.minutes(3)))
struct ConfigurationTests {
    @Test("Defaults: SQLite at ./mantis.sqlite, 127.0.0.1:8000, web mode, 30 min / 7 days, bcrypt 12, private fetches refused")
    func defaults() throws {
        let config = try AppConfig(environment: [:], isProduction: false)
        #expect(config.database == .sqlite(path: "./mantis.sqlite"))
        #expect(config.host == "127.0.0.1")
        #expect(config.port == 8000)
        #expect(config.mode == .web)
        #expect(config.accessTokenLifetime == 30 * 60)
        #expect(config.refreshTokenLifetime == 7 * 86_400)
        #expect(config.bcryptCost == 12)
        #expect(config.fetchAllowPrivate == false)
        #expect(config.autoMigrate == true)
        #expect(config.jwtSecret.count >= AppConfig.minimumJWTSecretBytes)
    }

    @Test("The PostgreSQL pool defaults to 64 connections in all, at least 4 per event loop; DATABASE_POOL_SIZE overrides it")
    func poolSize() throws {
        #expect(AppConfig.defaultPoolSize(eventLoops: 1) == 64)
        #expect(AppConfig.defaultPoolSize(eventLoops: 2) == 32)
        #expect(AppConfig.defaultPoolSize(eventLoops: 8) == 8)
        #expect(AppConfig.defaultPoolSize(eventLoops: 32) == 4)
        let loops = MultiThreadedEventLoopGroup.singleton.makeIterator().reduce(0) { count, _ in count + 1 }
        #expect(try AppConfig(environment: [:], isProduction: false).databasePoolSize == AppConfig.defaultPoolSize(eventLoops: loops))
        #expect(try AppConfig(environment: ["DATABASE_POOL_SIZE": "3"], isProduction: false).databasePoolSize == 3)
        #expect(throws: (any Error).self) { try AppConfig(environment: ["DATABASE_POOL_SIZE": "65"], isProduction: false) }
    }

    @Test("Every variable is read", arguments: [true, false])
    func variablesAreRead(production: Bool) throws {
        let config = try AppConfig(environment: [
            "DATABASE_URL": "postgresql://u:p@db:5432/mantis", "JWT_SECRET_KEY": String(repeating: "s", count: 32),
            "ACCESS_TOKEN_EXPIRE_MINUTES": "5", "REFRESH_TOKEN_EXPIRE_DAYS": "30", "FRONTEND_URL": "https://mantis.example.com/",
            "CORS_ALLOW_ORIGINS": "https://a.example.com, https://b.example.com", "HOST": "0.0.0.0", "PORT": "9000",
            "MANTIS_MODE": "web", "BCRYPT_COST": "10", "FETCH_ALLOW_PRIVATE": "true",
        ], isProduction: production)
        #expect(config.database == .postgres(url: "postgresql://u:p@db:5432/mantis"))
        #expect(config.autoMigrate == false)
        #expect(config.jwtSecret == Array(String(repeating: "s", count: 32).utf8))
        #expect(config.accessTokenLifetime == 300)
        #expect(config.refreshTokenLifetime == 30 * 86_400)
        #expect(config.frontendURL == "https://mantis.example.com")
        #expect(config.corsAllowOrigins == ["https://a.example.com", "https://b.example.com"])
        #expect(config.host == "0.0.0.0")
        #expect(config.port == 9000)
        #expect(config.bcryptCost == 10)
        #expect(config.fetchAllowPrivate)
    }

    @Test("FETCH_RENDER is auto by default, takes never and always, and refuses anything else naming the variable")
    func renderSettings() throws {
        let defaults = try AppConfig(environment: [:], isProduction: false)
        #expect(defaults.fetchRender == .auto)
        #expect(defaults.renderTabs == 2)
        #expect(defaults.renderTimeout == 20)
        #expect(defaults.chromiumPath == nil)
        let set = try AppConfig(environment: [
            "FETCH_RENDER": "ALWAYS", "FETCH_RENDER_TABS": "4", "FETCH_RENDER_TIMEOUT_SECONDS": "45", "CHROMIUM_PATH": "/opt/chrome/chrome",
        ], isProduction: false)
        #expect(set.fetchRender == .always)
        #expect(set.renderTabs == 4)
        #expect(set.renderTimeout == 45)
        #expect(set.chromiumPath == "/opt/chrome/chrome")
        #expect(try AppConfig(environment: ["FETCH_RENDER": "never"], isProduction: false).fetchRender == .never)
        #expect { try AppConfig(environment: ["FETCH_RENDER": "sometimes"], isProduction: false) } throws: { "\($0)".contains("FETCH_RENDER") }
        #expect { try AppConfig(environment: ["FETCH_RENDER_TABS": "0"], isProduction: false) } throws: { "\($0)".contains("FETCH_RENDER_TABS") }
        // No browser at CHROMIUM_PATH's place and none on PATH: rendering is off, and start-up says why.
        let off = PageRendering.make(
            config: try AppConfig(environment: ["FETCH_RENDER": "never"], isProduction: false),
            vetting: HTTPPageFetcher(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, sharedClient: HTTPClient.shared, settings: .init(), resolve: { _ in nil }),
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: "test"))
        #expect(off.renderer == nil)
        #expect(off.summary.contains("FETCH_RENDER=never"))
    }

    @Test("A MySQL URL stops start-up saying MySQL is not supported and PostgreSQL is")
    func mysqlIsRefused() {
        #expect {
            try AppConfig(environment: ["DATABASE_URL": "mysql://root@localhost/mantis"], isProduction: false)
        } throws: { error in
            let description = "\(error)"
            return description.contains("DATABASE_URL") && description.contains("MySQL is not supported") && description.contains("PostgreSQL")
        }
    }

    @Test("A JWT secret shorter than 32 bytes is refused")
    func shortJWTSecretIsRefused() {
        #expect(throws: ConfigurationError.self) {
            try AppConfig(environment: ["JWT_SECRET_KEY": String(repeating: "x", count: 31)], isProduction: false)
        }
    }

    @Test("Production requires JWT_SECRET_KEY and refuses a wildcard CORS origin")
    func productionRequirements() {
        #expect { try AppConfig(environment: [:], isProduction: true) } throws: { "\($0)".contains("JWT_SECRET_KEY") }
        let secret = String(repeating: "s", count: 32)
        #expect { try AppConfig(environment: ["JWT_SECRET_KEY": secret, "CORS_ALLOW_ORIGINS": "*"], isProduction: true) } throws: {
            "\($0)".contains("CORS_ALLOW_ORIGINS")
        }
        #expect(throws: Never.self) { try AppConfig(environment: ["JWT_SECRET_KEY": secret], isProduction: true) }
    }

    @Test(
        "Malformed values stop start-up with a message naming the variable",
        arguments: [
            ("PORT", "eighty"), ("PORT", "70000"), ("BCRYPT_COST", "3"), ("ACCESS_TOKEN_EXPIRE_MINUTES", "0"),
            ("REFRESH_TOKEN_EXPIRE_DAYS", "-1"), ("FETCH_ALLOW_PRIVATE", "maybe"), ("MANTIS_MODE", "desktop"),
            ("FRONTEND_URL", "ftp://x"), ("DATABASE_URL", "redis://localhost"),
        ])
    func malformedValues(variable: String, value: String) {
        #expect { try AppConfig(environment: [variable: value], isProduction: false) } throws: { error in
            (error as? ConfigurationError)?.variable == variable && "\(error)".contains(variable)
        }
    }
}

import Foundation
import MantisCore
import NIOCore

/// Every setting Mantis reads from its environment, read once at start-up.
/// Nothing else in the app calls `Environment.get`.
public struct AppConfig: Sendable {
    public enum Mode: String, Sendable, CaseIterable {
        case web
        case local
    }

    public enum Database: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    /// `FETCH_RENDER`: when a page is rendered in headless Chromium (see `PageRendering`).
    public enum RenderMode: String, Sendable, CaseIterable {
        /// When the HTML gives no price, if a Chromium binary is found.
        case auto
        case never
        /// Every page, as the original Mantis did.
        case always
    }

    public enum MailTransportKind: String, Sendable, CaseIterable {
        case log
        case file
    }

    public var mode: Mode
    public var database: Database
    public var autoMigrate: Bool
    /// The HMAC key as raw UTF-8 bytes.
    public var jwtSecret: [UInt8]
    /// No JWT_SECRET_KEY was set: a random key for this process only (development).
    public var jwtSecretIsEphemeral = false
    public var accessTokenLifetime: TimeInterval
    public var refreshTokenLifetime: TimeInterval
    public var frontendURL: String
    public var corsAllowOrigins: [String]
    public var host: String
    public var port: Int
    public var bcryptCost: Int
    public var fetchAllowPrivate: Bool
    public var fetchTimeout: Int
    public var fetchUserAgent: String?
    public var fetchAcceptLanguage: String?
    public var fetchRender: RenderMode
    /// `CHROMIUM_PATH`: the browser binary; unset, `chromium`, `chromium-browser` or `google-chrome` on PATH.
    public var chromiumPath: String?
    /// `FETCH_RENDER_TABS`: pages rendered at once (one browser process, this many tabs).
    public var renderTabs: Int
    /// `FETCH_RENDER_TIMEOUT_SECONDS`: the hard limit for one page in the browser.
    public var renderTimeout: Int
    /// How old a product's last check may get before the scheduler checks it again.
    public var refreshInterval: TimeInterval
    /// Whether `mantis serve` runs the background scheduler.
    public var schedulerEnabled: Bool
    /// Checks running at once, over all stores, and per store host.
    public var refreshConcurrency: Int
    public var refreshPerHost: Int
    public var mailTransport: MailTransportKind
    public var mailDirectory: String
    public var mailFrom: String
    /// Set when SMTP_HOST is: email then goes out over SMTP instead of `MAIL_TRANSPORT`.
    public var smtp: SMTPSettings?
    /// Price-alert emails per user per rolling 24 hours.
    public var alertMaxPerDay: Int
    /// `BACKUP_KEEP`: how many backups `mantis backup` leaves in its directory.
    public var backupKeep: Int
    /// `PG_BIN`: where `pg_dump` and `pg_restore` are looked for before PATH.
    public var postgresBinDirectory: String?
    /// `METRICS_ENABLED`: serve `GET /metrics`.
    public var metricsEnabled: Bool
    /// `METRICS_TOKEN`: a bearer token that opens `/metrics` to clients beyond loopback.
    public var metricsToken: String?
    /// Where the web app's files are (with a trailing slash); nil means `Public/` in the working directory.
    public var publicDirectory: String?
    /// Login attempts per minute per account (normalised email); 0 turns the limit off.
    public var loginRateLimitPerAccount: Int
    /// Requests per minute per client address across the account routes; 0 turns the limit off.
    public var authRateLimitPerIP: Int
    /// Who the client is: the socket's peer, or a trusted proxy's header.
    public var clientAddressPolicy: ClientAddressPolicy
    /// No session lives longer than this from its sign-in, however often it is refreshed.
    public var sessionMaxLifetime: TimeInterval
    /// `iss` and `aud` of access tokens; a token naming anything else is refused.
    public var jwtIssuer: String
    public var jwtAudience: String
    /// Products one user may track; 0 means no limit.
    public var maxProductsPerUser: Int
    /// Password hashes waiting for the bcrypt pool before login and register answer 503 `server_busy`.
    public var bcryptMaxQueue: Int
    /// PostgreSQL connections per event loop (one event loop per core). The default divides by the loop count of
    /// the singleton group the server runs on, not by a processor count that may be read differently (cgroups).
    public var databasePoolSize: Int

    /// 64 connections in all, and at least 4 per event loop. A request that finds its loop's connections busy
    /// joins a wait list whose bookkeeping (a time-out timer per waiter) cost more CPU than the query itself:
    /// with 4 per loop, 64 concurrent `/health` checks spent 230 µs each, with 32 per loop 136 µs (perf, wrk
    /// on 2 cores). 64 stays well under PostgreSQL's default `max_connections` of 100, leaving room for
    /// `pg_dump`, `mantis` commands and psql; connections beyond the quiet need close after two idle minutes.
    static func defaultPoolSize(eventLoops: Int) -> Int {
        max(4, 64 / max(1, eventLoops))
    }

    public struct SMTPSettings: Sendable, Equatable {
        public enum Security: String, Sendable, CaseIterable {
            case starttls
            case tls
            case none = "false"
        }

        public var host: String
        public var port: Int
        public var username: String?
        public var password: String?
        public var security: Security
        public var caFile: String?
        public var verifyCertificates: Bool
    }

    public static let minimumJWTSecretBytes = 32

    /// Reads the configuration. `isProduction` decides what is required (a JWT secret) and forbidden
    /// (a wildcard CORS origin); development and testing get safe defaults instead.
    public init(environment: [String: String], isProduction: Bool) throws(ConfigurationError) {
        let reader = Reader(values: environment)

        mode = try reader.enumValue("MANTIS_MODE", default: .web)

        if let url = reader.string("DATABASE_URL") {
            let scheme = url.split(separator: ":", maxSplits: 1).first.map { $0.lowercased() } ?? ""
            switch scheme {
            case "postgres", "postgresql":
                database = .postgres(url: url)
            case "mysql", "mariadb":
                throw ConfigurationError(
                    variable: "DATABASE_URL",
                    message: "MySQL is not supported. Use a PostgreSQL URL (postgres://user:pass@host:5432/db) "
                        + "or unset DATABASE_URL to use the embedded SQLite file (MANTIS_DB_PATH).")
            default:
                throw ConfigurationError(
                    variable: "DATABASE_URL",
                    message: "expected a postgres:// or postgresql:// URL, got scheme '\(scheme)'")
            }
        } else {
            database = .sqlite(path: reader.string("MANTIS_DB_PATH") ?? "./mantis.sqlite")
        }
        // One SQLite process owns its file, so migrating on start is safe; several servers may share one
        // PostgreSQL, so there `mantis migrate` is an explicit step unless asked for.
        let migrateByDefault: Bool = if case .sqlite = database { true } else { false }
        autoMigrate = try reader.bool("MANTIS_AUTO_MIGRATE", default: migrateByDefault)

        if let secret = reader.string("JWT_SECRET_KEY") {
            jwtSecret = Array(secret.utf8)
            guard jwtSecret.count >= Self.minimumJWTSecretBytes else {
                throw ConfigurationError(
                    variable: "JWT_SECRET_KEY",
                    message: "must be at least \(Self.minimumJWTSecretBytes) bytes; generate one with `openssl rand -hex 32`")
            }
        } else if isProduction {
            throw ConfigurationError(
                variable: "JWT_SECRET_KEY",
                message: "is required in production; generate one with `openssl rand -hex 32`")
        } else {
            // Development and tests: a fresh key per process, so tokens simply end with the process.
            jwtSecret = Array(SecureToken.generate(byteCount: 48).utf8)
            jwtSecretIsEphemeral = true
        }

        accessTokenLifetime = TimeInterval(try reader.int("ACCESS_TOKEN_EXPIRE_MINUTES", default: 30, range: 1...1440) * 60)
        refreshTokenLifetime = TimeInterval(try reader.int("REFRESH_TOKEN_EXPIRE_DAYS", default: 7, range: 1...365) * 86_400)
        port = try reader.int("PORT", default: 8000, range: 0...65535)
        host = reader.string("HOST") ?? "127.0.0.1"
        frontendURL = (reader.string("FRONTEND_URL") ?? "http://\(host):\(port)").trimmingSuffix("/")
        guard let frontend = URL(string: frontendURL), let scheme = frontend.scheme, ["http", "https"].contains(scheme),
              frontend.host != nil
        else {
            throw ConfigurationError(variable: "FRONTEND_URL", message: "must be an http(s) URL such as https://mantis.example.com")
        }
        corsAllowOrigins = (reader.string("CORS_ALLOW_ORIGINS") ?? frontendURL)
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).trimmingSuffix("/") }.filter { !$0.isEmpty }
        if isProduction, corsAllowOrigins.contains("*") {
            throw ConfigurationError(
                variable: "CORS_ALLOW_ORIGINS",
                message: "a wildcard origin is not allowed in production; list the origins, comma-separated")
        }
        bcryptCost = try reader.int("BCRYPT_COST", default: 12, range: 4...31)
        fetchAllowPrivate = try reader.bool("FETCH_ALLOW_PRIVATE", default: false)
        fetchTimeout = try reader.int("FETCH_TIMEOUT_SECONDS", default: 15, range: 1...120)
        fetchUserAgent = reader.string("FETCH_USER_AGENT")
        fetchAcceptLanguage = reader.string("FETCH_ACCEPT_LANGUAGE")
        fetchRender = try reader.enumValue("FETCH_RENDER", default: RenderMode.auto)
        chromiumPath = reader.string("CHROMIUM_PATH")
        renderTabs = try reader.int("FETCH_RENDER_TABS", default: 2, range: 1...16)
        renderTimeout = try reader.int("FETCH_RENDER_TIMEOUT_SECONDS", default: 20, range: 3...120)
        refreshInterval = try reader.duration("REFRESH_INTERVAL", default: 6 * 3600, range: 60...(30 * 86_400))
        schedulerEnabled = try reader.bool("REFRESH_SCHEDULER", default: true)
        refreshConcurrency = try reader.int("REFRESH_CONCURRENCY", default: 8, range: 1...256)
        refreshPerHost = try reader.int("REFRESH_PER_HOST", default: 2, range: 1...16)
        mailTransport = try reader.enumValue("MAIL_TRANSPORT", default: .log)
        // MAIL_FILE_DIR is the name the conformance suite and the plan use; MAIL_DIR the older one.
        mailDirectory = reader.string("MAIL_FILE_DIR") ?? reader.string("MAIL_DIR") ?? "./mail"
        mailFrom = reader.string("SMTP_FROM_EMAIL") ?? "Mantis <mantis@localhost>"
        alertMaxPerDay = try reader.int("ALERT_MAX_PER_DAY", default: 10, range: 0...1000)
        backupKeep = try reader.int("BACKUP_KEEP", default: 14, range: 1...10_000)
        postgresBinDirectory = reader.string("PG_BIN")
        metricsEnabled = try reader.bool("METRICS_ENABLED", default: false)
        metricsToken = reader.string("METRICS_TOKEN")
        if let token = metricsToken, token.utf8.count < 16 {
            throw ConfigurationError(variable: "METRICS_TOKEN", message: "must be at least 16 characters (e.g. `openssl rand -hex 32`)")
        }
        publicDirectory = reader.string("MANTIS_PUBLIC_DIR").map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        loginRateLimitPerAccount = try reader.int("LOGIN_RATE_LIMIT_PER_ACCOUNT", default: 5, range: 0...1_000_000)
        authRateLimitPerIP = try reader.int("AUTH_RATE_LIMIT_PER_IP", default: 20, range: 0...1_000_000)
        var proxyHeader = reader.string("TRUSTED_PROXY")?.lowercased()
        if proxyHeader == "none" || proxyHeader == "false" { proxyHeader = nil }
        if let proxyHeader, !ClientAddressPolicy.supportedHeaders.contains(proxyHeader) {
            throw ConfigurationError(
                variable: "TRUSTED_PROXY",
                message: "must name one header: \(ClientAddressPolicy.supportedHeaders.joined(separator: ", ")) (got '\(proxyHeader)')")
        }
        var proxies = IPNetwork.loopback
        if let list = reader.string("TRUSTED_PROXY_ADDRESSES") {
            proxies = []
            for item in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
                guard let network = IPNetwork(item) else {
                    throw ConfigurationError(
                        variable: "TRUSTED_PROXY_ADDRESSES", message: "expected addresses or CIDR blocks such as 127.0.0.1/8, ::1, 10.0.0.0/8; got '\(item)'")
                }
                proxies.append(network)
            }
        }
        clientAddressPolicy = ClientAddressPolicy(header: proxyHeader, trustedProxies: proxies)
        sessionMaxLifetime = TimeInterval(try reader.int("SESSION_MAX_DAYS", default: 30, range: 1...3650) * 86_400)
        jwtIssuer = reader.string("JWT_ISSUER") ?? frontendURL
        jwtAudience = reader.string("JWT_AUDIENCE") ?? "mantis-api"
        maxProductsPerUser = try reader.int("MAX_PRODUCTS_PER_USER", default: 500, range: 0...1_000_000)
        // 64 hashes are about 8 s of work on two cores at cost 12: a burst of 64 concurrent logins is served, a flood
        // beyond it is told to come back instead of waiting for minutes.
        bcryptMaxQueue = try reader.int("BCRYPT_MAX_QUEUE", default: 64, range: 1...100_000)
        databasePoolSize = try reader.int("DATABASE_POOL_SIZE", default: Self.defaultPoolSize(eventLoops: NIOSingletons.groupLoopCountSuggestion),
                                          range: 1...64)
        if let smtpHost = reader.string("SMTP_HOST") {
            let securityText = reader.string("SMTP_USE_TLS")?.lowercased() ?? "starttls"
            let security: SMTPSettings.Security
            switch securityText {
            case "starttls", "true", "1", "yes": security = .starttls
            case "tls", "ssl": security = .tls
            case "false", "0", "no", "none": security = .none
            default:
                throw ConfigurationError(variable: "SMTP_USE_TLS", message: "must be starttls, tls or false, got '\(securityText)'")
            }
            let defaultPort = switch security {
            case .starttls: 587
            case .tls: 465
            case .none: 25
            }
            let username = reader.string("SMTP_USER")
            let password = reader.string("SMTP_PASSWORD")
            if (username == nil) != (password == nil) {
                throw ConfigurationError(variable: username == nil ? "SMTP_USER" : "SMTP_PASSWORD", message: "must be set together with \(username == nil ? "SMTP_PASSWORD" : "SMTP_USER")")
            }
            smtp = SMTPSettings(
                host: smtpHost, port: try reader.int("SMTP_PORT", default: defaultPort, range: 1...65535),
                username: username, password: password, security: security, caFile: reader.string("SMTP_TLS_CA_FILE"),
                verifyCertificates: try reader.bool("SMTP_TLS_VERIFY", default: true))
        } else {
            smtp = nil
        }

        if mode == .local {
            // The desktop mode has no login, so it must never be reachable from another machine.
            host = "127.0.0.1"
        }
    }

    public var isSQLite: Bool {
        if case .sqlite = database { return true }
        return false
    }
}

extension AppConfig {
    /// Typed access to raw variables; an empty value counts as unset.
    struct Reader {
        let values: [String: String]

        func string(_ name: String) -> String? {
            guard let value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
                return nil
            }
            return value
        }

        func int(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
            guard let text = string(name) else { return fallback }
            guard let value = Int(text), range.contains(value) else {
                throw ConfigurationError(
                    variable: name, message: "must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
            }
            return value
        }

        /// A duration such as `6h`, `90m`, `45s`, `1d`, or plain seconds.
        func duration(_ name: String, default fallback: TimeInterval, range: ClosedRange<TimeInterval>) throws(ConfigurationError) -> TimeInterval {
            guard let text = string(name)?.lowercased() else { return fallback }
            let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
            let unit = text.last.flatMap { units[$0] }
            let number = unit == nil ? text : String(text.dropLast())
            guard let value = Double(number), value.isFinite, range.contains(value * (unit ?? 1)) else {
                throw ConfigurationError(
                    variable: name,
                    message: "must be a duration like 6h, 90m or 3600 (seconds), from \(Int(range.lowerBound)) s to \(Int(range.upperBound / 86_400)) days, got '\(text)'")
            }
            return value * (unit ?? 1)
        }

        func bool(_ name: String, default fallback: Bool) throws(ConfigurationError) -> Bool {
            guard let text = string(name)?.lowercased() else { return fallback }
            switch text {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default: throw ConfigurationError(variable: name, message: "must be true or false, got '\(text)'")
            }
        }

        func enumValue<T: RawRepresentable & CaseIterable>(_ name: String, default fallback: T) throws(ConfigurationError) -> T
        where T.RawValue == String {
            guard let text = string(name)?.lowercased() else { return fallback }
            guard let value = T(rawValue: text) else {
                throw ConfigurationError(variable: name, message: "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
            }
            return value
        }
    }
}

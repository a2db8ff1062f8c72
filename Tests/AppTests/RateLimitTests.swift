@testable import App
import Fluent
import Foundation
import SQLKit
import Testing

@Suite("Rate limits and the client address", .timeLimit(.minutes(4)))
struct RateLimitTests {
    private func login(_ t: TestApp, _ email: String, _ password: String, headers: [(String, String)] = []) async throws -> APIResponse {
        try await t.client.send(.POST, "/auth/login", json: ["email": email, "password": password], headers: headers)
    }

    /// Registers with these headers and returns the address the new session lists.
    private func sessionAddress(_ t: TestApp, headers: [(String, String)]) async throws -> String? {
        let registered = try await t.client.send(
            .POST, "/auth/register", json: ["email": TestApp.uniqueEmail(), "password": "correct horse battery"], headers: headers)
        #expect(registered.status == .created)
        return try await t.client.get("/auth/sessions", token: registered.string("access_token")).array.first?["ip"] as? String
    }

    private func expectRateLimited(_ response: APIResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status == .tooManyRequests, "\(response.status) \(response.text)", sourceLocation: sourceLocation)
        #expect(response.errorCode == "rate_limited", sourceLocation: sourceLocation)
        let retryAfter = response.headers.first(name: "Retry-After").flatMap(Int.init)
        #expect(retryAfter.map { (1...60).contains($0) } == true, "Retry-After: \(String(describing: retryAfter))", sourceLocation: sourceLocation)
    }

    @Test("LOGIN_RATE_LIMIT_PER_ACCOUNT: the 6th attempt in a minute is 429, right password or not, however the email is spelled", arguments: TestDatabase.all)
    func loginLimitPerAccount(database: TestDatabase) async throws {
        try await withApp(database, environment: ["LOGIN_RATE_LIMIT_PER_ACCOUNT": "5"]) { t in
            let account = try await t.register()
            let other = try await t.register()
            for attempt in 0..<5 {
                let response = try await login(t, account.email, attempt % 2 == 0 ? account.password : "wrong password!")
                #expect([.ok, .unauthorized].contains(response.status))
            }
            expectRateLimited(try await login(t, " \(account.email.uppercased()) ", account.password))
            // Another account is not affected ...
            #expect(try await login(t, other.email, other.password).status == .ok)
            // ... and an email without an account is limited the same way (nothing tells which exist).
            let nobody = TestApp.uniqueEmail("nobody")
            for _ in 0..<5 { #expect(try await login(t, nobody, "wrong password!").status == .unauthorized) }
            expectRateLimited(try await login(t, nobody, "wrong password!"))
        }
    }

    @Test("AUTH_RATE_LIMIT_PER_IP counts every account route together; other routes keep working", arguments: TestDatabase.all)
    func ipLimitSpansTheAuthRoutes(database: TestDatabase) async throws {
        try await withApp(database, environment: ["AUTH_RATE_LIMIT_PER_IP": "3"]) { t in
            let account = try await t.register()  // 1
            #expect(try await login(t, account.email, account.password).status == .ok)  // 2
            #expect(try await t.client.post("/auth/refresh", ["refresh_token": account.refreshToken]).status == .ok)  // 3
            expectRateLimited(try await t.client.post("/auth/request-password-reset", ["email": account.email]))
            expectRateLimited(try await t.client.post("/auth/verify-email", ["token": "whatever"]))
            expectRateLimited(try await t.client.post("/auth/reset-password", ["token": "x", "new_password": "a fine long passphrase"]))
            expectRateLimited(try await t.client.post("/auth/resend-verification", token: account.accessToken))
            expectRateLimited(try await t.client.post("/auth/register", ["email": TestApp.uniqueEmail(), "password": "a fine long passphrase"]))
            #expect(try await t.client.get("/health").status == .ok)
            #expect(try await t.client.get("/auth/me", token: account.accessToken).status == .ok)
        }
    }

    @Test("0 turns both limits off", arguments: TestDatabase.all)
    func zeroTurnsLimitsOff(database: TestDatabase) async throws {
        try await withApp(database, environment: ["AUTH_RATE_LIMIT_PER_IP": "0", "LOGIN_RATE_LIMIT_PER_ACCOUNT": "0"]) { t in
            let account = try await t.register()
            for attempt in 0..<12 {
                let response = try await login(t, account.email, attempt % 3 == 0 ? account.password : "wrong password!")
                #expect([.ok, .unauthorized].contains(response.status), "attempt \(attempt)")
            }
        }
    }

    @Test("A window ends by itself: after a minute the account may try again", arguments: TestDatabase.all)
    func windowsExpire(database: TestDatabase) async throws {
        try await withApp(database, environment: ["LOGIN_RATE_LIMIT_PER_ACCOUNT": "2"]) { t in
            let clock = TestClock()
            t.app.mantis.dependencies.now = { clock.now() }
            let account = try await t.register()
            for _ in 0..<2 { _ = try await login(t, account.email, "wrong password!") }
            expectRateLimited(try await login(t, account.email, account.password))
            clock.advance(by: 61)
            #expect(try await login(t, account.email, account.password).status == .ok)
        }
    }

    @Test("Counters live in the database: two limiters (two instances) on one database share them", arguments: TestDatabase.all)
    func countersAreShared(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let sql = t.app.db as! any SQLDatabase
            let first = RateLimiter(database: sql, namespace: "https://mantis.example", window: 60, sweeper: .init())
            let second = RateLimiter(database: sql, namespace: "https://mantis.example", window: 60, sweeper: .init())
            let now = Date()
            #expect(try await first.hit(rule: "login-account", identifier: "a@example.com", limit: 2, now: now) == .allowed)
            #expect(try await second.hit(rule: "login-account", identifier: "a@example.com", limit: 2, now: now) == .allowed)
            guard case .limited(let wait) = try await first.hit(rule: "login-account", identifier: "a@example.com", limit: 2, now: now.addingTimeInterval(10))
            else { Issue.record("the third hit, counted by either instance, must be limited"); return }
            #expect(wait == 50)
            // Another deployment on the same database server counts apart.
            let staging = RateLimiter(database: sql, namespace: "https://staging.example", window: 60, sweeper: .init())
            #expect(try await staging.hit(rule: "login-account", identifier: "a@example.com", limit: 2, now: now) == .allowed)
        }
    }

    @Test("A flood of distinct emails cannot grow the table: expired counters are swept, and no email is stored", arguments: TestDatabase.all)
    func floodIsBounded(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let sql = t.app.db as! any SQLDatabase
            let limiter = RateLimiter(database: sql, namespace: "n", window: 60, sweeper: .init())
            let start = Date()
            for index in 0..<300 {
                _ = try await limiter.hit(rule: "login-account", identifier: "flood-\(index)@example.com", limit: 5, now: start)
            }
            let count = { try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(RateLimiter.table).first()!.decode(column: "n", as: Int.self) }
            #expect(try await count() == 300)
            let stored = try await sql.select().column("bucket").from(RateLimiter.table).all().map { try $0.decode(column: "bucket", as: String.self) }
            #expect(!stored.contains { $0.contains("@") })
            // A minute later the next hit sweeps them all.
            _ = try await limiter.hit(rule: "login-account", identifier: "late@example.com", limit: 5, now: start.addingTimeInterval(61))
            #expect(try await count() == 1)
        }
    }

    @Test("Spoofed forwarding headers from an untrusted peer change nothing", arguments: TestDatabase.all)
    func spoofedHeadersAreIgnored(database: TestDatabase) async throws {
        try await withApp(database, environment: ["AUTH_RATE_LIMIT_PER_IP": "2"]) { t in
            for _ in 0..<2 { _ = try await login(t, TestApp.uniqueEmail(), "wrong password!") }
            for header in [("X-Forwarded-For", "203.0.113.7"), ("CF-Connecting-IP", "203.0.113.8"), ("X-Real-IP", "203.0.113.9"),
                           ("Forwarded", "for=203.0.113.10"), ("True-Client-IP", "203.0.113.11")] {
                expectRateLimited(try await login(t, TestApp.uniqueEmail(), "wrong password!", headers: [header]))
            }
        }
    }

    @Test("TRUSTED_PROXY=CF-Connecting-IP from a loopback peer names the client; sessions list the same address", arguments: TestDatabase.all)
    func trustedProxyHeaderNamesTheClient(database: TestDatabase) async throws {
        try await withApp(database, environment: ["AUTH_RATE_LIMIT_PER_IP": "2", "TRUSTED_PROXY": "CF-Connecting-IP"]) { t in
            let first = [("CF-Connecting-IP", "198.51.100.20")]
            #expect(try await login(t, TestApp.uniqueEmail(), "wrong password!", headers: first).status == .unauthorized)
            #expect(try await login(t, TestApp.uniqueEmail(), "wrong password!", headers: first).status == .unauthorized)
            expectRateLimited(try await login(t, TestApp.uniqueEmail(), "wrong password!", headers: first + [("X-Forwarded-For", "203.0.113.99")]))
            // Another client behind the proxy has its own budget, and its session shows its address.
            #expect(try await sessionAddress(t, headers: [("CF-Connecting-IP", "2001:db8::1")]) == "2001:db8::1")
        }
    }

    @Test("TRUSTED_PROXY=X-Forwarded-For takes the right-most address not in TRUSTED_PROXY_ADDRESSES", arguments: [TestDatabase.sqlite])
    func forwardedForRightMostUntrusted(database: TestDatabase) async throws {
        try await withApp(database, environment: ["TRUSTED_PROXY": "X-Forwarded-For", "TRUSTED_PROXY_ADDRESSES": "127.0.0.1, 10.0.0.0/8"]) { t in
            let address = try await sessionAddress(t, headers: [("X-Forwarded-For", "192.0.2.66, 198.51.100.7, 10.1.2.3")])
            #expect(address == "198.51.100.7")
        }
    }

    @Test("With the peer outside TRUSTED_PROXY_ADDRESSES the header is not believed", arguments: [TestDatabase.sqlite])
    func untrustedPeerHeaderIgnored(database: TestDatabase) async throws {
        try await withApp(database, environment: ["TRUSTED_PROXY": "CF-Connecting-IP", "TRUSTED_PROXY_ADDRESSES": "10.0.0.1"]) { t in
            let address = try await sessionAddress(t, headers: [("CF-Connecting-IP", "198.51.100.20")])
            #expect(address == "127.0.0.1")
        }
    }

    @Test("Bad TRUSTED_PROXY settings stop start-up with a message naming the variable")
    func badProxySettings() throws {
        #expect(throws: ConfigurationError.self) { try AppConfig(environment: ["TRUSTED_PROXY": "X-Evil"], isProduction: false) }
        #expect(throws: ConfigurationError.self) { try AppConfig(environment: ["TRUSTED_PROXY_ADDRESSES": "not-an-ip"], isProduction: false) }
        #expect(throws: ConfigurationError.self) { try AppConfig(environment: ["AUTH_RATE_LIMIT_PER_IP": "-1"], isProduction: false) }
        let config = try AppConfig(environment: [:], isProduction: false)
        #expect(config.loginRateLimitPerAccount == 5)
        #expect(config.authRateLimitPerIP == 20)
        #expect(config.sessionMaxLifetime == 30 * 86_400)
        #expect(config.maxProductsPerUser == 500)
    }
}

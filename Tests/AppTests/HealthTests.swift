@testable import App
import Fluent
import Foundation
import SMTPTestServer
import Testing
import Vapor

@Suite("Health", .timeLimit(.minutes(3)))
struct HealthTests {
    @Test("GET /health is 200 with the database ok", arguments: TestDatabase.all)
    func healthy(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let response = try await t.client.get("/health")
            #expect(response.status == .ok)
            #expect(response.string("status") == "ok")
            #expect(response.string("database") == "ok")
        }
    }

    @Test("GET /health is 503 when the database cannot be reached")
    func unhealthyWhenDatabaseIsDown() async throws {
        // Nothing listens on this port; configuring does not connect, so the app starts and reports.
        let port = try FreePort.find()
        let app = try await Application.make(.testing)
        do {
            let config = try AppConfig(
                environment: ["DATABASE_URL": "postgres://nobody@127.0.0.1:\(port)/none", "BCRYPT_COST": "4"], isProduction: false)
            try await configure(app, config: config)
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let client = APIClient(baseURL: "http://127.0.0.1:\(app.http.server.shared.localAddress!.port!)")
            let response = try await client.get("/health")
            #expect(response.status == .serviceUnavailable)
            #expect(response.string("database") == "unreachable")
            let ready = try await client.get("/health/ready")
            #expect(ready.status == .serviceUnavailable)
            #expect(ready.string("status") == "not_ready")
            #expect(ready.string("database") == "unreachable")
        } catch {
            await app.server.shutdown()
            try? await app.asyncShutdown()
            throw error
        }
        await app.server.shutdown()
        try await app.asyncShutdown()
    }

    @Test("GET /health/ready is 200 when migrated and 503 naming the pending migrations when not", arguments: TestDatabase.all)
    func readiness(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let ready = try await t.client.get("/health/ready")
            #expect(ready.status == .ok)
            #expect(ready.string("status") == "ready")
            #expect((ready["pending_migrations"] as? [String])?.isEmpty == true)
            // An upgrade whose migrate step was forgotten: the newest migration is not applied.
            try await UpdateProductsVersionTrigger().revert(on: t.app.db)
            try await t.app.db.query(MigrationLog.self).filter(\.$name == UpdateProductsVersionTrigger().name).delete()
            let behind = try await t.client.get("/health/ready")
            #expect(behind.status == .serviceUnavailable)
            #expect(behind.string("status") == "not_ready")
            #expect(behind.string("database") == "ok")
            #expect(behind["pending_migrations"] as? [String] == [UpdateProductsVersionTrigger().name])
            // /health itself keeps answering as it does.
            #expect(try await t.client.get("/health").status == .ok)
            try await t.app.autoMigrate()
            #expect(try await t.client.get("/health/ready").status == .ok)
        }
    }

    @Test("Every answer carries X-Request-ID: a sane one from the client is kept, anything else replaced")
    func requestID() async throws {
        try await withApp(.sqlite) { t in
            let plain = try await t.client.get("/health")
            let generated = try #require(plain.headers.first(name: "X-Request-ID"))
            #expect(!generated.isEmpty)
            let other = try await t.client.get("/health").headers.first(name: "X-Request-ID")
            #expect(other != generated)
            let kept = try await t.client.send(.GET, "/health", headers: [("X-Request-ID", "cf-7d2a9c.trace_01:ab")])
            #expect(kept.headers.first(name: "X-Request-ID") == "cf-7d2a9c.trace_01:ab")
            let hostile = try await t.client.send(.GET, "/health", headers: [("X-Request-ID", "x\"} injected=1 <script>")])
            #expect(hostile.headers.first(name: "X-Request-ID") != "x\"} injected=1 <script>")
            let long = try await t.client.send(.GET, "/health", headers: [("X-Request-ID", String(repeating: "a", count: 200))])
            #expect(long.headers.first(name: "X-Request-ID")?.count != 200)
            // Errors too.
            let missing = try await t.client.get("/no-such-route")
            #expect(missing.status == .notFound)
            #expect(missing.headers.first(name: "X-Request-ID") != nil)
        }
        #expect(RequestIDMiddleware.accepted("abc-123") == "abc-123")
        #expect(RequestIDMiddleware.accepted("") == nil)
        #expect(RequestIDMiddleware.accepted("a b") == nil)
        #expect(RequestIDMiddleware.accepted("é") == nil)
    }
}

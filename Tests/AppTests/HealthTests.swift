@testable import App
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
            let client = APIClient(baseURL: "http://127.0.0.1:\(app.http.server.shared.localAddress!.port!)", http: app.http.client.shared)
            let response = try await client.get("/health")
            #expect(response.status == .serviceUnavailable)
            #expect(response.string("database") == "unreachable")
        } catch {
            await app.server.shutdown()
            try? await app.asyncShutdown()
            throw error
        }
        await app.server.shutdown()
        try await app.asyncShutdown()
    }
}

@testable import App
import AsyncHTTPClient
import Foundation
import Testing
import Vapor

/// A running Mantis server on a free loopback port, with its database, mail folder and an HTTP client.
struct TestApp {
    let app: Application
    let client: APIClient
    let mailbox: Mailbox
    let database: TestDatabase
}

/// Starts Mantis on `database` (fresh and migrated), runs `test` against it over real HTTP, then reverts the
/// migrations and shuts everything down. `environment` overrides the test defaults.
func withApp(
    _ database: TestDatabase,
    environment: [String: String] = [:],
    _ test: (TestApp) async throws -> Void
) async throws {
    let mailDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("mantis-mail-\(UUID().uuidString)").path
    var values: [String: String] = [
        "BCRYPT_COST": "4",
        "FETCH_ALLOW_PRIVATE": "true",
        "MAIL_TRANSPORT": "file",
        "MAIL_DIR": mailDirectory,
        "FRONTEND_URL": "http://mantis.test",
        "MANTIS_AUTO_MIGRATE": "false",
        // Tests sign in many times a minute from 127.0.0.1; RateLimitTests turn the limits on.
        "AUTH_RATE_LIMIT_PER_IP": "0",
        "LOGIN_RATE_LIMIT_PER_ACCOUNT": "0",
        // Many apps run at once against one PostgreSQL cluster: two connections per event loop each.
        "DATABASE_POOL_SIZE": "2",
    ]
    var createdPostgres: (admin: String, name: String)?
    switch database {
    case .sqlite:
        values["MANTIS_DB_PATH"] = ":memory:"
    case .postgres(let adminURL):
        let created = try await PostgresAdmin.createDatabase(adminURL: adminURL)
        createdPostgres = (adminURL, created.name)
        values["DATABASE_URL"] = created.url
    }
    values.merge(environment) { _, new in new }
    let createdDatabase = createdPostgres
    let cleanUp = { @Sendable in
        if let createdPostgres = createdDatabase { await PostgresAdmin.dropDatabase(adminURL: createdPostgres.admin, name: createdPostgres.name) }
        try? FileManager.default.removeItem(atPath: mailDirectory)
    }

    let app = try await Application.make(.testing)
    do {
        try await configure(app, config: AppConfig(environment: values, isProduction: false))
        try await app.autoMigrate()
        app.mantis.outbox.start()
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        guard let port = app.http.server.shared.localAddress?.port else { throw TestSetupError.noPort }
        let client = APIClient(baseURL: "http://127.0.0.1:\(port)")
        try await test(TestApp(app: app, client: client, mailbox: Mailbox(directory: mailDirectory), database: database))
        await app.server.shutdown()
        await app.mantis.outbox.stop()
        try await app.autoRevert()
    } catch {
        await app.mantisIfConfigured?.outbox.stop()
        await app.server.shutdown()
        try? await app.asyncShutdown()
        await cleanUp()
        throw error
    }
    try await app.asyncShutdown()
    await cleanUp()
}

enum TestSetupError: Error {
    case noPort
    case timeout(String)
}

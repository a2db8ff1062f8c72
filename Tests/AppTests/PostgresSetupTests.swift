@testable import App
import Foundation
import Testing
import Vapor

/// `deploy/postgres-setup.sql` applied to the throwaway cluster as a superuser would: Mantis then migrates
/// and works as that role, which is no superuser and owns only its own database.
@Suite("PostgreSQL setup file", .serialized, .timeLimit(.minutes(3)))
struct PostgresSetupTests {
    @Test("The role the setup file makes can migrate and run Mantis, and has no privilege beyond its database",
          .enabled(if: TestDatabase.postgresAdminURL != nil))
    func roleRunsMantis() async throws {
        let admin = try #require(TestDatabase.postgresAdminURL)
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("deploy/postgres-setup.sql").path
        _ = try await Blocking.run { try PostgresAdmin.psql(admin, arguments: ["-f", file]) }
        defer {
            try? PostgresAdmin.psql(admin, "DROP DATABASE IF EXISTS mantis WITH (FORCE)")
            try? PostgresAdmin.psql(admin, "DROP ROLE IF EXISTS mantis")
        }
        try PostgresAdmin.psql(admin, """
            DO $$ BEGIN
              IF (SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls FROM pg_roles WHERE rolname = 'mantis')
              THEN RAISE EXCEPTION 'mantis has a privilege it must not have'; END IF;
              IF (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'mantis') <> 'mantis'
              THEN RAISE EXCEPTION 'mantis does not own its database'; END IF;
            END $$
            """)
        var url = URLComponents(string: PostgresAdmin.databaseURL(admin, name: "mantis"))!
        url.user = "mantis"
        let mantisURL = url.string!
        // The role cannot make another database.
        #expect(throws: PostgresAdminError.self) { try PostgresAdmin.psql(mantisURL, "CREATE DATABASE not_mantis") }

        let app = try await Application.make(.testing)
        do {
            let config = try AppConfig(
                environment: ["DATABASE_URL": mantisURL, "BCRYPT_COST": "4", "FETCH_ALLOW_PRIVATE": "true", "DATABASE_POOL_SIZE": "2"],
                isProduction: false)
            try await configure(app, config: config)
            try await app.autoMigrate()
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let client = APIClient(baseURL: "http://127.0.0.1:\(app.http.server.shared.localAddress!.port!)")
            let registered = try await client.post("/auth/register", ["email": TestApp.uniqueEmail("role"), "password": "correct horse battery"])
            #expect(registered.status == .created, "\(registered.text)")
            #expect(try await client.get("/health/ready").status == .ok)
            try await app.autoRevert()
        } catch {
            await app.server.shutdown()
            try? await app.asyncShutdown()
            throw error
        }
        await app.server.shutdown()
        try await app.asyncShutdown()
    }
}

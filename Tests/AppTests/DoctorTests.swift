@testable import App
import Foundation
import SMTPTestServer
import Testing

/// `mantis doctor` against good and broken setups: a line per check, a fix for each failure, exit 0 / 1.
@Suite("mantis doctor", .timeLimit(.minutes(3)))
struct DoctorTests {
    static let strongKey = "0f8c2b7e9d4a6c1e3b5f7a9d2c4e6b8a1d3f5e7c9b2a4d6f"

    /// A migrated SQLite file in a fresh folder, and the environment pointing at it.
    static func migratedSetup(_ extra: [String: String] = [:]) async throws -> (environment: [String: String], folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mantis-doctor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var environment = ["MANTIS_DB_PATH": folder.appendingPathComponent("m.sqlite").path, "JWT_SECRET_KEY": strongKey]
        environment.merge(extra) { _, new in new }
        let migrated = try await CommandRunner.run(["migrate", "--yes"], environment: environment)
        #expect(migrated.status == 0, "\(migrated.output)")
        return (environment, folder)
    }

    @Test("A good setup: every check ok or a warning, exit 0")
    func goodSetup() async throws {
        let (environment, folder) = try await Self.migratedSetup()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await CommandRunner.run(["doctor"], environment: environment)
        #expect(result.status == 0, "\(result.output)")
        for check in ["database", "migrations", "scheduler", "outbox", "clock", "JWT key", "CORS_ALLOW_ORIGINS", "disk"] {
            #expect(result.output.contains("ok    \(check):"), "\(check) in \(result.output)")
        }
        // No SMTP in web mode: said, not failed.
        #expect(result.output.contains("warn  mail:"))
        #expect(result.output.contains("All checks passed."))
        #expect(!result.output.contains("FAIL"))
    }

    @Test("Pending migrations, a weak JWT key and CORS without FRONTEND_URL each fail with their fix, exit 1")
    func brokenSetups() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mantis-doctor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let unmigrated = try await CommandRunner.run(
            ["doctor"], environment: ["MANTIS_DB_PATH": folder.appendingPathComponent("new.sqlite").path, "JWT_SECRET_KEY": Self.strongKey])
        #expect(unmigrated.status == 1)
        #expect(unmigrated.output.contains("FAIL  migrations: \(Migrations.all.count) pending"))
        #expect(unmigrated.output.contains("fix: run `mantis migrate --yes`"))

        let (environment, setupFolder) = try await Self.migratedSetup()
        defer { try? FileManager.default.removeItem(at: setupFolder) }
        var weak = environment
        weak["JWT_SECRET_KEY"] = String(repeating: "ab", count: 20)
        let weakKey = try await CommandRunner.run(["doctor"], environment: weak)
        #expect(weakKey.status == 1)
        #expect(weakKey.output.contains("FAIL  JWT key:"))
        #expect(weakKey.output.contains("openssl rand -hex 32"))

        var cors = environment
        cors["FRONTEND_URL"] = "https://mantis.example.com"
        cors["CORS_ALLOW_ORIGINS"] = "https://other.example.com"
        let corsResult = try await CommandRunner.run(["doctor"], environment: cors)
        #expect(corsResult.status == 1)
        #expect(corsResult.output.contains("FAIL  CORS_ALLOW_ORIGINS:"))
        #expect(corsResult.output.contains("add https://mantis.example.com to CORS_ALLOW_ORIGINS"))
    }

    @Test("SMTP is checked without sending: a real server passes and receives nothing, a closed port fails with the fix")
    func smtpCheck() async throws {
        try await withTestSMTPServer([]) { server in
            let (environment, folder) = try await Self.migratedSetup()
            defer { try? FileManager.default.removeItem(at: folder) }
            var good = environment
            good.merge(["SMTP_HOST": "127.0.0.1", "SMTP_PORT": "\(server.port)", "SMTP_USE_TLS": "false"]) { _, new in new }
            let passed = try await CommandRunner.run(["doctor"], environment: good)
            #expect(passed.status == 0, "\(passed.output)")
            #expect(passed.output.contains("ok    mail: SMTP 127.0.0.1:\(server.port) accepts us"))
            #expect(server.messages().isEmpty)

            var closed = environment
            closed.merge(["SMTP_HOST": "127.0.0.1", "SMTP_PORT": "\(try FreePort.find())", "SMTP_USE_TLS": "false"]) { _, new in new }
            let failed = try await CommandRunner.run(["doctor"], environment: closed)
            #expect(failed.status == 1)
            #expect(failed.output.contains("FAIL  mail: SMTP 127.0.0.1:"))
            #expect(failed.output.contains("fix: check SMTP_HOST"))
        }
    }

    @Test("An unreachable PostgreSQL fails the database check with its fix")
    func unreachableDatabase() async throws {
        let port = try FreePort.find()
        let result = try await CommandRunner.run(
            ["doctor"], environment: ["DATABASE_URL": "postgres://nobody@127.0.0.1:\(port)/none", "JWT_SECRET_KEY": Self.strongKey])
        #expect(result.status == 1)
        #expect(result.output.contains("FAIL  database: PostgreSQL does not answer"))
        #expect(result.output.contains("pg_hba.conf"))
    }
}

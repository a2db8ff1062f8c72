@testable import App
import Foundation
import Testing

/// `mantis backup DIR` and `mantis restore FILE`: a populated database backed up (while the server has it
/// open), restored into a fresh one, and every table compared; BACKUP_KEEP retention; refusals.
@Suite("Backup and restore", .serialized, .timeLimit(.minutes(4)))
struct BackupTests {
    private func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mantis-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test("Names sort by time; retention keeps the newest BACKUP_KEEP and touches nothing else")
    func naming() {
        let date = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-30 … UTC
        let name = DatabaseBackup.fileName(at: date, for: .sqlite(path: "x"))
        #expect(name.wholeMatch(of: /mantis-\d{8}-\d{6}Z\.sqlite/) != nil)
        #expect(DatabaseBackup.fileName(at: date, for: .postgres(url: "postgres://h/d")).hasSuffix(".dump"))
        #expect(DatabaseBackup.fileName(at: date, for: .sqlite(path: "x")) < DatabaseBackup.fileName(at: date.addingTimeInterval(1), for: .sqlite(path: "x")))
        let names = ["mantis-20261201-000000Z.sqlite", "mantis-20261202-000000Z.sqlite", "mantis-20261130-000000Z.dump",
                     "notes.txt", "mantis-20261101-000000Z.sqlite.partial"]
        #expect(DatabaseBackup.expired(names, keep: 2) == ["mantis-20261130-000000Z.dump"])
        #expect(DatabaseBackup.expired(names, keep: 14).isEmpty)
    }

    @Test("The password reaches pg_dump through PGPASSWORD, never its arguments")
    func libpqEnvironment() throws {
        let variables = try PostgresTools.libpqEnvironment(for: "postgres://mantis:s%40cret@db.lan:5433/mantis?sslmode=require")
        #expect(variables == ["PGHOST": "db.lan", "PGPORT": "5433", "PGUSER": "mantis", "PGPASSWORD": "s@cret",
                              "PGDATABASE": "mantis", "PGSSLMODE": "require"])
    }

    @Test("SQLite: backed up while open, checked, restored into a fresh file: every table equal; old backups pruned")
    func sqliteRoundTrip() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("live.sqlite").path
        let backups = directory.appendingPathComponent("backups")
        try FileManager.default.createDirectory(at: backups, withIntermediateDirectories: true)
        // Three older backups and an unrelated file: with BACKUP_KEEP=2 the two oldest go, the file stays.
        for name in ["mantis-20200101-000000Z.sqlite", "mantis-20200102-000000Z.sqlite", "mantis-20200103-000000Z.sqlite", "keep-me.txt"] {
            _ = FileManager.default.createFile(atPath: backups.appendingPathComponent(name).path, contents: Data("old".utf8))
        }
        try await withFixtureStore { store in
            try await withApp(.sqlite, environment: ["MANTIS_DB_PATH": path]) { t in
                try await PopulatedData.fill(t, store: store)
                try await enableWriteAheadLog(t.app)
                // The server still has the file open (WAL mode, uncheckpointed pages) while the backup runs.
                let result = try await CommandRunner.run(
                    ["backup", backups.path], environment: ["MANTIS_DB_PATH": path, "BACKUP_KEEP": "2"])
                #expect(result.status == 0, "\(result.output)")
                #expect(result.output.contains("checked"))
                let left = try FileManager.default.contentsOfDirectory(atPath: backups.path).sorted()
                #expect(left.count == 3, "\(left)")
                #expect(left.contains("keep-me.txt"))
                #expect(left.contains("mantis-20200103-000000Z.sqlite"))
                let file = try #require(left.first { $0.hasPrefix("mantis-2026") || $0.hasPrefix("mantis-2027") })
                let permissions = try FileManager.default.attributesOfItem(atPath: backups.appendingPathComponent(file).path)[.posixPermissions] as? Int
                #expect(permissions == 0o600)

                let fresh = directory.appendingPathComponent("fresh.sqlite").path
                let restored = try await CommandRunner.run(
                    ["restore", backups.appendingPathComponent(file).path], environment: ["MANTIS_DB_PATH": fresh])
                #expect(restored.status == 0, "\(restored.output)")
                #expect(restored.output.contains("3 product(s)"))
                let original = try await PopulatedData.sqliteTables(path)
                let copy = try await PopulatedData.sqliteTables(fresh)
                #expect(Set(original.keys) == Set(copy.keys))
                #expect(original["price_points"]?.count == 6)
                for (table, rows) in original { #expect(copy[table] == rows, "table \(table) differs") }

                // Restoring over a database with accounts needs --yes; without a terminal it is refused.
                let refused = try await CommandRunner.run(["restore", backups.appendingPathComponent(file).path], environment: ["MANTIS_DB_PATH": fresh])
                #expect(refused.status == 1)
                #expect(refused.output.contains("--yes"))
                let forced = try await CommandRunner.run(["restore", backups.appendingPathComponent(file).path, "--yes"], environment: ["MANTIS_DB_PATH": fresh])
                #expect(forced.status == 0, "\(forced.output)")
                // Not a backup: a clear refusal, the database untouched.
                let junk = backups.appendingPathComponent("keep-me.txt").path
                let bad = try await CommandRunner.run(["restore", junk, "--yes"], environment: ["MANTIS_DB_PATH": fresh])
                #expect(bad.status == 1)
                #expect(try await PopulatedData.sqliteTables(fresh) == copy)
            }
        }
    }

    @Test("PostgreSQL: pg_dump -Fc, checked with pg_restore --list, restored into a fresh database: every table equal",
          .enabled(if: TestDatabase.postgresAdminURL != nil))
    func postgresRoundTrip() async throws {
        let admin = try #require(TestDatabase.postgresAdminURL)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try await PostgresAdmin.createDatabase(adminURL: admin)
        let target = try await PostgresAdmin.createDatabase(adminURL: admin)
        do {
            try await withFixtureStore { store in
                try await withApp(.sqlite, environment: ["DATABASE_URL": source.url]) { t in
                    try await PopulatedData.fill(t, store: store)
                    let result = try await CommandRunner.run(["backup", directory.path], environment: ["DATABASE_URL": source.url])
                    #expect(result.status == 0, "\(result.output)")
                    let file = try #require(try FileManager.default.contentsOfDirectory(atPath: directory.path).first { $0.hasSuffix(".dump") })
                    let restored = try await CommandRunner.run(
                        ["restore", directory.appendingPathComponent(file).path], environment: ["DATABASE_URL": target.url])
                    #expect(restored.status == 0, "\(restored.output)")
                    let original = try await PopulatedData.postgresTables(source.url)
                    let copy = try await PopulatedData.postgresTables(target.url)
                    #expect(original["price_points"]?.count == 6)
                    #expect(original.keys.count >= 10)
                    #expect(Set(original.keys) == Set(copy.keys))
                    for (table, rows) in original { #expect(copy[table] == rows, "table \(table) differs") }
                    // The copy works: Mantis migrates nothing more and serves it.
                    let status = try await CommandRunner.run(["migrate", "--status"], environment: ["DATABASE_URL": target.url])
                    #expect(status.output.contains("Up to date"), "\(status.output)")
                }
            }
        } catch {
            await PostgresAdmin.dropDatabase(adminURL: admin, name: source.name)
            await PostgresAdmin.dropDatabase(adminURL: admin, name: target.name)
            throw error
        }
        await PostgresAdmin.dropDatabase(adminURL: admin, name: source.name)
        await PostgresAdmin.dropDatabase(adminURL: admin, name: target.name)
    }
}

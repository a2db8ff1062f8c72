import NIOPosix
import SQLKit
import Vapor

/// `mantis restore FILE [--yes]`: replaces the configured database's contents with a backup's. Stop the server
/// first; on a database that holds accounts it asks (or needs `--yes`).
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "A backup written by `mantis backup` (.dump for PostgreSQL, .sqlite for SQLite).")
        var file: String
    }

    var help: String { "Restore a backup from `mantis backup` into the configured database (stop the server first)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let config = app.mantis.config
        let users = (try? await app.db.sql.raw("SELECT COUNT(*) AS n FROM users").first()?.decode(column: "n", as: Int.self)) ?? 0
        if users > 0 {
            context.console.warning("The configured database holds \(users) account(s); restoring replaces everything in it.")
            guard context.console.confirmOrRefuse("Replace it with \(signature.file)?") else {
                throw CommandFailure(description: "Restore cancelled; nothing was changed.")
            }
        }
        let backup = DatabaseBackup(
            database: config.database, tools: PostgresTools(binDirectory: config.postgresBinDirectory), keep: config.backupKeep)
        let file = signature.file
        do {
            try await NIOThreadPool.singleton.runIfActive { try backup.restore(from: file) }
        } catch {
            throw CommandFailure(description: "Restore failed: \(error)")
        }
        let restored = (try? await app.db.sql.raw("SELECT COUNT(*) AS n FROM products").first()?.decode(column: "n", as: Int.self)) ?? 0
        context.console.print("Restored \(file): \(restored) product(s). Run `mantis migrate --status` if the backup is from an older version.")
    }
}

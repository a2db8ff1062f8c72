import NIOPosix
import Fluent
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
        let users = await rowCount("users", on: app.db)
        if users > 0 {
            context.console.warning("The configured database holds \(users) account(s); restoring replaces everything in it.")
            guard context.console.confirmOrRefuse("Replace it with \(signature.file)?") else {
                throw CommandFailure(description: "Restore cancelled; nothing was changed.")
            }
        }
        let backup = DatabaseBackup(config: config)
        let file = signature.file
        do {
            try await NIOThreadPool.singleton.runIfActive { try backup.restore(from: file) }
        } catch {
            throw CommandFailure(description: "Restore failed: \(error)")
        }
        let restored = await rowCount("products", on: app.db)
        context.console.print("Restored \(file): \(restored) product(s). Run `mantis migrate --status` if the backup is from an older version.")
    }

    /// Rows in `table` (a name of ours, never input); 0 when there is no such table yet.
    private func rowCount(_ table: String, on database: any Database) async -> Int {
        (try? await database.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self)) ?? 0
    }
}

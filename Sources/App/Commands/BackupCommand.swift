import NIOPosix
import Vapor

/// `mantis backup DIR`: a checked backup of the configured database into DIR, keeping the last `BACKUP_KEEP`.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "directory", help: "Where backups go; created if missing (0700).")
        var directory: String
    }

    var help: String { "Back up the database (pg_dump -Fc, or SQLite's online backup) into DIR, keeping the last BACKUP_KEEP" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let config = context.application.mantis.config
        let backup = DatabaseBackup(config: config)
        let directory = signature.directory
        do {
            let written = try await NIOThreadPool.singleton.runIfActive { try backup.write(into: directory) }
            context.console.print("Backed up to \(written.path) (\(written.bytes) bytes, checked).")
            for name in written.removed { context.console.print("  removed \(name) (BACKUP_KEEP=\(config.backupKeep))") }
        } catch {
            throw CommandFailure(description: "Backup failed: \(error)")
        }
    }
}

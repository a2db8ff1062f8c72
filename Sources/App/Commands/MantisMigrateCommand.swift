import Fluent
import Vapor

/// `mantis migrate [--status] [--revert] [--yes]`: Fluent's own command (prepare the pending migrations, or
/// revert the last batch, after asking), plus `--status`: every migration, applied (with its batch and
/// time) or pending — what `alembic current` / `alembic history` told the seed stack's operators.
struct MantisMigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "status", help: "List applied and pending migrations; changes nothing.")
        var status: Bool
        @Flag(name: "revert", help: "Revert the last batch of migrations.")
        var revert: Bool
    }

    var help: String { "Prepare or revert the database migrations, or show their status (--status)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let migrator = context.application.migrator
        if signature.status { return try await status(context) }
        try await migrator.setupIfNeeded().get()
        let migrations = try await (signature.revert ? migrator.previewRevertLastBatch() : migrator.previewPrepareBatch()).get()
        guard !migrations.isEmpty else {
            return context.console.print(signature.revert ? "No migrations to revert." : "No new migrations.")
        }
        context.console.print("The following migration(s) will be \(signature.revert ? "reverted" : "prepared"):")
        for (migration, _) in migrations { context.console.print("\(signature.revert ? "-" : "+") \(migration.name)") }
        guard context.console.confirm("Would you like to continue?".consoleText(.warning)) else {
            return context.console.warning("Migration cancelled")
        }
        try await (signature.revert ? migrator.revertLastBatch() : migrator.prepareBatch()).get()
        context.console.print("Migration successful")
    }

    /// One line per migration in order: `applied  <batch>  <time>  <name>` or `pending  <name>`.
    private func status(_ context: CommandContext) async throws {
        let database = context.application.db
        // Without Fluent's log table nothing was ever migrated; reading it must not create it.
        let log = (try? await MigrationLog.query(on: database).all()) ?? []
        let applied = Dictionary(log.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var pending = 0
        for migration in Migrations.all {
            if let entry = applied[migration.name] {
                let time = entry.createdAt.map { ISO8601DateFormatter().string(from: $0) } ?? "-"
                context.console.print("applied  batch \(entry.batch)  \(time)  \(migration.name)")
            } else {
                pending += 1
                context.console.print("pending  \(migration.name)")
            }
        }
        context.console.print(
            pending == 0 ? "Up to date: \(applied.count) migration(s) applied."
                : "\(pending) pending: run `mantis migrate --yes` before starting this version.")
    }
}

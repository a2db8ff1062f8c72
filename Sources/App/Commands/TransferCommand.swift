import Fluent
import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import MantisCore
import SQLKit
import Vapor

/// `mantis transfer [--from DB] [--to DB] [--user EMAIL]`: copies a Mantis database into another
/// (`sqlite:PATH` ↔ `postgres://…`), see DatabaseTransfer. Either side defaults to the configured database.
/// The target is migrated first; the source must be current already (it is only read).
struct TransferCommand: AnyAsyncCommand {
    var help: String {
        """
        Copy a Mantis database into another, SQLite ↔ PostgreSQL, keeping ids; a second run changes nothing.
        Usage: mantis transfer --from sqlite:PATH|postgres://… --to sqlite:PATH|postgres://… [--user EMAIL]
        --from, --to   default to the configured database (DATABASE_URL, or MANTIS_DB_PATH); leave the password out
                       of a postgres:// URL and set PGPASSWORD instead (a command line is visible to every local user)
        --user EMAIL   copy only the one local-mode user's products, history and check log, to this existing account
        """
    }

    enum Endpoint: Equatable {
        case sqlite(String)
        case postgres(String)

        /// `sqlite:PATH` (or `sqlite://PATH`) or a postgres:// URL; a URL without a password takes `PGPASSWORD`.
        init(_ text: String, environment: [String: String]) throws {
            let lower = text.lowercased()
            if lower.hasPrefix("sqlite:") {
                var path = String(text.dropFirst("sqlite:".count))
                if path.hasPrefix("//") { path.removeFirst(2) }
                guard !path.isEmpty, path != ":memory:" else { throw CommandFailure(description: "sqlite: needs a file path, like sqlite:./mantis.sqlite") }
                self = .sqlite(path)
            } else if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
                guard var components = URLComponents(string: text), components.host != nil else {
                    throw CommandFailure(description: "\(Self.redacted(text)) is not a postgres:// URL with a host")
                }
                if components.password == nil, let password = environment["PGPASSWORD"], !password.isEmpty {
                    components.password = password
                }
                self = .postgres(components.string ?? text)
            } else {
                throw CommandFailure(description: "expected sqlite:PATH or postgres://…, got \(Self.redacted(text))")
            }
        }

        init(_ database: AppConfig.Database) {
            switch database {
            case .sqlite(let path): self = .sqlite(path)
            case .postgres(let url): self = .postgres(url)
            }
        }

        /// For messages: never the password.
        var display: String {
            switch self {
            case .sqlite(let path): "sqlite:\(path)"
            case .postgres(let url): Self.redacted(url)
            }
        }

        static func redacted(_ url: String) -> String {
            guard var components = URLComponents(string: url), components.password != nil else { return url }
            components.password = "***"
            return components.string ?? "postgres://…"
        }
    }

    func run(using context: inout CommandContext) async throws {
        let app = context.application
        let environment = ProcessInfo.processInfo.environment
        let arguments = try CommandArguments(context.input.arguments, flags: [], options: ["from", "to", "user"])
        guard arguments.positionals.isEmpty else { throw CommandFailure(description: "Unexpected argument \(arguments.positionals[0]); see `mantis transfer --help`.") }
        for name in ["from", "to"] {
            if let text = arguments.options[name], URLComponents(string: text)?.password != nil {
                context.console.warning("The --\(name) URL holds a password, which every local user can read on a command line; set PGPASSWORD instead.")
            }
        }
        let configured = Endpoint(app.mantis.config.database)
        let from = try arguments.options["from"].map { try Endpoint($0, environment: environment) } ?? configured
        let to = try arguments.options["to"].map { try Endpoint($0, environment: environment) } ?? configured
        guard from != to else { throw CommandFailure(description: "--from and --to are the same database (\(from.display)).") }
        if case .sqlite(let path) = from, !FileManager.default.fileExists(atPath: path) {
            throw CommandFailure(description: "No SQLite database at \(path).")
        }

        let sourceID = DatabaseID(string: "transfer-source"), targetID = DatabaseID(string: "transfer-target")
        app.databases.use(try factory(for: from), as: sourceID, isDefault: false)
        app.databases.use(try factory(for: to), as: targetID, isDefault: false)
        let source = app.db(sourceID), target = app.db(targetID)

        do {
            try await checkCurrent(source: sourceID, app: app)
            try await migrate(targetID, app: app, console: context.console)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(description: "Could not open the databases: \(String(reflecting: error))")
        }

        var reassignment: DatabaseTransfer.Reassignment?
        if let email = arguments.options["user"] { reassignment = try await reassign(to: email, source: source, target: target) }
        context.console.print("Copying \(from.display) → \(to.display)\(reassignment == nil ? "" : " (products of the local user only)")")
        let console = context.console
        do {
            let result = try await DatabaseTransfer(source: source.sql, target: target).run(reassigning: reassignment) { [console] report in
                var line = "  \(report.table): \(report.inSource) in source, \(report.copied) copied, \(report.alreadyThere) already there"
                if report.skipped > 0 { line += ", \(report.skipped) skipped (the account already tracks that URL)" }
                console.print(line)
            }
            let copied = result.tables.reduce(0) { $0 + $1.copied }
            context.console.print("Verified: every source row is in the target\(result.priceChecksum.isEmpty ? "" : "; price checksum \(result.priceChecksum.prefix(16)) matches").")
            context.console.print(copied == 0 ? "Nothing to copy: the target already holds all of it." : "Copied \(copied) row(s).")
        } catch let mismatch as DatabaseTransfer.Mismatch {
            throw CommandFailure(description: "Transfer rolled back, the target is unchanged: \(mismatch)")
        } catch {
            throw CommandFailure(description: "Transfer rolled back, the target is unchanged: \(String(reflecting: error))")
        }
    }

    private func factory(for endpoint: Endpoint) throws -> DatabaseConfigurationFactory {
        switch endpoint {
        case .sqlite(let path): .sqlite(.file(path))
        case .postgres(let url): .postgres(configuration: try SQLPostgresConfiguration(url: url))
        }
    }

    private func migrator(for id: DatabaseID, app: Application) -> Migrator {
        let migrations = FluentKit.Migrations()
        migrations.add(Migrations.all, to: id)
        return Migrator(databases: app.databases, migrations: migrations, logger: app.logger, on: app.eventLoopGroup.any(), migrationLogLevel: .debug)
    }

    /// The source is read as it is, so it must have every migration this version has.
    private func checkCurrent(source id: DatabaseID, app: Application) async throws {
        let pending: [String]
        do {
            pending = try await migrator(for: id, app: app).previewPrepareBatch().get().map { $0.0.name }
        } catch {
            throw CommandFailure(description: "The source is not a Mantis database (no migration log): \(error)")
        }
        guard pending.isEmpty else {
            throw CommandFailure(description: "The source has \(pending.count) pending migration(s) (\(pending.joined(separator: ", "))): run `mantis migrate --yes` on it with this version first.")
        }
    }

    private func migrate(_ id: DatabaseID, app: Application, console: any Console) async throws {
        let migrator = migrator(for: id, app: app)
        try await migrator.setupIfNeeded().get()
        let pending = try await migrator.previewPrepareBatch().get()
        guard !pending.isEmpty else { return }
        try await migrator.prepareBatch().get()
        console.print("Migrated the target: \(pending.count) migration(s).")
    }

    /// `--user EMAIL`: the source must hold one user (local mode's), and the target the account. A missing
    /// account is refused rather than created: an account made here would have no password its owner chose and
    /// an address nobody proved; registering first gives both.
    private func reassign(to email: String, source: any Database, target: any Database) async throws -> DatabaseTransfer.Reassignment {
        let targetID = try await CommandUser.account(email, on: target) {
            "No account \($0) on the target: register it there (and verify the address), then run transfer again."
        }.requireID()
        let users = try await User.query(on: source).all()
        let local = users.first { $0.email == LocalUser.email } ?? (users.count == 1 ? users[0] : nil)
        guard let sourceUser = local, let sourceID = sourceUser.id else {
            throw CommandFailure(description: "--user needs a local-mode source (one user); this one has \(users.count) accounts. Leave --user out to copy them all.")
        }
        return .init(sourceUserID: sourceID, targetUserID: targetID)
    }
}

import Fluent
import MantisCore
import Vapor

/// The account `mantis export` and `mantis import` act for: `--user EMAIL`, or in local mode, without it, the
/// built-in local user. A web install has many accounts, so there it must be named, and must exist: a command
/// never creates an account nobody can sign in to.
enum CommandUser {
    static func resolve(_ email: String?, on app: Application) async throws -> User {
        guard let email else {
            guard app.mantis.config.mode == .local else {
                throw CommandFailure(description: "Name the account with --user EMAIL (MANTIS_MODE=web has many accounts).")
            }
            return try await app.mantis.localUser.get(on: app.db)
        }
        return try await account(email, on: app.db) {
            "No account with the email \($0) here: sign up (and verify) first. Nothing was changed."
        }
    }

    /// The existing account `--user EMAIL` names on `database` (normalised as sign-up does); `missing` words the
    /// refusal for the address when there is none.
    static func account(_ email: String, on database: any Database, missing: (String) -> String) async throws -> User {
        guard let address = try? EmailAddress(email) else {
            throw CommandFailure(description: "--user \(email) is not an email address.")
        }
        guard let user = try await User.query(on: database).filter(\.$email == address.value).first() else {
            throw CommandFailure(description: missing(address.value))
        }
        return user
    }

    /// The database must answer and be at this version's schema: an older one lacks columns the file has.
    static func requireMigrated(_ app: Application) async throws {
        guard let pending = await Migrations.pending(on: app) else {
            throw CommandFailure(description: "The database does not answer (DATABASE_URL or MANTIS_DB_PATH).")
        }
        guard pending.isEmpty else {
            throw CommandFailure(description: "\(pending.count) migration(s) are pending: run `mantis migrate --yes` first.")
        }
    }
}

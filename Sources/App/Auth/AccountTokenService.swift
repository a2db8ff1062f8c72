import Fluent
import MantisCore
import SQLKit
import Vapor

/// One-time emailed tokens. Only the SHA-256 is stored; consuming marks the row used in one conditional
/// UPDATE, so a token works once even when two requests race with it. Issuing a token ends the older unused
/// ones of the same purpose, so only the newest link in the mailbox works.
struct AccountTokenService {
    let database: any Database
    let dependencies: AppDependencies

    init(database: any Database, dependencies: AppDependencies = .live) {
        self.database = database
        self.dependencies = dependencies
    }

    func issue(for user: User, purpose: AccountToken.Purpose) async throws -> String {
        let now = dependencies.now()
        try await revokeUnused(userID: user.requireID(), purpose: purpose, at: now)
        let token = dependencies.randomToken()
        let row = AccountToken(
            userID: try user.requireID(), purpose: purpose, tokenHash: SecureToken.digest(token),
            expiresAt: now.addingTimeInterval(purpose.lifetime))
        try await row.create(on: database)
        return token
    }

    /// Whether the token would be accepted now, without using it up: lets `reset-password` refuse a bad link
    /// before it spends a bcrypt hash.
    func isValid(_ token: String, purpose: AccountToken.Purpose) async throws -> Bool {
        guard Self.isPlausible(token) else { return false }
        return try await AccountToken.query(on: database)
            .filter(\.$tokenHash == SecureToken.digest(token))
            .filter(\.$purpose == purpose)
            .filter(\.$usedAt == nil)
            .filter(\.$expiresAt > dependencies.now())
            .first() != nil
    }

    func consume(_ token: String, purpose: AccountToken.Purpose) async throws -> User {
        guard Self.isPlausible(token) else { throw MantisError.invalidToken }
        let now = dependencies.now()
        let claimed = try await database.sql.update(AccountToken.schema)
            .set("used_at", to: now)
            .where("token_hash", .equal, SecureToken.digest(token))
            .where("purpose", .equal, purpose.rawValue)
            .where("used_at", .is, SQLLiteral.null)
            .where("expires_at", .greaterThan, now)
            .returning("user_id")
            .all()
        guard let row = claimed.first,
              let user = try await User.find(try row.decode(column: "user_id", as: UUID.self), on: database)
        else { throw MantisError.invalidToken }
        return user
    }

    /// Ends every unused token of this purpose for the user (a newer one replaces them, or the work is done).
    func revokeUnused(userID: UUID, purpose: AccountToken.Purpose, at now: Date) async throws {
        try await AccountToken.query(on: database)
            .filter(\.$user.$id == userID)
            .filter(\.$purpose == purpose)
            .filter(\.$usedAt == nil)
            .set(\.$usedAt, to: now)
            .update()
    }

    private static func isPlausible(_ token: String) -> Bool {
        !token.isEmpty && token.utf8.count <= 256
    }
}

import Fluent
import MantisCore
import SQLKit
import Vapor

/// One-time emailed tokens. Only the SHA-256 is stored; consuming marks the row used in one conditional
/// UPDATE, so a token works once even when two requests race with it.
struct AccountTokenService {
    let database: any Database

    func issue(for user: User, purpose: AccountToken.Purpose) async throws -> String {
        let token = SecureToken.generate()
        let row = AccountToken(
            userID: try user.requireID(), purpose: purpose, tokenHash: SecureToken.digest(token),
            expiresAt: Date().addingTimeInterval(purpose.lifetime))
        try await row.create(on: database)
        return token
    }

    func consume(_ token: String, purpose: AccountToken.Purpose) async throws -> User {
        guard !token.isEmpty, token.utf8.count <= 256 else { throw MantisError.invalidToken }
        let now = Date()
        let claimed = try await (database as! any SQLDatabase).update(AccountToken.schema)
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

    /// Ends every unused token of this purpose for the user (a newer one replaces them).
    func revokeUnused(userID: UUID, purpose: AccountToken.Purpose, at now: Date) async throws {
        try await AccountToken.query(on: database)
            .filter(\.$user.$id == userID)
            .filter(\.$purpose == purpose)
            .filter(\.$usedAt == nil)
            .set(\.$usedAt, to: now)
            .update()
    }
}

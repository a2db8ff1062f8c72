import Fluent
import Foundation

/// The session check behind every signed-in request: one lookup by the session's primary key that brings
/// the columns of its user along, read by position (`DriverRows`) rather than through a Fluent model.
struct SessionLookup {
    struct Found {
        let revoked: Bool
        let expiresAt: Date
        let user: User
        /// The user's `products_version`: a cached product list of this version is current.
        let productsVersion: Int64
    }

    enum Statement: PreparedSQLText {
        static let name = "mantis_session_lookup"
        static let sql = """
            SELECT s.revoked_at, s.expires_at, u.id, u.email, u.password_hash, u.is_verified, u.alerts_enabled, \
            u.created_at, u.updated_at, u.verification_resent_at, u.products_version \
            FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1
            """
    }

    let database: any Database
    var direct: SQLiteDirectReader?

    func session(_ id: UUID) async throws -> Found? {
        guard let row = try await DriverRows.query(Statement.self, [.uuid(id)], on: database, direct: direct).first,
              let expiresAt = try row.date(1)
        else { return nil }
        let user = User(id: try row.uuid(2), email: try row.requiredText(3), passwordHash: try row.requiredText(4),
                        isVerified: try row.bool(5))
        user.alertsEnabled = try row.bool(6)
        user.createdAt = try row.date(7)
        user.updatedAt = try row.date(8)
        user.verificationResentAt = try row.date(9)
        // The row exists: a later `save` updates it rather than inserting.
        user.$id.exists = true
        return Found(revoked: !row.isNull(0), expiresAt: expiresAt, user: user, productsVersion: try row.int64(10))
    }
}

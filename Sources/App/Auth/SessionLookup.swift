import Fluent
import Foundation
import Vapor

/// The session check behind every signed-in request: one lookup by the session's primary key that brings
/// the columns of its user along, read by position (`DriverRows`) rather than through a Fluent model.
enum SessionLookup {
    struct Found {
        let revoked: Bool
        let expiresAt: Date
        let user: User
        /// The user's `products_version`: a cached product list of this version is current.
        let productsVersion: Int64
    }

    /// The row as read; shared by the requests of one coalesced read, so each builds its own `User` from it.
    struct Row: Sendable {
        let revoked: Bool
        let expiresAt: Date
        let userID: UUID
        let email: String
        let passwordHash: String
        let isVerified: Bool
        let alertsEnabled: Bool
        let createdAt: Date?
        let updatedAt: Date?
        let verificationResentAt: Date?
        let productsVersion: Int64

        var found: Found {
            let user = User(id: userID, email: email, passwordHash: passwordHash, isVerified: isVerified)
            user.alertsEnabled = alertsEnabled
            user.createdAt = createdAt
            user.updatedAt = updatedAt
            user.verificationResentAt = verificationResentAt
            // The row exists: a later `save` updates it rather than inserting.
            user.$id.exists = true
            return Found(revoked: revoked, expiresAt: expiresAt, user: user, productsVersion: productsVersion)
        }
    }

    enum Statement: PreparedSQLText {
        static let name = "mantis_session_lookup"
        static let sql = """
            SELECT s.revoked_at, s.expires_at, u.id, u.email, u.password_hash, u.is_verified, u.alerts_enabled, \
            u.created_at, u.updated_at, u.verification_resent_at, u.products_version \
            FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1
            """
    }

    /// On a SQLite file the row is read on this thread; elsewhere (PostgreSQL, SQLite in memory) through
    /// `sessionReads`, so requests of one session that arrive together share a read.
    static func session(_ id: UUID, for request: Request) async throws -> Found? {
        let services = request.application.mantis
        if let direct = services.sqliteReader {
            return try await row(id, on: request.db, direct: direct)?.found
        }
        return try await services.sessionReads.value(for: id, on: request.eventLoop).get()?.found
    }

    static func row(_ id: UUID, on database: any Database, direct: SQLiteDirectReader?) async throws -> Row? {
        guard let row = try await DriverRows.query(Statement.self, [.uuid(id)], on: database, direct: direct).first,
              let expiresAt = try row.date(1)
        else { return nil }
        return Row(
            revoked: !row.isNull(0), expiresAt: expiresAt, userID: try row.uuid(2), email: try row.requiredText(3),
            passwordHash: try row.requiredText(4), isVerified: try row.bool(5), alertsEnabled: try row.bool(6),
            createdAt: try row.date(7), updatedAt: try row.date(8), verificationResentAt: try row.date(9),
            productsVersion: try row.int64(10))
    }

    /// The shared reads behind `session(_:for:)`, on the application's database.
    static func sharedReads(_ app: Application) -> CoalescedReads<UUID, Row?> {
        CoalescedReads { [weak app] id in
            guard let app else { throw Abort(.serviceUnavailable) }
            return try await row(id, on: app.db, direct: nil)
        }
    }
}

import Fluent
import JWT
import MantisCore
import SQLKit
import Vapor

/// Starts, rotates and ends sessions. A refresh token is `<session id>.<secret>`; only the SHA-256 of
/// the whole token is stored, and each use swaps it for a new one.
struct SessionService {
    let request: Request

    private var config: AppConfig { request.application.mantis.config }

    struct TokenPair {
        let accessToken: String
        let refreshToken: String
        let expiresIn: Int
        let sessionID: UUID
    }

    func start(for user: User) async throws -> TokenPair {
        let sessionID = UUID()
        let refreshToken = Self.makeRefreshToken(sessionID: sessionID)
        let now = Date()
        let session = UserSession(
            id: sessionID, userID: try user.requireID(), refreshTokenHash: SecureToken.digest(refreshToken), now: now,
            expiresAt: now.addingTimeInterval(config.refreshTokenLifetime),
            userAgent: request.headers.first(name: .userAgent).map { String($0.prefix(512)) },
            ip: request.clientIP)
        try await session.create(on: request.db)
        return try await pair(userID: user.requireID(), sessionID: sessionID, refreshToken: refreshToken, now: now)
    }

    /// Swaps a refresh token for a new pair. The swap is one conditional UPDATE, so of many concurrent
    /// refreshes with one token exactly one wins. A token that was already rotated out means it leaked:
    /// the whole session is revoked.
    func refresh(_ presented: String) async throws -> (TokenPair, User) {
        guard let sessionID = Self.sessionID(in: presented) else { throw MantisError.invalidRefreshToken }
        let presentedHash = SecureToken.digest(presented)
        let now = Date()
        let newToken = Self.makeRefreshToken(sessionID: sessionID)
        let sql = request.db as! any SQLDatabase
        let swapped = try await sql.update(UserSession.schema)
            .set("refresh_token_hash", to: SecureToken.digest(newToken))
            .set("last_used_at", to: now)
            .set("expires_at", to: now.addingTimeInterval(config.refreshTokenLifetime))
            .where("id", .equal, sessionID)
            .where("refresh_token_hash", .equal, presentedHash)
            .where("revoked_at", .is, SQLLiteral.null)
            .where("expires_at", .greaterThan, now)
            .returning("user_id")
            .all()
        guard let row = swapped.first else {
            try await handleFailedRefresh(sessionID: sessionID, presentedHash: presentedHash, now: now)
        }
        try await RotatedRefreshToken(sessionID: sessionID, tokenHash: presentedHash, rotatedAt: now).create(on: request.db)
        let userID = try row.decode(column: "user_id", as: UUID.self)
        guard let user = try await User.find(userID, on: request.db) else { throw MantisError.invalidRefreshToken }
        return (try await pair(userID: userID, sessionID: sessionID, refreshToken: newToken, now: now), user)
    }

    private func handleFailedRefresh(sessionID: UUID, presentedHash: String, now: Date) async throws -> Never {
        let reused = try await RotatedRefreshToken.query(on: request.db)
            .filter(\.$session.$id == sessionID)
            .filter(\.$tokenHash == presentedHash)
            .first()
        if reused != nil {
            try await revoke(sessionIDs: [sessionID], at: now)
            request.logger.warning("Rotated refresh token presented again; session revoked", metadata: ["session_id": "\(sessionID)"])
            throw MantisError.refreshTokenReused
        }
        throw MantisError.invalidRefreshToken
    }

    /// Ends the session a refresh token belongs to, if the token is its current one.
    func end(refreshToken: String) async throws {
        guard let sessionID = Self.sessionID(in: refreshToken),
              let session = try await UserSession.find(sessionID, on: request.db),
              SecureToken.constantTimeEquals(session.refreshTokenHash, SecureToken.digest(refreshToken))
        else { throw MantisError.invalidRefreshToken }
        try await revoke(sessionIDs: [sessionID], at: Date())
    }

    func revoke(sessionIDs: [UUID], at now: Date) async throws {
        guard !sessionIDs.isEmpty else { return }
        try await UserSession.query(on: request.db)
            .filter(\.$id ~~ sessionIDs)
            .filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: now)
            .update()
    }

    /// Ends every active session of a user, optionally keeping one (the one asking).
    func revokeAll(userID: UUID, except keep: UUID? = nil, on database: (any Database)? = nil) async throws {
        var query = UserSession.query(on: database ?? request.db)
            .filter(\.$user.$id == userID)
            .filter(\.$revokedAt == nil)
        if let keep { query = query.filter(\.$id != keep) }
        try await query.set(\.$revokedAt, to: Date()).update()
    }

    private func pair(userID: UUID, sessionID: UUID, refreshToken: String, now: Date) async throws -> TokenPair {
        let payload = AccessTokenPayload(
            subject: .init(value: userID.uuidString),
            sessionID: sessionID.uuidString,
            expiration: .init(value: now.addingTimeInterval(config.accessTokenLifetime)),
            issuedAt: .init(value: now),
            type: AccessTokenPayload.tokenType)
        let accessToken = try await request.jwt.sign(payload)
        return TokenPair(
            accessToken: accessToken, refreshToken: refreshToken, expiresIn: Int(config.accessTokenLifetime), sessionID: sessionID)
    }

    static func makeRefreshToken(sessionID: UUID) -> String {
        "\(sessionID.uuidString.lowercased()).\(SecureToken.generate())"
    }

    static func sessionID(in token: String) -> UUID? {
        guard token.utf8.count < 200, let dot = token.firstIndex(of: ".") else { return nil }
        return UUID(uuidString: String(token[..<dot]))
    }
}

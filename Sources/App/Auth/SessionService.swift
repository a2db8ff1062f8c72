import Fluent
import JWT
import MantisCore
import SQLKit
import Vapor

/// Starts, rotates and ends sessions. A refresh token is `<session id>.<secret>`; only the SHA-256 of
/// the whole token is stored, and each use swaps it for a new one.
struct SessionService {
    let request: Request

    private var services: MantisServices { request.application.mantis }
    private var config: AppConfig { services.config }

    struct TokenPair {
        let accessToken: String
        let refreshToken: String
        let expiresIn: Int
        let sessionID: UUID
    }

    func start(for user: User) async throws -> TokenPair {
        let sessionID = UUID()
        let refreshToken = makeRefreshToken(sessionID: sessionID)
        let now = services.now()
        let session = UserSession(
            id: sessionID, userID: try user.requireID(), refreshTokenHash: SecureToken.digest(refreshToken), now: now,
            expiresAt: expiry(now: now, startedAt: now),
            userAgent: request.headers.first(name: .userAgent).map { String($0.prefix(512)) },
            ip: request.clientAddress)
        try await session.create(on: request.db)
        return try await pair(userID: user.requireID(), sessionID: sessionID, refreshToken: refreshToken, now: now)
    }

    /// A refresh extends the session by the refresh lifetime, but never past `SESSION_MAX_DAYS` after sign-in.
    private func expiry(now: Date, startedAt: Date) -> Date {
        min(now.addingTimeInterval(config.refreshTokenLifetime), startedAt.addingTimeInterval(config.sessionMaxLifetime))
    }

    private enum RefreshOutcome: Sendable {
        case rotated(userID: UUID)
        case reused
        case invalid
    }

    /// Swaps a refresh token for a new pair, in one transaction: the conditional UPDATE lets exactly one of
    /// many concurrent refreshes win, and a loser decides only after the winner has committed (PostgreSQL makes
    /// its UPDATE wait on the row; SQLite runs the transactions one at a time), so it always sees the token as
    /// rotated and revokes the session. A token that was already rotated out means it leaked.
    func refresh(_ presented: String) async throws -> (TokenPair, User) {
        guard let sessionID = Self.sessionID(in: presented) else { throw MantisError.invalidRefreshToken }
        let presentedHash = SecureToken.digest(presented)
        let now = services.now()
        let newToken = makeRefreshToken(sessionID: sessionID)
        let logger = request.logger
        let outcome: RefreshOutcome = try await services.transaction(on: request.db) { database in
            let sql = database.sql
            let swapped = try await sql.update(UserSession.schema)
                .set("refresh_token_hash", to: SecureToken.digest(newToken))
                .set("last_used_at", to: now)
                .where("id", .equal, sessionID)
                .where("refresh_token_hash", .equal, presentedHash)
                .where("revoked_at", .is, SQLLiteral.null)
                .where("expires_at", .greaterThan, now)
                .returning("user_id", "created_at")
                .all()
            if let row = swapped.first {
                let startedAt = try row.decode(column: "created_at", as: Date?.self) ?? now
                try await sql.update(UserSession.schema)
                    .set("expires_at", to: self.expiry(now: now, startedAt: startedAt))
                    .where("id", .equal, sessionID)
                    .run()
                try await RotatedRefreshToken(sessionID: sessionID, tokenHash: presentedHash, rotatedAt: now).create(on: database)
                return .rotated(userID: try row.decode(column: "user_id", as: UUID.self))
            }
            let reused = try await RotatedRefreshToken.query(on: database)
                .filter(\.$session.$id == sessionID)
                .filter(\.$tokenHash == presentedHash)
                .first()
            guard reused != nil else { return .invalid }
            try await self.revoke(sessionIDs: [sessionID], at: now, on: database)
            logger.warning("Rotated refresh token presented again; session revoked", metadata: ["session_id": "\(sessionID)"])
            return .reused
        }
        switch outcome {
        case .invalid: throw MantisError.invalidRefreshToken
        case .reused: throw MantisError.refreshTokenReused
        case .rotated(let userID):
            guard let user = try await User.find(userID, on: request.db) else { throw MantisError.invalidRefreshToken }
            return (try await pair(userID: userID, sessionID: sessionID, refreshToken: newToken, now: now), user)
        }
    }

    /// Ends the session a refresh token belongs to, if the token is its current one.
    func end(refreshToken: String) async throws {
        guard let sessionID = Self.sessionID(in: refreshToken),
              let session = try await UserSession.find(sessionID, on: request.db),
              SecureToken.constantTimeEquals(session.refreshTokenHash, SecureToken.digest(refreshToken))
        else { throw MantisError.invalidRefreshToken }
        try await revoke(sessionIDs: [sessionID], at: services.now())
    }

    func revoke(sessionIDs: [UUID], at now: Date, on database: (any Database)? = nil) async throws {
        guard !sessionIDs.isEmpty else { return }
        try await UserSession.query(on: database ?? request.db)
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
        try await query.set(\.$revokedAt, to: services.now()).update()
    }

    private func pair(userID: UUID, sessionID: UUID, refreshToken: String, now: Date) async throws -> TokenPair {
        let payload = AccessTokenPayload(
            issuer: config.jwtIssuer, audience: config.jwtAudience, userID: userID, sessionID: sessionID, now: now,
            lifetime: config.accessTokenLifetime, id: UUID().uuidString.lowercased())
        let accessToken = try await request.jwt.sign(payload)
        return TokenPair(
            accessToken: accessToken, refreshToken: refreshToken, expiresIn: Int(config.accessTokenLifetime), sessionID: sessionID)
    }

    private func makeRefreshToken(sessionID: UUID) -> String {
        "\(sessionID.uuidString.lowercased()).\(services.dependencies.randomToken())"
    }

    static func sessionID(in token: String) -> UUID? {
        guard token.utf8.count < 200, let dot = token.firstIndex(of: ".") else { return nil }
        return UUID(uuidString: String(token[..<dot]))
    }
}

import Fluent
import FluentSQL
import JWT
import SQLKit
import Vapor

/// Requires a valid access token whose session is still active. In local mode every request acts as the
/// built-in local user instead. With `requireVerified`, unverified accounts get 403 `email_not_verified`.
struct UserAuthenticator: AsyncMiddleware {
    var requireVerified: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.application.mantis.config.mode == .local {
            let user = try await request.application.mantis.localUser.get(on: request.db)
            request.auth.login(AuthenticatedUser(user: user, sessionID: nil))
            return try await next.respond(to: request)
        }
        guard let token = request.headers.bearerAuthorization?.token else {
            throw MantisError.unauthorized(code: "missing_token", reason: "Sign in first: send an Authorization: Bearer access token.")
        }
        let payload: AccessTokenPayload
        let services = request.application.mantis
        let now = services.now()
        do {
            payload = try await request.jwt.verify(token, as: AccessTokenPayload.self)
            try payload.validate(
                now: now, issuer: services.config.jwtIssuer, audience: services.config.jwtAudience,
                lifetime: services.config.accessTokenLifetime)
        } catch {
            throw MantisError.unauthorized(code: "invalid_token", reason: "The access token is invalid or expired.")
        }
        // One indexed lookup (the session's primary key) that brings the user along.
        guard let sessionID = UUID(uuidString: payload.sessionID),
              let row = try await request.sql.raw("""
                  SELECT s.revoked_at, s.expires_at, u.* FROM sessions s JOIN users u ON u.id = s.user_id \
                  WHERE s.id = \(bind: sessionID)
                  """).first(),
              try row.decodeNil(column: "revoked_at"),
              try row.decode(column: "expires_at", as: Date.self) > now,
              let user = try? row.decode(fluentModel: User.self),
              UUID(uuidString: payload.subject.value) == user.id
        else {
            throw MantisError.unauthorized(code: "session_ended", reason: "This session has ended; sign in again.")
        }
        if requireVerified, !user.isVerified { throw MantisError.emailNotVerified }
        request.auth.login(AuthenticatedUser(user: user, sessionID: sessionID))
        return try await next.respond(to: request)
    }
}

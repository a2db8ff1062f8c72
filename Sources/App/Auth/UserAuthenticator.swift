import Fluent
import JWT
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
            if let verified = services.verifiedTokens.payload(for: token) {
                payload = verified
            } else {
                payload = try await request.jwt.verify(token, as: AccessTokenPayload.self)
                services.verifiedTokens.store(payload, for: token)
            }
            try payload.validate(
                now: now, issuer: services.config.jwtIssuer, audience: services.config.jwtAudience,
                lifetime: services.config.accessTokenLifetime)
        } catch {
            throw MantisError.unauthorized(code: "invalid_token", reason: "The access token is invalid or expired.")
        }
        // One indexed lookup (the session's primary key) that brings the user along.
        guard let sessionID = UUID(text: payload.sessionID),
              let found = try await SessionLookup.session(sessionID, for: request),
              !found.revoked, found.expiresAt > now,
              UUID(text: payload.subject.value) == found.user.id
        else {
            throw MantisError.unauthorized(code: "session_ended", reason: "This session has ended; sign in again.")
        }
        let user = found.user
        if requireVerified, !user.isVerified { throw MantisError.emailNotVerified }
        request.auth.login(AuthenticatedUser(user: user, sessionID: sessionID, productsVersion: found.productsVersion))
        return try await next.respond(to: request)
    }
}

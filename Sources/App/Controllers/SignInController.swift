import Fluent
import MantisCore
import Vapor

/// Signing in and the tokens of a session: login, refresh, logout, logout everywhere.
struct SignInController: RouteCollection {
    struct Credentials: Content {
        let email: String
        let password: String
    }

    /// `refresh_token` may be left out when the browser's cookie carries it.
    struct RefreshRequest: Content {
        let refreshToken: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        let auth = routes.grouped("auth")
        let limited = routes.rateLimitedAuthRoutes()
        limited.post("login", use: login)
        limited.post("refresh", use: refresh)
        auth.post("logout", use: logout)
        auth.grouped(UserAuthenticator(requireVerified: false)).post("logout-all", use: logoutAll)
    }

    @Sendable
    func login(req: Request) async throws -> Response {
        let body = try req.content.decode(Credentials.self)
        let email = EmailAddress.normalize(body.email)
        // Counted per account whether it exists or not, and whether the password was right or not.
        try await req.enforceRateLimit(
            rule: "login-account", identifier: email, limit: req.application.mantis.config.loginRateLimitPerAccount)
        let user = try await User.query(on: req.db).filter(\.$email == email).first()
        // Unknown email, over-long password or wrong password: the same bcrypt work and the same answer.
        let hash = user?.passwordHash ?? req.application.mantis.dummyPasswordHash
        let matches = try await PasswordCheck.matches(body.password, hash: hash, on: req)
        guard let user, matches else { throw MantisError.invalidCredentials }
        await PasswordCheck.rehashIfNeeded(body.password, of: user, on: req)
        let pair = try await SessionService(request: req).start(for: user)
        return try await TokenResponse.response(pair, user: user, status: .ok, for: req)
    }

    @Sendable
    func refresh(req: Request) async throws -> Response {
        let token = try refreshToken(in: req)
        let (pair, user) = try await SessionService(request: req).refresh(token)
        return try await TokenResponse.response(pair, user: user, status: .ok, for: req)
    }

    @Sendable
    func logout(req: Request) async throws -> Response {
        try await SessionService(request: req).end(refreshToken: try refreshToken(in: req))
        let response = Response(status: .noContent)
        if RefreshCookie.isRequested(by: req) || req.cookies[RefreshCookie.name] != nil { RefreshCookie.clear(on: response) }
        return response
    }

    @Sendable
    func logoutAll(req: Request) async throws -> HTTPStatus {
        try await SessionService(request: req).revokeAll(userID: req.currentUser.userID)
        return .noContent
    }

    /// The token from the body, or else from the cookie (which must pass the CSRF check).
    private func refreshToken(in req: Request) throws -> String {
        let body = (try? req.content.decode(RefreshRequest.self)) ?? RefreshRequest(refreshToken: nil)
        if let token = body.refreshToken { return token }
        if let token = try RefreshCookie.token(from: req, config: req.application.mantis.config) { return token }
        // Neither: decode again to report the missing field in the usual way.
        _ = try req.content.decode(RefreshRequest.self)
        throw MantisError.validation(code: "missing_field", reason: "Missing field 'refresh_token'.")
    }
}

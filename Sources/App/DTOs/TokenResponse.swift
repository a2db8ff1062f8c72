import Vapor

/// The answer of register, login and refresh. When the browser asked for the refresh cookie, the refresh token
/// travels only in that HttpOnly cookie and is left out of the body, so no script in the page can read it.
struct TokenResponse: Content {
    let accessToken: String
    let refreshToken: String?
    let tokenType: String
    let expiresIn: Int
    let user: UserResponse

    enum CodingKeys: String, CodingKey {
        case user
        case accessToken = "access_token"
        case refreshToken = "refresh_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
    }

    init(_ pair: SessionService.TokenPair, user: User, includeRefreshToken: Bool) throws {
        accessToken = pair.accessToken
        refreshToken = includeRefreshToken ? pair.refreshToken : nil
        tokenType = "bearer"
        expiresIn = pair.expiresIn
        self.user = try UserResponse(user)
    }

    static func response(_ pair: SessionService.TokenPair, user: User, status: HTTPStatus, for req: Request) async throws -> Response {
        let cookie = RefreshCookie.isRequested(by: req)
        let response = try await TokenResponse(pair, user: user, includeRefreshToken: !cookie).encodeResponse(status: status, for: req)
        if cookie {
            RefreshCookie.set(pair.refreshToken, on: response, lifetime: req.application.mantis.config.refreshTokenLifetime)
        }
        return response
    }
}

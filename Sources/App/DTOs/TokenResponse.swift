import Vapor

struct TokenResponse: Content {
    let accessToken: String
    let refreshToken: String
    let tokenType: String
    let expiresIn: Int
    let user: UserResponse

    init(_ pair: SessionService.TokenPair, user: User) throws {
        accessToken = pair.accessToken
        refreshToken = pair.refreshToken
        tokenType = "bearer"
        expiresIn = pair.expiresIn
        self.user = try UserResponse(user)
    }
}

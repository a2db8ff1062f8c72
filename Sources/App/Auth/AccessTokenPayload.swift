import JWT
import Vapor

/// The short-lived bearer token. `sid` ties it to a session so ending the session ends the token at once.
struct AccessTokenPayload: JWTPayload {
    static let tokenType = "access"

    var subject: SubjectClaim
    var sessionID: String
    var expiration: ExpirationClaim
    var issuedAt: IssuedAtClaim
    var type: String

    enum CodingKeys: String, CodingKey {
        case subject = "sub"
        case sessionID = "sid"
        case expiration = "exp"
        case issuedAt = "iat"
        case type = "typ"
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try expiration.verifyNotExpired()
        guard type == Self.tokenType else { throw JWTError.claimVerificationFailure(failedClaim: nil, reason: "not an access token") }
    }
}

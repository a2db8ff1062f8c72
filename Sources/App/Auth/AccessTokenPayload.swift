import Foundation
import JWT
import Vapor

/// The short-lived bearer token. `sid` ties it to a session so ending the session ends the token at once;
/// `iss` and `aud` keep a token minted for another deployment (or another purpose) from being accepted here.
struct AccessTokenPayload: JWTPayload {
    static let tokenType = "access"
    /// Clocks of two instances (or of a client that mints nothing) may differ a little.
    static let leeway: TimeInterval = 30

    var issuer: IssuerClaim
    var audience: AudienceClaim
    var subject: SubjectClaim
    var sessionID: String
    var type: String
    var issuedAt: IssuedAtClaim
    var notBefore: NotBeforeClaim
    var expiration: ExpirationClaim
    var id: IDClaim

    enum CodingKeys: String, CodingKey {
        case issuer = "iss"
        case audience = "aud"
        case subject = "sub"
        case sessionID = "sid"
        case type = "typ"
        case issuedAt = "iat"
        case notBefore = "nbf"
        case expiration = "exp"
        case id = "jti"
    }

    init(issuer: String, audience: String, userID: UUID, sessionID: UUID, now: Date, lifetime: TimeInterval, id: String) {
        self.issuer = IssuerClaim(value: issuer)
        self.audience = AudienceClaim(value: audience)
        subject = SubjectClaim(value: userID.uuidString)
        self.sessionID = sessionID.uuidString
        type = Self.tokenType
        // Whole seconds: that is what NumericDate carries on the wire.
        let issued = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        issuedAt = IssuedAtClaim(value: issued)
        notBefore = NotBeforeClaim(value: issued)
        expiration = ExpirationClaim(value: issued.addingTimeInterval(lifetime))
        self.id = IDClaim(value: id)
    }

    /// The signature is checked by JWTKit; the claims are checked in `validate`, against Mantis's clock.
    func verify(using algorithm: some JWTAlgorithm) async throws {}

    enum Invalid: Error {
        case claim(String)
    }

    /// `lifetime` is what Mantis issues: a token claiming to live longer was not made here.
    func validate(now: Date, issuer expectedIssuer: String, audience expectedAudience: String, lifetime: TimeInterval) throws(Invalid) {
        guard type == Self.tokenType else { throw .claim("typ") }
        guard issuer.value == expectedIssuer else { throw .claim("iss") }
        guard audience.value.contains(expectedAudience) else { throw .claim("aud") }
        guard expiration.value > now else { throw .claim("exp") }
        guard notBefore.value <= now.addingTimeInterval(Self.leeway) else { throw .claim("nbf") }
        guard issuedAt.value <= now.addingTimeInterval(Self.leeway) else { throw .claim("iat") }
        guard !id.value.isEmpty, id.value.utf8.count <= 128 else { throw .claim("jti") }
        guard expiration.value.timeIntervalSince(issuedAt.value) <= lifetime + Self.leeway else { throw .claim("exp") }
    }
}

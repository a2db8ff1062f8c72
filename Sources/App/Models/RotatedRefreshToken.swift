import Fluent
import Foundation

/// Digest of a refresh token that was rotated out. Seeing one again means it was copied: the session is revoked.
final class RotatedRefreshToken: Model, @unchecked Sendable {
    static let schema = "rotated_refresh_tokens"

    @ID(key: .id) var id: UUID?
    @Parent(key: "session_id") var session: UserSession
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "rotated_at") var rotatedAt: Date

    init() {}

    init(sessionID: UUID, tokenHash: String, rotatedAt: Date) {
        self.$session.id = sessionID
        self.tokenHash = tokenHash
        self.rotatedAt = rotatedAt
    }
}

import Fluent
import Foundation

/// One login. The refresh token is never stored, only its SHA-256; rotating it replaces the digest.
final class UserSession: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "refresh_token_hash") var refreshTokenHash: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "last_used_at") var lastUsedAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalField(key: "user_agent") var userAgent: String?
    @OptionalField(key: "ip") var ip: String?

    init() {}

    init(id: UUID = UUID(), userID: UUID, refreshTokenHash: String, now: Date, expiresAt: Date, userAgent: String?, ip: String?) {
        self.id = id
        self.$user.id = userID
        self.refreshTokenHash = refreshTokenHash
        self.lastUsedAt = now
        self.expiresAt = expiresAt
        self.userAgent = userAgent
        self.ip = ip
    }

    func isActive(at now: Date) -> Bool {
        revokedAt == nil && expiresAt > now
    }
}

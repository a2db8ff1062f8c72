import Fluent
import Foundation

final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    /// Normalised (trimmed, NFC, lowercase) so uniqueness holds across spellings.
    @Field(key: "email") var email: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "is_verified") var isVerified: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    /// Whether price alerts are emailed (account emails always are).
    @Field(key: "alerts_enabled") var alertsEnabled: Bool
    /// When the user last asked for the verification email again: at most one resend a minute.
    @OptionalField(key: "verification_resent_at") var verificationResentAt: Date?

    init() {}

    init(id: UUID? = nil, email: String, passwordHash: String, isVerified: Bool = false) {
        self.id = id
        self.email = email
        self.passwordHash = passwordHash
        self.isVerified = isVerified
        self.alertsEnabled = true
    }
}

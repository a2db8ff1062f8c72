import Foundation
import Vapor

struct UserResponse: Content {
    let id: UUID
    let email: String
    let isVerified: Bool
    let alertsEnabled: Bool
    let createdAt: Date?

    /// Spelled out: responses are encoded without key conversion (see `configure`).
    enum CodingKeys: String, CodingKey {
        case id, email
        case isVerified = "is_verified"
        case alertsEnabled = "alerts_enabled"
        case createdAt = "created_at"
    }

    init(_ user: User) throws {
        id = try user.requireID()
        email = user.email
        isVerified = user.isVerified
        alertsEnabled = user.alertsEnabled
        createdAt = user.createdAt
    }
}

import Foundation
import Vapor

struct UserResponse: Content {
    let id: UUID
    let email: String
    let isVerified: Bool
    let alertsEnabled: Bool
    let createdAt: Date?

    init(_ user: User) throws {
        id = try user.requireID()
        email = user.email
        isVerified = user.isVerified
        alertsEnabled = user.alertsEnabled
        createdAt = user.createdAt
    }
}

import Foundation
import Vapor

struct SessionResponse: Content {
    let id: UUID
    let createdAt: Date?
    let lastUsedAt: Date
    let userAgent: String?
    let ip: String?
    let current: Bool

    enum CodingKeys: String, CodingKey {
        case id, ip, current
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
        case userAgent = "user_agent"
    }
}

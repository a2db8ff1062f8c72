import Foundation
import Vapor

struct SessionResponse: Content {
    let id: UUID
    let createdAt: Date?
    let lastUsedAt: Date
    let userAgent: String?
    let ip: String?
    let current: Bool
}

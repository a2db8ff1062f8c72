import Foundation
import Vapor

/// `?since=&until=&max_points=` of the product views. Dates are ISO 8601; a bad value is 422, not ignored.
struct HistoryQuery: Sendable {
    static let defaultPoints = 500
    static let maximumPoints = 5000

    var since: Date?
    var until: Date?
    var maxPoints = defaultPoints

    init() {}

    init(_ req: Request) throws {
        since = try Self.date(req, "since")
        until = try Self.date(req, "until")
        if let text = try? req.query.get(String.self, at: "max_points") {
            guard let value = Int(text), (2...Self.maximumPoints).contains(value) else {
                throw MantisError.validation(
                    code: "invalid_max_points", reason: "max_points must be a whole number from 2 to \(Self.maximumPoints).")
            }
            maxPoints = value
        }
    }

    private static func date(_ req: Request, _ name: String) throws -> Date? {
        guard let text = try? req.query.get(String.self, at: name) else { return nil }
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let dateOnly = ISO8601DateFormatter()
        dateOnly.formatOptions = [.withFullDate]
        guard let date = plain.date(from: text) ?? fractional.date(from: text) ?? dateOnly.date(from: text) else {
            throw MantisError.validation(code: "invalid_date", reason: "\(name) must be an ISO 8601 date such as 2026-01-31 or 2026-01-31T12:00:00Z.")
        }
        return date
    }
}

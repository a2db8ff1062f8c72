import Foundation
import MantisCore
import SQLKit
import Vapor

/// Counts hits per key in the database, so several instances on one PostgreSQL share the counts. A key's
/// window opens with its first hit and lasts `window`; the count and the window move in one upsert, which is
/// atomic on both databases. Expired rows are swept by whichever instance notices first, at most once a
/// window, so the table holds at most the keys seen in the last two windows, however many distinct emails or
/// addresses a flood brings. Nothing is kept in memory per key.
struct RateLimiter: Sendable {
    static let table = "rate_limit_counters"

    enum Decision: Equatable, Sendable {
        case allowed
        case limited(retryAfter: Int)
    }

    let database: any SQLDatabase
    /// Counters of one site (FRONTEND_URL): instances of one deployment share them; another Mantis on the
    /// same database server (a staging copy, a test run) has its own.
    let namespace: String
    let window: TimeInterval
    /// When this instance last swept.
    let sweeper: IntervalGate

    /// Counts one hit for `rule`/`identifier` and says whether it is over `limit` (0 = no limit, nothing counted).
    func hit(rule: String, identifier: String, limit: Int, now: Date) async throws -> Decision {
        guard limit > 0 else { return .allowed }
        let bucket = SecureToken.digest("\(namespace)\u{1F}\(rule)\u{1F}\(identifier)")
        let nowMS = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        let windowMS = Int64(window * 1000)
        let expiredBefore = nowMS - windowMS
        let row = try await database.raw("""
            INSERT INTO \(ident: Self.table) (bucket, window_start_ms, hits) VALUES (\(bind: bucket), \(bind: nowMS), 1)
            ON CONFLICT (bucket) DO UPDATE SET
              hits = CASE WHEN \(ident: Self.table).window_start_ms <= \(bind: expiredBefore) THEN 1
                          ELSE \(ident: Self.table).hits + 1 END,
              window_start_ms = CASE WHEN \(ident: Self.table).window_start_ms <= \(bind: expiredBefore) THEN \(bind: nowMS)
                                     ELSE \(ident: Self.table).window_start_ms END
            RETURNING hits, window_start_ms
            """).first()
        if sweeper.isDue(now: now, every: window) {
            try await sweep(now: now)
        }
        guard let row else { return .allowed }
        let hits = try row.decode(column: "hits", as: Int64.self)
        let started = try row.decode(column: "window_start_ms", as: Int64.self)
        guard hits > Int64(limit) else { return .allowed }
        let remainingMS = max(0, started + windowMS - nowMS)
        return .limited(retryAfter: max(1, Int((Double(remainingMS) / 1000).rounded(.up))))
    }

    /// Deletes counters whose window has passed.
    func sweep(now: Date) async throws {
        let cutoff = Int64((now.timeIntervalSince1970 - window) * 1000)
        try await database.delete(from: Self.table).where("window_start_ms", .lessThanOrEqual, cutoff).run()
    }
}

extension Request {
    var rateLimiter: RateLimiter {
        let services = application.mantis
        return RateLimiter(database: sql, namespace: services.config.frontendURL, window: 60, sweeper: services.rateLimitSweeper)
    }

    /// Throws 429 `rate_limited` when this hit is over the limit.
    func enforceRateLimit(rule: String, identifier: String, limit: Int) async throws {
        let decision = try await rateLimiter.hit(rule: rule, identifier: identifier, limit: limit, now: application.mantis.now())
        if case .limited(let seconds) = decision {
            logger.notice("Rate limit reached", metadata: ["rule": "\(rule)", "retry_after": "\(seconds)"])
            throw MantisError.rateLimited(retryAfter: seconds, reason: "Too many attempts. Try again in \(seconds) seconds.")
        }
    }
}

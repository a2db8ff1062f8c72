import Fluent
import SQLKit

/// Counters of the rate limits, shared by every instance on one database. Rows are keyed by a digest
/// (never a raw email or address) and swept once their window has passed.
struct CreateRateLimitCounter: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await sql.create(table: RateLimiter.table)
            .column("bucket", type: .text, .primaryKey(autoIncrement: false))
            .column("window_start_ms", type: .bigint, .notNull)
            .column("hits", type: .bigint, .notNull)
            .run()
        try await sql.create(index: "rate_limit_counters_window_idx").on(RateLimiter.table).column("window_start_ms").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(table: RateLimiter.table).run()
    }
}

import Foundation
import SQLKit

/// Claims due rows of a work table by setting their lease in one statement. On PostgreSQL the inner
/// SELECT locks with `FOR UPDATE SKIP LOCKED`, so instances sharing a database take disjoint rows; on SQLite
/// one statement is already exclusive. Rows whose lease ran out (a crashed worker) are due again. Rows due at
/// the same moment (all of them after `mantis refresh --all`) come in random order, so a batch mixes stores
/// instead of holding one store's products, which the per-store limit would then serialise.
struct LeasedClaim {
    let table: String
    /// The column holding when a row is due; NULL counts as due now.
    let dueColumn: String
    /// Extra SQL condition, e.g. `status = 'pending'`; trusted text, never user input.
    var condition: String = "1 = 1"

    func claim(on sql: any SQLDatabase, limit: Int, now: Date, lease: TimeInterval) async throws -> [UUID] {
        let lockClause = sql.isPostgres ? "FOR UPDATE SKIP LOCKED" : ""
        let rows = try await sql.raw("""
            UPDATE \(unsafeRaw: table) SET lease_expires_at = \(bind: now.addingTimeInterval(lease))
            WHERE id IN (
                SELECT id FROM \(unsafeRaw: table)
                WHERE (\(unsafeRaw: dueColumn) IS NULL OR \(unsafeRaw: dueColumn) <= \(bind: now))
                  AND (lease_expires_at IS NULL OR lease_expires_at < \(bind: now))
                  AND \(unsafeRaw: condition)
                ORDER BY \(unsafeRaw: dueColumn) ASC NULLS FIRST, RANDOM()
                LIMIT \(bind: limit) \(unsafeRaw: lockClause)
            )
            RETURNING id
            """).all()
        return try rows.map { try $0.decode(column: "id", as: UUID.self) }
    }
}

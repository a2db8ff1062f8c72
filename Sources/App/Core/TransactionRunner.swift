import Fluent
import SQLKit

/// Runs database transactions. SQLite's plain `BEGIN` is deferred: a transaction that reads and then writes
/// can deadlock with another writer, and SQLite then fails it at once with "database is locked" instead of
/// waiting. So on SQLite Mantis begins with `BEGIN IMMEDIATE` (the write lock is taken up front, others wait
/// for it) and runs its transactions one at a time; PostgreSQL needs no help.
struct TransactionRunner: Sendable {
    let lock: AsyncLock?

    func callAsFunction<T: Sendable>(
        on database: any Database, _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard let lock else { return try await database.transaction(body) }
        return try await lock.withLock {
            try await database.withConnection { connection in
                let sql = connection.sql
                try await sql.raw("BEGIN IMMEDIATE").run()
                do {
                    let result = try await body(connection)
                    try await sql.raw("COMMIT").run()
                    return result
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
            }
        }
    }
}

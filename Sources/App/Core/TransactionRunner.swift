import Fluent
import SQLKit

/// Runs database transactions. SQLite's plain `BEGIN` is deferred: a transaction that reads and then writes
/// can deadlock with another writer, and SQLite then fails it at once with "database is locked" instead of
/// waiting. So on SQLite Mantis begins with `BEGIN IMMEDIATE` (the write lock is taken up front, others wait
/// for it) and runs its transactions one at a time; PostgreSQL needs no help.
///
/// Each SQLite transaction runs at `synchronous = NORMAL`, SQLite's advice for WAL mode: a commit no longer
/// waits for an fsync of the log (the checkpoint still syncs). A crash of Mantis loses nothing; a power cut
/// or kernel crash can lose the last commits, never the database's consistency. At `FULL` the fsync of every
/// check's commit, taken one at a time, was the bound of a refresh round (`bench/refresh.sh`, perf).
struct TransactionRunner: Sendable {
    let lock: AsyncLock?

    func callAsFunction<T: Sendable>(
        on database: any Database, _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard let lock else { return try await database.transaction(body) }
        return try await lock.withLock {
            try await database.withConnection { connection in
                let sql = connection.sql
                // Per connection, and not inside a transaction: set before each one (the pool's connections
                // are opened by the driver, which offers no hook for it).
                try await sql.raw("PRAGMA synchronous = NORMAL").run()
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

import Fluent

/// Runs database transactions. SQLite starts transactions deferred, so two that read and then write can
/// deadlock, and SQLite then fails one at once with "database is locked" rather than waiting. Mantis runs one
/// process per SQLite file, so there it simply runs write transactions one at a time; PostgreSQL needs no help.
struct TransactionRunner: Sendable {
    let lock: AsyncLock?

    func callAsFunction<T: Sendable>(
        on database: any Database, _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard let lock else { return try await database.transaction(body) }
        return try await lock.withLock { try await database.transaction(body) }
    }
}

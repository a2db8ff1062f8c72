import NIOConcurrencyHelpers

/// Admission to the bcrypt pool. Each hash takes a core for a quarter second or more, so a flood of logins
/// would otherwise queue for minutes; beyond `limit` waiting or running hashes, login and register answer 503
/// `server_busy` with a `Retry-After` at once.
final class HashingQueue: Sendable {
    let limit: Int
    /// Seconds the queue needs to drain when full, for `Retry-After`.
    let drainSeconds: Int
    private let inFlight = NIOLockedValueBox(0)
    private let admittedCount = NIOLockedValueBox(0)

    init(limit: Int, threads: Int, secondsPerHash: Double) {
        self.limit = limit
        drainSeconds = max(1, Int((Double(limit) / Double(max(1, threads)) * secondsPerHash).rounded(.up)))
    }

    var count: Int { inFlight.withLockedValue { $0 } }
    /// Hashes ever admitted (tests use it to show a request did no bcrypt work).
    var admitted: Int { admittedCount.withLockedValue { $0 } }

    func run<T: Sendable>(_ work: () async throws -> T) async throws -> T {
        let admitted = inFlight.withLockedValue { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
        guard admitted else { throw MantisError.serverBusy(retryAfter: drainSeconds) }
        admittedCount.withLockedValue { $0 += 1 }
        defer { inFlight.withLockedValue { $0 -= 1 } }
        return try await work()
    }
}

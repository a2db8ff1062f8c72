import NIOConcurrencyHelpers
import NIOPosix

/// Admission to the bcrypt pool. Each hash takes a core for a quarter second or more, so a flood of logins
/// would otherwise queue for minutes; beyond `limit` waiting or running hashes, login and register answer 503
/// `server_busy` with a `Retry-After` at once.
final class HashingQueue: Sendable {
    private struct State {
        /// Admitted and not finished: waiting for a pool thread or running on one.
        var inFlight = 0
        /// On a pool thread now.
        var running = 0
        var admitted = 0
    }

    let limit: Int
    /// Seconds the queue needs to drain when full, for `Retry-After`.
    let drainSeconds: Int
    private let state = NIOLockedValueBox(State())

    init(limit: Int, threads: Int, secondsPerHash: Double) {
        self.limit = limit
        drainSeconds = max(1, Int((Double(limit) / Double(max(1, threads)) * secondsPerHash).rounded(.up)))
    }

    var count: Int { state.withLockedValue { $0.inFlight } }
    /// Hashes ever admitted (tests use it to show a request did no bcrypt work).
    var admitted: Int { state.withLockedValue { $0.admitted } }
    /// Admitted hashes no pool thread has picked up yet (`mantis_bcrypt_queue`).
    var waiting: Int { state.withLockedValue { $0.inFlight - $0.running } }

    /// Admits `hash` and runs it on `pool`, counted as running only while a pool thread has it.
    func run<T: Sendable>(on pool: NIOThreadPool, _ hash: @escaping @Sendable () throws -> T) async throws -> T {
        let state = self.state
        return try await run {
            try await pool.runIfActive {
                state.withLockedValue { $0.running += 1 }
                defer { state.withLockedValue { $0.running -= 1 } }
                return try hash()
            }
        }
    }

    func run<T: Sendable>(_ work: () async throws -> T) async throws -> T {
        let admitted = state.withLockedValue { state in
            guard state.inFlight < limit else { return false }
            state.inFlight += 1
            state.admitted += 1
            return true
        }
        guard admitted else { throw MantisError.serverBusy(retryAfter: drainSeconds) }
        defer { state.withLockedValue { $0.inFlight -= 1 } }
        return try await work()
    }
}

import Dispatch

/// Runs blocking work (waiting for a child process) on a Dispatch thread, so the test's cooperative threads —
/// only one per core — stay free for the many tests running alongside.
enum Blocking {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }
}

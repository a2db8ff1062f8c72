import NIOConcurrencyHelpers

/// Thrown by `withDeadline` when the time is up.
struct DeadlineExceeded: Error, Sendable {}

/// Runs `operation` and returns its result, or throws `DeadlineExceeded` once `limit` has passed,
/// whichever comes first.
///
/// Unlike a task group, this returns on time even when the operation ignores cancellation (a
/// user-supplied callback that hangs, say): the operation runs in its own task, which is
/// cancelled and left to finish on its own. Cancelling the caller cancels the operation and
/// throws `CancellationError` at once.
@discardableResult
func withDeadline<T: Sendable>(
    _ limit: Duration,
    operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let gate = OneShot<T>()
    let work = Task {
        let result: Result<T, any Error>
        do { result = .success(try await operation()) } catch { result = .failure(error) }
        gate.complete(result)
    }
    let timer = Task {
        try? await Task.sleep(for: limit)
        gate.complete(.failure(DeadlineExceeded()))
    }
    defer {
        work.cancel()
        timer.cancel()
    }
    return try await withTaskCancellationHandler {
        try await gate.value()
    } onCancel: {
        gate.complete(.failure(CancellationError()))
    }
}

/// A result that can be set once and awaited once.
private final class OneShot<T: Sendable>: Sendable {
    private struct State {
        var result: Result<T, any Error>?
        var continuation: CheckedContinuation<T, any Error>?
    }

    private let state = NIOLockedValueBox(State())

    func complete(_ result: Result<T, any Error>) {
        let continuation = state.withLockedValue { state -> CheckedContinuation<T, any Error>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(with: result)
    }

    func value() async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLockedValue { state -> Result<T, any Error>? in
                if let result = state.result { return result }
                state.continuation = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}

import NIOConcurrencyHelpers

/// A counting semaphore for async code: `acquire()` suspends (FIFO) until a permit is free.
/// Waiting is cancellable; a cancelled waiter throws `CancellationError` and takes no permit.
final class AsyncSemaphore: Sendable {
    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var available: Int
        var waiters: [Waiter] = []
        var nextWaiterID = 0
    }

    private let state: NIOLockedValueBox<State>

    init(permits: Int) {
        precondition(permits > 0, "a semaphore needs at least one permit")
        state = NIOLockedValueBox(State(available: permits))
    }

    func acquire() async throws {
        let id = state.withLockedValue { state -> Int in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Outcome { case acquired, cancelled, queued }
                let outcome = state.withLockedValue { state -> Outcome in
                    // Checked under the lock, so a cancellation either is seen here or finds the
                    // queued waiter.
                    if Task.isCancelled { return .cancelled }
                    if state.available > 0 && state.waiters.isEmpty {
                        state.available -= 1
                        return .acquired
                    }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return .queued
                }
                switch outcome {
                case .acquired: continuation.resume()
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .queued: break
                }
            }
        } onCancel: {
            let waiter = state.withLockedValue { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Returns a permit, handing it straight to the longest waiter if there is one.
    func release() {
        let next = state.withLockedValue { state -> Waiter? in
            if state.waiters.isEmpty {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.continuation.resume()
    }
}

import NIOConcurrencyHelpers

/// The loop of a background service (the refresh scheduler, the email outbox) that stops gracefully: `stop`
/// asks it to end after the work in hand, wakes it from its pause, and waits for it — never cancelling work that
/// is under way unless it outlasts the deadline.
final class StoppableLoop: Sendable {
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    private let stopping = NIOLockedValueBox(false)
    private let wake = WakeSignal()

    /// Set by `stop()`; the service's work checks it to hand back what it has not started.
    var isStopping: Bool { stopping.withLockedValue { $0 } }

    /// Runs `round` until stopped, pausing `pause` between rounds (or until `poke()`).
    func start(pause: Duration, _ round: @escaping @Sendable () async -> Void) {
        stopping.withLockedValue { $0 = false }
        let task = Task { [weak self] in
            while let self, !self.isStopping {
                await round()
                if self.isStopping { return }
                await self.wake.wait(upTo: pause)
            }
        }
        self.task.withLockedValue { $0 = task }
    }

    /// Ends the pause now.
    func poke() {
        Task { await wake.signal() }
    }

    /// Asks the loop to stop and waits for the round in progress; past `timeout` the round is cancelled (so the
    /// wait can end). True when it ended by itself.
    @discardableResult
    func stop(timeout: Duration) async -> Bool {
        stopping.withLockedValue { $0 = true }
        await wake.signal()
        guard let task = task.withLockedValue({ current in defer { current = nil }; return current }) else { return true }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask { await task.value; return true }
            group.addTask { try? await Task.sleep(for: timeout); return false }
            let ended = await group.next() ?? false
            if !ended { task.cancel() }
            group.cancelAll()
            return ended
        }
    }
}

import NIOConcurrencyHelpers
import NIOCore

/// Runs a probe (a database ping) for many callers at once, without ever answering a caller from a probe that
/// began before it asked: callers who arrive while a probe is out wait for the next one, which starts as soon
/// as that one ends and answers all of them. Under load one probe answers a whole batch of `GET /health`
/// requests — the database sees one ping at a time however many checks come in — and every answer is still
/// "the database answered after you asked", never a remembered one.
final class CoalescedProbe: Sendable {
    private struct State {
        var running = false
        var waiting: [EventLoopPromise<Bool>] = []
    }

    private let state = NIOLockedValueBox(State())
    private let probe: @Sendable () async -> Bool

    /// `probe` answers whether the thing probed is well; it should not throw or hang for ever (the database's
    /// own timeouts bound a ping).
    init(probe: @escaping @Sendable () async -> Bool) {
        self.probe = probe
    }

    /// The answer of a probe that starts after this call, on `eventLoop`.
    func check(on eventLoop: any EventLoop) -> EventLoopFuture<Bool> {
        let promise = eventLoop.makePromise(of: Bool.self)
        let start = state.withLockedValue { state in
            state.waiting.append(promise)
            defer { state.running = true }
            return !state.running
        }
        if start { Task { await self.run() } }
        return promise.futureResult
    }

    /// Probes batch after batch until nobody waits; one task for a whole burst of checks.
    private func run() async {
        while true {
            let batch = state.withLockedValue { state in
                defer { state.waiting.removeAll(keepingCapacity: true) }
                if state.waiting.isEmpty { state.running = false }
                return state.waiting
            }
            if batch.isEmpty { return }
            let healthy = await probe()
            for promise in batch { promise.succeed(healthy) }
        }
    }
}

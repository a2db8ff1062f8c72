/// Limits how many page checks run at once: over all stores, and per store host, so one store is never
/// hammered however many of its products are due. Waiters are served in arrival order where they fit.
actor CheckGate {
    private let globalLimit: Int
    private let perHostLimit: Int
    private var running = 0
    private var runningPerHost: [String: Int] = [:]
    private var waiters: [(host: String, continuation: CheckedContinuation<Void, Never>)] = []

    init(globalLimit: Int, perHostLimit: Int) {
        self.globalLimit = globalLimit
        self.perHostLimit = perHostLimit
    }

    /// Runs `work` once a slot for `host` is free.
    func withSlot<T: Sendable>(host: String, _ work: @Sendable () async throws -> T) async rethrows -> T {
        await acquire(host)
        defer { release(host) }
        return try await work()
    }

    private func fits(_ host: String) -> Bool {
        running < globalLimit && runningPerHost[host, default: 0] < perHostLimit
    }

    private func acquire(_ host: String) async {
        if waiters.isEmpty || !waiters.contains(where: { $0.host == host }), fits(host) {
            take(host)
            return
        }
        await withCheckedContinuation { waiters.append((host, $0)) }
    }

    private func take(_ host: String) {
        running += 1
        runningPerHost[host, default: 0] += 1
    }

    private func release(_ host: String) {
        running -= 1
        runningPerHost[host, default: 1] -= 1
        if runningPerHost[host] == 0 { runningPerHost[host] = nil }
        // Wake every waiter that now fits, oldest first.
        var index = 0
        while index < waiters.count {
            if fits(waiters[index].host) {
                let waiter = waiters.remove(at: index)
                take(waiter.host)
                waiter.continuation.resume()
            } else {
                index += 1
            }
        }
    }
}

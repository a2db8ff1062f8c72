/// Lets a background loop sleep until it is poked or a timeout passes, whichever comes first.
actor WakeSignal {
    private var pending = false
    private var waiter: CheckedContinuation<Void, Never>?
    private var generation = 0

    func signal() {
        if let waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            pending = true
        }
    }

    func wait(upTo timeout: Duration) async {
        if pending {
            pending = false
            return
        }
        generation += 1
        let current = generation
        await withCheckedContinuation { continuation in
            waiter = continuation
            Task {
                try? await Task.sleep(for: timeout)
                self.expire(current)
            }
        }
    }

    private func expire(_ expected: Int) {
        guard generation == expected, let waiter else { return }
        self.waiter = nil
        waiter.resume()
    }
}

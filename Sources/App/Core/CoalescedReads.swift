import NIOConcurrencyHelpers
import NIOCore

/// One database read shared by everyone who asks for the same key at about the same time, without ever
/// answering a caller from a read that began before it asked: callers who arrive while a read of their key is
/// out wait for the next one, which starts as soon as that one ends and answers all of them. Under load one
/// round trip answers a whole batch of `GET /health` pings, or of checks of one session, yet every answer is
/// still "the database said so after you asked" — a session revoked a moment ago is seen as revoked, never a
/// remembered row. Keys are independent: different sessions are read side by side, as before.
final class CoalescedReads<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// The callers waiting for the next read of each key; a key is here exactly while a task reads it.
    private let state = NIOLockedValueBox([Key: [EventLoopPromise<Value>]]())
    private let read: @Sendable (Key) async throws -> Value

    init(read: @escaping @Sendable (Key) async throws -> Value) {
        self.read = read
    }

    /// The answer of a read of `key` that starts after this call, delivered on `eventLoop`.
    func value(for key: Key, on eventLoop: any EventLoop) -> EventLoopFuture<Value> {
        let promise = eventLoop.makePromise(of: Value.self)
        let start = state.withLockedValue { state in
            let idle = state[key] == nil
            state[key, default: []].append(promise)
            return idle
        }
        if start { Task { await self.run(key) } }
        return promise.futureResult
    }

    /// Reads `key` batch after batch until nobody waits for it; one task for a whole burst.
    private func run(_ key: Key) async {
        while true {
            let batch = state.withLockedValue { state -> [EventLoopPromise<Value>] in
                let waiting = state[key] ?? []
                // Nobody waits: the key goes, so the next caller starts a task of its own.
                state[key] = waiting.isEmpty ? nil : []
                return waiting
            }
            if batch.isEmpty { return }
            do {
                let value = try await read(key)
                for promise in batch { promise.succeed(value) }
            } catch {
                for promise in batch { promise.fail(error) }
            }
        }
    }
}

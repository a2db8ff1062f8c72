import Foundation
import NIOConcurrencyHelpers

/// Rendered product lists, keyed by user and the user's `products_version` (moved by the database on every
/// change to the user's products, see `UpdateUserAddProductsVersion`). The session check reads the version
/// anyway, so a hit costs no query; a list written from rows read after that version was seen is at least as
/// new as it, so a hit is never stale, on any number of instances.
///
/// Bounded by bytes: past the budget the least recently used lists go.
final class ProductListCache: Sendable {
    private struct Entry {
        let version: Int64
        let body: [UInt8]
        var used: UInt64
    }

    private struct State {
        var entries: [UUID: Entry] = [:]
        var bytes = 0
        var tick: UInt64 = 0
    }

    let budget: Int
    private let state = NIOLockedValueBox(State())

    init(budget: Int) { self.budget = budget }

    func body(for userID: UUID, version: Int64) -> [UInt8]? {
        state.withLockedValue { state in
            guard var entry = state.entries[userID], entry.version == version else { return nil }
            state.tick += 1
            entry.used = state.tick
            state.entries[userID] = entry
            return entry.body
        }
    }

    func store(_ body: [UInt8], for userID: UUID, version: Int64) {
        guard body.count <= budget / 4 else { return }
        state.withLockedValue { state in
            if let old = state.entries.removeValue(forKey: userID) { state.bytes -= old.body.count }
            state.tick += 1
            state.entries[userID] = Entry(version: version, body: body, used: state.tick)
            state.bytes += body.count
            while state.bytes > budget, let oldest = state.entries.min(by: { $0.value.used < $1.value.used }) {
                state.entries.removeValue(forKey: oldest.key)
                state.bytes -= oldest.value.body.count
            }
        }
    }
}

import Foundation
import NIOConcurrencyHelpers

/// Lets a piece of housekeeping run at most once per interval in this process (sweeping expired rate-limit
/// counters, purging sent emails), however often the code that triggers it runs.
final class IntervalGate: Sendable {
    private let last = NIOLockedValueBox<Date>(.distantPast)

    /// True, and the interval starts anew, when `interval` has passed since it last returned true.
    func isDue(now: Date, every interval: TimeInterval) -> Bool {
        last.withLockedValue { last in
            guard now.timeIntervalSince(last) >= interval else { return false }
            last = now
            return true
        }
    }
}

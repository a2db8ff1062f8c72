import Foundation

/// When to try a message again: 10 s after the first failure, doubling up to 5 minutes, for 24 hours; a
/// permanent rejection is tried at most 3 times in all.
enum OutboxRetryPolicy {
    static let firstDelay: TimeInterval = 10
    static let maximumDelay: TimeInterval = 5 * 60
    static let giveUpAfter: TimeInterval = 24 * 3600
    static let maximumPermanentFailures = 3

    static func delay(afterAttempts attempts: Int) -> TimeInterval {
        min(maximumDelay, firstDelay * pow(2, Double(max(0, min(attempts - 1, 20)))))
    }

    /// The next attempt, or nil when the message should be marked failed.
    static func nextAttempt(after now: Date, attempts: Int, permanentFailures: Int, queuedAt: Date) -> Date? {
        if permanentFailures >= maximumPermanentFailures { return nil }
        let next = now.addingTimeInterval(delay(afterAttempts: attempts))
        return next.timeIntervalSince(queuedAt) > giveUpAfter ? nil : next
    }
}

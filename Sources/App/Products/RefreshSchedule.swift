import Foundation

/// When products are due: after a success, the refresh interval give or take 10 % (so products tracked
/// together drift apart instead of hitting a store in bursts); after failures, an exponential back-off from
/// 15 minutes that never waits longer than the interval.
enum RefreshSchedule {
    static func nextCheck(after date: Date, interval: TimeInterval) -> Date {
        date.addingTimeInterval(interval * Double.random(in: 0.9...1.1))
    }

    static func retry(after date: Date, failures: Int, interval: TimeInterval) -> Date {
        let backOff = 15 * 60 * pow(2, Double(max(0, min(failures - 1, 16))))
        return date.addingTimeInterval(min(backOff, interval) * Double.random(in: 0.9...1.1))
    }
}

import Foundation
import MantisCore
import NIOConcurrencyHelpers

/// The clock and token randomness, behind closures so tests of lifetimes, expiry and rate-limit windows move
/// time instead of editing rows or sleeping.
struct AppDependencies: Sendable {
    var now: @Sendable () -> Date
    /// A fresh unguessable token (URL-safe text).
    var randomToken: @Sendable () -> String

    static let live = AppDependencies(now: { Date() }, randomToken: { SecureToken.generate() })
}

import Foundation

/// Decides when a price check should email the owner. Pure: the caller stores `State` with the product.
///
/// - Target: alert when the price is at or below the target, once; re-armed only after the price has
///   risen above the target again.
/// - Percentage: alert when the price is at least `dropPercent` below the reference price, which is the
///   last alerted price (or, before any alert, the first price seen with the rule in place); each alert
///   moves the reference down, so a further drop by the percentage alerts again.
/// - Back in stock: alert when a product that was out of stock is in stock again.
public enum PriceAlertRules {
    public struct Settings: Equatable, Sendable {
        public var targetPrice: PriceAmount?
        public var dropPercent: Decimal?

        public init(targetPrice: PriceAmount? = nil, dropPercent: Decimal? = nil) {
            self.targetPrice = targetPrice
            self.dropPercent = dropPercent
        }
    }

    public struct State: Equatable, Sendable {
        public var targetArmed: Bool
        public var referencePrice: PriceAmount?

        public init(targetArmed: Bool = true, referencePrice: PriceAmount? = nil) {
            self.targetArmed = targetArmed
            self.referencePrice = referencePrice
        }
    }

    public enum Reason: Equatable, Sendable {
        case targetReached(target: PriceAmount)
        case droppedByPercent(from: PriceAmount, percent: Decimal)
        case backInStock
    }

    public struct Check: Equatable, Sendable {
        public var price: PriceAmount?
        public var inStock: Bool?
        public var wasOutOfStock: Bool

        public init(price: PriceAmount?, inStock: Bool?, wasOutOfStock: Bool) {
            self.price = price
            self.inStock = inStock
            self.wasOutOfStock = wasOutOfStock
        }
    }

    /// The reasons to alert for this check, and the state to store if the alert is sent. When an alert is
    /// not sent (daily cap, alerts off), the caller keeps `stateIfNotAlerted` so the same drop can alert later.
    public static func evaluate(_ check: Check, settings: Settings, state: State)
        -> (reasons: [Reason], stateIfAlerted: State, stateIfNotAlerted: State)
    {
        var reasons: [Reason] = []
        var alerted = state
        var notAlerted = state
        if let price = check.price {
            if let target = settings.targetPrice {
                if price <= target {
                    if state.targetArmed { reasons.append(.targetReached(target: target)) }
                    alerted.targetArmed = false
                } else {
                    alerted.targetArmed = true
                    notAlerted.targetArmed = true
                }
            }
            if let percent = settings.dropPercent, percent > 0, let reference = state.referencePrice, reference.decimal > 0 {
                let drop = (reference.decimal - price.decimal) / reference.decimal * 100
                if drop >= percent { reasons.append(.droppedByPercent(from: reference, percent: percent)) }
            }
            // The first price seen becomes the reference; after a price alert, the alerted price does.
            if state.referencePrice == nil {
                alerted.referencePrice = price
                notAlerted.referencePrice = price
            }
            if !reasons.isEmpty { alerted.referencePrice = price }
        }
        if check.wasOutOfStock, check.inStock == true { reasons.append(.backInStock) }
        if reasons.isEmpty { return ([], notAlerted, notAlerted) }
        return (reasons, alerted, notAlerted)
    }
}

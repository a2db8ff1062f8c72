import Fluent
import Foundation
import MantisCore

final class Product: Model, @unchecked Sendable {
    static let schema = "products"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "url") var url: String
    @OptionalField(key: "title") var title: String?
    @OptionalField(key: "image_url") var imageURL: String?
    @OptionalField(key: "currency") var currency: String?
    @OptionalField(key: "stock_status") var stockStatus: String?
    @OptionalField(key: "last_checked") var lastChecked: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    /// When the scheduler should check next: the refresh interval after a success, backing off after failures.
    @OptionalField(key: "next_check_at") var nextCheckAt: Date?
    @Field(key: "consecutive_failures") var consecutiveFailures: Int
    /// Why the last check failed, shown to the user; nil after a success.
    @OptionalField(key: "last_error") var lastError: String?
    /// Set while one scheduler instance has claimed the product; an expired lease frees it again.
    @OptionalField(key: "lease_expires_at") var leaseExpiresAt: Date?
    /// Alert when the price is at or below this (a decimal string, compared exactly).
    @OptionalField(key: "target_price") var targetPrice: String?
    /// Alert when the price falls by at least this percentage (a decimal string) from the reference price.
    @OptionalField(key: "alert_on_drop_percent") var alertOnDropPercent: String?
    /// `PriceAlertRules.State`: whether the target can fire, and the price drops are measured from.
    @Field(key: "alert_target_armed") var alertTargetArmed: Bool
    @OptionalField(key: "alert_reference_price") var alertReferencePrice: String?
    @OptionalField(key: "last_alerted_at") var lastAlertedAt: Date?
    /// The price summary, kept with every check that read a price (see `recordPrice`); decimal strings.
    @OptionalField(key: "current_price") var currentPrice: String?
    @OptionalField(key: "previous_price") var previousPrice: String?
    @OptionalField(key: "lowest_price") var lowestPrice: String?
    @OptionalField(key: "lowest_price_at") var lowestPriceAt: Date?
    /// The user's choice of price on the page (`PriceRule`), read first on every check; both or neither.
    @OptionalField(key: "price_rule_source") var priceRuleSource: String?
    @OptionalField(key: "price_rule_locator") var priceRuleLocator: String?
    /// The rule stopped matching the page: the price is the automatic choice until the user looks.
    @Field(key: "needs_attention") var needsAttention: Bool
    /// The latest successful check's candidates as JSON (`CandidateList`): what the user picks from.
    @OptionalField(key: "latest_candidates") var latestCandidates: String?

    init() {}

    var priceRule: PriceRule? {
        get {
            guard let source = priceRuleSource, let locator = priceRuleLocator else { return nil }
            return PriceRule(source: source, locator: locator)
        }
        set {
            priceRuleSource = newValue?.source
            priceRuleLocator = newValue?.locator
        }
    }

    /// Moves the summary on by one price point: the old current becomes the previous, and the lowest changes
    /// only for a strictly lower price (on a tie the earlier sighting stays).
    func recordPrice(_ price: PriceAmount, at date: Date) {
        previousPrice = currentPrice
        currentPrice = price.decimalString
        if let lowest = lowestPrice.flatMap(PriceAmount.init), lowest <= price { return }
        lowestPrice = price.decimalString
        lowestPriceAt = date
    }

    init(userID: UUID, url: String) {
        self.$user.id = userID
        self.url = url
        self.consecutiveFailures = 0
        self.alertTargetArmed = true
        self.needsAttention = false
    }
}

extension Product {
    /// The one way to ask for products: always scoped to their owner.
    static func owned(by userID: UUID, on database: any Database) -> QueryBuilder<Product> {
        Product.query(on: database).filter(\.$user.$id == userID)
    }
}

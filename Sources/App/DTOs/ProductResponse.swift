import Foundation
import MantisCore
import Vapor

/// A product as the API shows it; `history` and `checks` only in the single-product view. Prices are decimal
/// strings. Keys are spelled out: responses are encoded without key conversion (see `configure`).
struct ProductResponse: Content {
    let id: UUID
    let url: String
    let title: String?
    let imageUrl: String?
    let currency: String?
    let stockStatus: String?
    let lastChecked: Date?
    let createdAt: Date?
    let currentPrice: String?
    let previousPrice: String?
    let lowestPrice: String?
    let lowestPriceAt: Date?
    let targetPrice: String?
    let alertOnDropPercent: String?
    /// Why the latest check failed (nil when it succeeded); the product keeps its last good price meanwhile.
    let lastError: String?
    let nextCheckAt: Date?
    /// The product's price rule stopped matching the page ("needs your eye").
    let needsAttention: Bool
    /// The user's chosen price on the page, single-product view only.
    var priceRule: PriceRule?
    var history: [PricePointRepository.Point]?
    /// How many price points the product has in the requested range, before any downsampling.
    var historyTotal: Int?
    /// The most recent checks, newest first: the check log.
    var checks: [Check]?

    enum CodingKeys: String, CodingKey {
        case id, url, title, currency, history, checks
        case imageUrl = "image_url"
        case stockStatus = "stock_status"
        case lastChecked = "last_checked"
        case createdAt = "created_at"
        case currentPrice = "current_price"
        case previousPrice = "previous_price"
        case lowestPrice = "lowest_price"
        case lowestPriceAt = "lowest_price_at"
        case targetPrice = "target_price"
        case alertOnDropPercent = "alert_on_drop_percent"
        case lastError = "last_error"
        case nextCheckAt = "next_check_at"
        case historyTotal = "history_total"
        case needsAttention = "needs_attention"
        case priceRule = "price_rule"
    }

    struct Check: Content {
        let checkedAt: Date
        let succeeded: Bool
        let reason: String?
        /// How the price was chosen: "rule", "rule_unmatched" or the automatic method ("json-ld", …).
        var priceSource: String?

        enum CodingKeys: String, CodingKey {
            case succeeded, reason
            case checkedAt = "checked_at"
            case priceSource = "price_source"
        }
    }

    /// Every list column, in the order `ProductListReader` reads them.
    static let listColumns = [
        "id", "url", "title", "image_url", "currency", "stock_status", "last_checked", "created_at", "current_price",
        "previous_price", "lowest_price", "lowest_price_at", "target_price", "alert_on_drop_percent", "last_error",
        "next_check_at", "needs_attention",
    ]

    init(
        id: UUID, url: String, title: String?, imageUrl: String?, currency: String?, stockStatus: String?, lastChecked: Date?,
        createdAt: Date?, currentPrice: String?, previousPrice: String?, lowestPrice: String?, lowestPriceAt: Date?,
        targetPrice: String?, alertOnDropPercent: String?, lastError: String?, nextCheckAt: Date?, needsAttention: Bool
    ) {
        self.id = id
        self.url = url
        self.title = title
        self.imageUrl = imageUrl
        self.currency = currency
        self.stockStatus = stockStatus
        self.lastChecked = lastChecked
        self.createdAt = createdAt
        self.currentPrice = currentPrice
        self.previousPrice = previousPrice
        self.lowestPrice = lowestPrice
        self.lowestPriceAt = lowestPriceAt
        self.targetPrice = targetPrice
        self.alertOnDropPercent = alertOnDropPercent
        self.lastError = lastError
        self.nextCheckAt = nextCheckAt
        self.needsAttention = needsAttention
    }

    init(_ product: Product) throws {
        id = try product.requireID()
        url = product.url
        title = product.title
        imageUrl = product.imageURL
        currency = product.currency
        stockStatus = product.stockStatus
        lastChecked = product.lastChecked
        createdAt = product.createdAt
        currentPrice = product.currentPrice
        previousPrice = product.previousPrice
        lowestPrice = product.lowestPrice
        lowestPriceAt = product.lowestPriceAt
        targetPrice = product.targetPrice
        alertOnDropPercent = product.alertOnDropPercent
        lastError = product.lastError
        nextCheckAt = product.nextCheckAt
        needsAttention = product.needsAttention
        priceRule = product.priceRule
    }
}

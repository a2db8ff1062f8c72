import Foundation
import Vapor

/// A product as the API shows it; `history` only in the single-product view. Prices are decimal strings.
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
    /// Why the latest check failed (nil when it succeeded); the product keeps its last good price meanwhile.
    let targetPrice: String?
    let alertOnDropPercent: String?
    let lastError: String?
    let nextCheckAt: Date?
    let history: [PricePointRepository.Point]?
    /// The most recent checks, newest first: the check log.
    let checks: [Check]?

    struct Check: Content {
        let checkedAt: Date
        let succeeded: Bool
        let reason: String?
    }

    init(
        _ product: Product, summary: PricePointRepository.Summary?, history: [PricePointRepository.Point]? = nil,
        checks: [ProductCheck]? = nil
    ) throws {
        id = try product.requireID()
        url = product.url
        title = product.title
        imageUrl = product.imageURL
        currency = product.currency
        stockStatus = product.stockStatus
        lastChecked = product.lastChecked
        createdAt = product.createdAt
        currentPrice = summary?.current?.price
        previousPrice = summary?.previous?.price
        lowestPrice = summary?.lowest?.price
        lowestPriceAt = summary?.lowest?.checkedAt
        targetPrice = product.targetPrice
        alertOnDropPercent = product.alertOnDropPercent
        lastError = product.lastError
        nextCheckAt = product.nextCheckAt
        self.history = history
        self.checks = checks?.map { Check(checkedAt: $0.checkedAt, succeeded: $0.succeeded, reason: $0.reason) }
    }
}

import Fluent
import Foundation
import MantisCore

/// Applies `PriceAlertRules` after a successful check and queues the alert email in the check's transaction.
struct PriceAlertService {
    let templates: EmailTemplates
    let maximumPerDay: Int
    let senderDomain: String

    /// What the product looked like before this check.
    struct Before {
        let price: String?
        let wasOutOfStock: Bool
    }

    /// Returns the alert when one was queued (the caller then pokes the outbox and tells `PriceAlertFeed`, after
    /// commit), nil when none was due.
    func evaluate(
        product: Product, page: ProductPage, before: Before, on database: any Database, now: Date
    ) async throws -> PriceAlertNotice? {
        let settings = PriceAlertRules.Settings(
            targetPrice: product.targetPrice.flatMap(PriceAmount.init),
            dropPercent: product.alertOnDropPercent.flatMap { Decimal(string: $0) })
        let state = PriceAlertRules.State(
            targetArmed: product.alertTargetArmed, referencePrice: product.alertReferencePrice.flatMap(PriceAmount.init))
        let check = PriceAlertRules.Check(
            price: page.price, inStock: page.availability.map { $0 == .inStock }, wasOutOfStock: before.wasOutOfStock)
        let result = PriceAlertRules.evaluate(check, settings: settings, state: state)
        var sent: PriceAlertNotice?
        if !result.reasons.isEmpty, let user = try await recipient(of: product, on: database, now: now) {
            let alert = EmailTemplates.Alert(
                productID: try product.requireID(), title: product.title ?? product.url, storeURL: product.url,
                oldPrice: before.price, newPrice: page.price?.decimalString, currency: page.currency ?? product.currency,
                reasons: result.reasons)
            try await Outbox(database: database).enqueue(
                templates.priceAlert(to: user.email, alert), kind: .priceAlert, userID: user.requireID(), senderDomain: senderDomain)
            product.lastAlertedAt = now
            sent = PriceAlertNotice(
                productID: alert.productID, title: alert.title, storeURL: alert.storeURL, oldPrice: alert.oldPrice,
                newPrice: alert.newPrice, currency: alert.currency)
        }
        let newState = sent != nil ? result.stateIfAlerted : result.stateIfNotAlerted
        product.alertTargetArmed = newState.targetArmed
        product.alertReferencePrice = newState.referencePrice?.decimalString
        return sent
    }

    /// The owner, if their alerts are on and fewer than `maximumPerDay` went out in the last 24 hours.
    private func recipient(of product: Product, on database: any Database, now: Date) async throws -> User? {
        let user = try await product.$user.get(on: database)
        guard user.alertsEnabled else { return nil }
        let recent = try await OutboxEmail.query(on: database)
            .filter(\.$user.$id == user.requireID())
            .filter(\.$kind == .priceAlert)
            .filter(\.$createdAt >= now.addingTimeInterval(-24 * 3600))
            .count()
        return recent < maximumPerDay ? user : nil
    }
}

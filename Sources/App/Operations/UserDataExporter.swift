import Fluent
import Foundation

/// Reads one user's `UserDataExport` from the database: for `mantis export` and `GET /auth/me/export`.
/// Only rows owned by that user are read, and of the user row only the settings.
struct UserDataExporter {
    let database: any Database
    /// Long histories are read on this thread on a SQLite file (see `SQLiteDirectReader`).
    var direct: SQLiteDirectReader?

    func export(_ user: User, at now: Date) async throws -> UserDataExport {
        let userID = try user.requireID()
        let products = try await Product.owned(by: userID, on: database)
            .sort(\.$createdAt).sort(\.$url)
            .all()
        let repository = PricePointRepository(database, direct: direct)
        var exported: [UserDataExport.Product] = []
        exported.reserveCapacity(products.count)
        for product in products {
            let id = try product.requireID()
            var entry = UserDataExport.Product(url: product.url)
            entry.title = product.title
            entry.imageURL = product.imageURL
            entry.currency = product.currency
            entry.stockStatus = product.stockStatus
            entry.createdAt = product.createdAt
            entry.lastChecked = product.lastChecked
            entry.targetPrice = product.targetPrice
            entry.alertOnDropPercent = product.alertOnDropPercent
            entry.alertTargetArmed = product.alertTargetArmed
            entry.alertReferencePrice = product.alertReferencePrice
            entry.lastAlertedAt = product.lastAlertedAt
            entry.priceRule = product.priceRule.map { .init(source: $0.source, locator: $0.locator) }
            entry.needsAttention = product.needsAttention
            entry.nextCheckAt = product.nextCheckAt
            entry.consecutiveFailures = product.consecutiveFailures
            entry.lastError = product.lastError
            entry.history = try await repository.history(productID: id).map {
                .init(price: $0.price, currency: $0.currency, checkedAt: $0.checkedAt)
            }
            entry.checks = try await checks(of: id)
            exported.append(entry)
        }
        return UserDataExport(
            exportedAt: now,
            user: .init(email: user.email, createdAt: user.createdAt, alertsEnabled: user.alertsEnabled),
            products: exported)
    }

    /// The whole check log, oldest first (the API shows the newest 100).
    private func checks(of productID: UUID) async throws -> [UserDataExport.Check] {
        try await DriverRows.query(
            "SELECT checked_at, succeeded, reason, price_source FROM product_checks WHERE product_id = $1 ORDER BY checked_at ASC",
            [.uuid(productID)], on: database, direct: direct
        ).map { row in
            guard let checkedAt = try row.date(0) else { throw DriverRows.UnreadableRow() }
            return .init(checkedAt: checkedAt, succeeded: try row.bool(1), reason: try row.text(2), priceSource: try row.text(3))
        }
    }

    /// `mantis-export-20270105.json`: the day of the export, in UTC.
    static func fileName(at date: Date) -> String {
        let day = ExportTimestamp.string(date).prefix(10).replacingOccurrences(of: "-", with: "")
        return "mantis-export-\(day).json"
    }
}

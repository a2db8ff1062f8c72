import Fluent
import Foundation

/// The writes of one check, as plain statements with positional binds. Fluent's `save` and `create` reflect
/// over every field of the model on each call (`Fields.properties` is built with `Mirror`); in a refresh
/// round that was a third of the process's CPU (`perf`, bench/refresh.sh), more than reading the pages.
enum CheckWrites {
    /// Stores what a check changes on a product that is already saved: its fields, the lease, the schedule,
    /// the alert state and the price summary.
    static func saveChecked(_ product: Product, on database: any Database) async throws {
        let sql = """
            UPDATE products SET title = $1, image_url = $2, currency = $3, stock_status = $4, last_checked = $5,
                next_check_at = $6, consecutive_failures = $7, last_error = $8, lease_expires_at = $9,
                alert_target_armed = $10, alert_reference_price = $11, last_alerted_at = $12,
                current_price = $13, previous_price = $14, lowest_price = $15, lowest_price_at = $16,
                needs_attention = $17, latest_candidates = $18
            WHERE id = $19
            """
        _ = try await DriverRows.query(sql, [
            .text(product.title), .text(product.imageURL), .text(product.currency), .text(product.stockStatus),
            .date(product.lastChecked), .date(product.nextCheckAt), .int(product.consecutiveFailures),
            .text(product.lastError), .date(product.leaseExpiresAt), .bool(product.alertTargetArmed),
            .text(product.alertReferencePrice), .date(product.lastAlertedAt), .text(product.currentPrice),
            .text(product.previousPrice), .text(product.lowestPrice), .date(product.lowestPriceAt),
            .bool(product.needsAttention), .text(product.latestCandidates), .uuid(try product.requireID()),
        ], on: database)
    }

    /// Stores a failed check's fields: the failure count, the reason, the lease and the retry time.
    static func saveFailed(_ product: Product, on database: any Database) async throws {
        let sql = """
            UPDATE products SET consecutive_failures = $1, last_error = $2, lease_expires_at = $3, next_check_at = $4
            WHERE id = $5
            """
        _ = try await DriverRows.query(sql, [
            .int(product.consecutiveFailures), .text(product.lastError), .date(product.leaseExpiresAt),
            .date(product.nextCheckAt), .uuid(try product.requireID()),
        ], on: database)
    }

    /// Appends a line to the product's check log.
    static func logCheck(
        productID: UUID, at date: Date, succeeded: Bool, reason: String?, priceSource: String? = nil,
        on database: any Database
    ) async throws {
        let sql = """
            INSERT INTO product_checks (id, product_id, checked_at, succeeded, reason, price_source)
            VALUES ($1, $2, $3, $4, $5, $6)
            """
        _ = try await DriverRows.query(
            sql, [.uuid(UUID()), .uuid(productID), .date(date), .bool(succeeded), .text(reason), .text(priceSource)],
            on: database)
    }

    /// The stored price summary, read again inside the check's transaction (locked on PostgreSQL; SQLite runs
    /// writers one at a time), because another check of the product may have committed since it was loaded.
    static func reloadSummary(of product: Product, on database: any Database) async throws {
        guard let id = product.id else { return }
        let lock = database.isPostgres ? " FOR UPDATE" : ""
        let sql = "SELECT current_price, previous_price, lowest_price, lowest_price_at FROM products WHERE id = $1\(lock)"
        guard let row = try await DriverRows.query(sql, [.uuid(id)], on: database).first else { return }
        product.currentPrice = try row.text(0)
        product.previousPrice = try row.text(1)
        product.lowestPrice = try row.text(2)
        product.lowestPriceAt = try row.date(3)
    }
}

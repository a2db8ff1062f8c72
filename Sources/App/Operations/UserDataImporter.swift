import Fluent
import Foundation
import MantisCore

/// Writes a `UserDataExport` into one account, for `mantis import`. Products are matched by URL: one the
/// account already tracks keeps its id and its own fields and settings, and gains only the price points (same
/// time and price) and check-log lines (same time and outcome) it lacks; any other is added with everything
/// the file says. So importing a file twice, or into the install it came from, adds nothing the second time.
///
/// The whole file is checked before anything is written, and written in one transaction.
struct UserDataImporter {
    struct Counts: Equatable, Sendable, CustomStringConvertible {
        var productsAdded = 0
        /// Already tracked, and gained points or check-log lines.
        var productsMerged = 0
        /// Already tracked, with everything the file has.
        var productsUnchanged = 0
        var pointsAdded = 0
        var checksAdded = 0
        var settingsChanged = false

        var description: String {
            "\(productsAdded) product(s) added, \(productsMerged) merged, \(productsUnchanged) already up to date; "
                + "\(pointsAdded) price point(s) and \(checksAdded) check(s) added"
                + (settingsChanged ? "; settings updated" : "")
        }
    }

    /// The file asks for something this install will not do (too many products); nothing has been written.
    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    let database: any Database
    let transaction: TransactionRunner
    /// `MAX_PRODUCTS_PER_USER` in web mode (0: no limit), the same bound `POST /products/fetch` keeps.
    let productLimit: Int

    init(database: any Database, transaction: TransactionRunner, productLimit: Int) {
        self.database = database
        self.transaction = transaction
        self.productLimit = productLimit
    }

    func importData(_ export: UserDataExport, into userID: UUID) async throws -> Counts {
        let products = try Self.checked(export.products)
        let alertsEnabled = export.user.alertsEnabled
        let limit = productLimit
        return try await transaction(on: database) { database in
            var counts = Counts()
            let tracked = try await DriverRows.query("SELECT id, url FROM products WHERE user_id = $1", [.uuid(userID)], on: database)
            var existing: [String: UUID] = [:]
            for row in tracked { existing[try row.requiredText(1)] = try row.uuid(0) }
            let adding = products.filter { existing[$0.url] == nil }.count
            if limit > 0, adding > 0, existing.count + adding > limit {
                throw Refusal(description: "The account tracks \(existing.count) product(s) and the file adds \(adding): more than "
                    + "MAX_PRODUCTS_PER_USER=\(limit). Nothing was imported; raise the limit (0: none) for this command, or remove products first.")
            }
            counts.settingsChanged = try await applySettings(alertsEnabled: alertsEnabled, userID: userID, on: database)
            var touched: [UUID] = []
            for product in products {
                if let id = existing[product.url] {
                    let (points, checks) = try await merge(product, into: id, on: database)
                    counts.pointsAdded += points
                    counts.checksAdded += checks
                    if points + checks > 0 {
                        counts.productsMerged += 1
                        if points > 0 { touched.append(id) }
                    } else {
                        counts.productsUnchanged += 1
                    }
                } else {
                    let id = try await insert(product, userID: userID, on: database)
                    try await appendPoints(product.history, to: id, on: database)
                    try await appendChecks(product.checks, to: id, on: database)
                    counts.productsAdded += 1
                    counts.pointsAdded += product.history.count
                    counts.checksAdded += product.checks.count
                    touched.append(id)
                }
            }
            try await refreshSummaries(of: touched, on: database)
            return counts
        }
    }

    // MARK: - Checking the file

    /// A product as it will be written: canonical URL and prices, history and checks without repeats.
    struct CheckedProduct: Sendable {
        var url: String
        var fields: UserDataExport.Product
        var history: [CheckedPoint]
        var checks: [UserDataExport.Check]
    }

    struct CheckedPoint: Hashable, Sendable {
        let price: PriceAmount
        let microseconds: Int64
        var currency: String?

        /// What makes two points the same point: the time and the price ("19.9" is "19.90").
        struct Key: Hashable {
            let price: PriceAmount
            let microseconds: Int64
        }

        var key: Key { Key(price: price, microseconds: microseconds) }
    }

    /// Two check-log lines are the same line when they share their time and outcome.
    struct CheckKey: Hashable {
        let microseconds: Int64
        let succeeded: Bool

        init(_ check: UserDataExport.Check) {
            microseconds = ExportTimestamp.microseconds(check.checkedAt)
            succeeded = check.succeeded
        }
    }

    /// Checks every product of the file, naming the first problem by its place in the file; a URL that
    /// appears twice becomes one product with both histories.
    static func checked(_ products: [UserDataExport.Product]) throws -> [CheckedProduct] {
        var result: [CheckedProduct] = []
        var index: [String: Int] = [:]
        for (position, product) in products.enumerated() {
            let place = "products[\(position)]"
            let url: String
            do {
                url = try ProductURL(product.url).description
            } catch {
                throw UserDataExport.Unreadable(description: "\(place).url is not an http(s) product address: \(product.url)")
            }
            var fields = product
            fields.url = url
            fields.targetPrice = try price(product.targetPrice, at: "\(place).target_price")
            fields.alertReferencePrice = try price(product.alertReferencePrice, at: "\(place).alert_reference_price")
            if let percent = product.alertOnDropPercent {
                guard PriceAmount(percent) != nil, let value = Decimal(string: percent), value > 0, value <= 100 else {
                    throw UserDataExport.Unreadable(description: "\(place).alert_on_drop_percent must be a number above 0 and at most 100, like \"10\".")
                }
            }
            if let rule = product.priceRule, rule.source.isEmpty || rule.locator.isEmpty || rule.source.utf8.count > 100
                || rule.locator.utf8.count > PriceRuleController.maximumLocatorLength {
                throw UserDataExport.Unreadable(description: "\(place).price_rule needs a source and a locator of sensible length.")
            }
            var history: [CheckedPoint] = []
            for (number, point) in product.history.enumerated() {
                guard let amount = PriceAmount(point.price) else {
                    throw UserDataExport.Unreadable(description: "\(place).history[\(number)].price is not a decimal price: \"\(point.price)\"")
                }
                history.append(CheckedPoint(
                    price: amount, microseconds: ExportTimestamp.microseconds(point.checkedAt), currency: point.currency.map { String($0.prefix(16)) }))
            }
            if let earlier = index[url] {
                result[earlier].history += history
                result[earlier].checks += product.checks
            } else {
                index[url] = result.count
                result.append(CheckedProduct(url: url, fields: fields, history: history, checks: product.checks))
            }
        }
        for position in result.indices {
            result[position].history = unique(result[position].history, by: \.key)
            result[position].checks = unique(result[position].checks) { CheckKey($0) }
        }
        return result
    }

    private static func price(_ text: String?, at place: String) throws -> String? {
        guard let text else { return nil }
        guard let amount = PriceAmount(text) else {
            throw UserDataExport.Unreadable(description: "\(place) is not a decimal price: \"\(text)\"")
        }
        return amount.decimalString
    }

    private static func unique<Element, Key: Hashable>(_ elements: [Element], by key: (Element) -> Key) -> [Element] {
        var seen: Set<Key> = []
        return elements.filter { seen.insert(key($0)).inserted }
    }

    // MARK: - Writing

    private func applySettings(alertsEnabled: Bool?, userID: UUID, on database: any Database) async throws -> Bool {
        let row = try await DriverRows.query("SELECT alerts_enabled FROM users WHERE id = $1", [.uuid(userID)], on: database).first
        guard let current = try row?.bool(0) else { throw Refusal(description: "The account to import into no longer exists.") }
        guard let alertsEnabled, current != alertsEnabled else { return false }
        _ = try await DriverRows.query(
            "UPDATE users SET alerts_enabled = $1 WHERE id = $2", [.bool(alertsEnabled), .uuid(userID)], on: database)
        return true
    }

    /// The product row with everything the file says; the price summary is filled in from the history later.
    /// The same limits a check keeps on what a page says (`ProductTracker.recordSuccess`).
    private func insert(_ product: CheckedProduct, userID: UUID, on database: any Database) async throws -> UUID {
        let id = UUID()
        let f = product.fields
        let image = f.imageURL.flatMap { $0.utf8.count <= ProductURL.maximumLength ? $0 : nil }
        let sql = """
            INSERT INTO products (id, user_id, url, title, image_url, currency, stock_status, last_checked, created_at,
                next_check_at, consecutive_failures, last_error, target_price, alert_on_drop_percent, alert_target_armed,
                alert_reference_price, last_alerted_at, price_rule_source, price_rule_locator, needs_attention)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
            """
        _ = try await DriverRows.query(sql, [
            .uuid(id), .uuid(userID), .text(product.url), .text(f.title.map { String($0.prefix(500)) }), .text(image),
            .text(f.currency.map { String($0.prefix(16)) }), .text(f.stockStatus.map { String($0.prefix(64)) }),
            storable(f.lastChecked, on: database), storable(f.createdAt ?? Date(), on: database),
            storable(f.nextCheckAt, on: database), .int(max(0, f.consecutiveFailures)),
            .text(f.lastError.map { String($0.prefix(2000)) }), .text(f.targetPrice), .text(f.alertOnDropPercent),
            .bool(f.alertTargetArmed), .text(f.alertReferencePrice), storable(f.lastAlertedAt, on: database),
            .text(f.priceRule?.source), .text(f.priceRule?.locator), .bool(f.needsAttention && f.priceRule != nil),
        ], on: database)
        return id
    }

    /// A time from the file, bound so that the database keeps its exact microsecond (`ExportTimestamp.storable`).
    private func storable(_ date: Date?, on database: any Database) -> DriverRows.Bind {
        guard let date else { return .null }
        return .date(ExportTimestamp.storable(microseconds: ExportTimestamp.microseconds(date), postgres: database.isPostgres))
    }

    /// Adds the points and check-log lines the tracked product lacks; returns how many of each.
    private func merge(_ product: CheckedProduct, into id: UUID, on database: any Database) async throws -> (Int, Int) {
        let stored = try await PricePointRepository(database).history(productID: id)
        var known = Set<CheckedPoint.Key>()
        for point in stored {
            guard let amount = PriceAmount(point.price) else { continue }
            known.insert(.init(price: amount, microseconds: ExportTimestamp.microseconds(point.checkedAt)))
        }
        let points = product.history.filter { !known.contains($0.key) }
        let logged = try await DriverRows.query(
            "SELECT checked_at, succeeded FROM product_checks WHERE product_id = $1", [.uuid(id)], on: database)
        var knownChecks = Set<CheckKey>()
        for row in logged {
            guard let date = try row.date(0) else { continue }
            knownChecks.insert(CheckKey(.init(checkedAt: date, succeeded: try row.bool(1), reason: nil, priceSource: nil)))
        }
        let checks = product.checks.filter { !knownChecks.contains(CheckKey($0)) }
        try await appendPoints(points, to: id, on: database)
        try await appendChecks(checks, to: id, on: database)
        return (points.count, checks.count)
    }

    private func appendPoints(_ points: [CheckedPoint], to id: UUID, on database: any Database) async throws {
        let postgres = database.isPostgres
        try await PricePointRepository(database).append(
            productID: id,
            points: points.map { ($0.price, $0.currency, ExportTimestamp.storable(microseconds: $0.microseconds, postgres: postgres)) })
    }

    /// A hundred lines per statement: one statement per line made a long log slow to import on PostgreSQL.
    private func appendChecks(_ checks: [UserDataExport.Check], to id: UUID, on database: any Database) async throws {
        for start in stride(from: 0, to: checks.count, by: 100) {
            let batch = checks[start..<min(checks.count, start + 100)]
            var values: [String] = []
            var binds: [DriverRows.Bind] = []
            for check in batch {
                let n = binds.count
                values.append("($\(n + 1), $\(n + 2), $\(n + 3), $\(n + 4), $\(n + 5), $\(n + 6))")
                binds += [
                    .uuid(UUID()), .uuid(id), storable(check.checkedAt, on: database),
                    .bool(check.succeeded), .text(check.reason.map { String($0.prefix(2000)) }), .text(check.priceSource.map { String($0.prefix(100)) }),
                ]
            }
            let sql = "INSERT INTO product_checks (id, product_id, checked_at, succeeded, reason, price_source) VALUES "
                + values.joined(separator: ", ")
            _ = try await DriverRows.query(sql, binds, on: database)
        }
    }

    /// The list's current, previous and lowest price of each product whose history grew, from the history, as
    /// `UpdateProductAddPriceSummary` first filled them: a point older than the latest must not become "current".
    private func refreshSummaries(of ids: [UUID], on database: any Database) async throws {
        let repository = PricePointRepository(database)
        for start in stride(from: 0, to: ids.count, by: 200) {
            let batch = Array(ids[start..<min(ids.count, start + 200)])
            let summaries = try await repository.summaries(productIDs: batch)
            for id in batch {
                let summary = summaries[id]
                _ = try await DriverRows.query(
                    "UPDATE products SET current_price = $1, previous_price = $2, lowest_price = $3, lowest_price_at = $4 WHERE id = $5",
                    [.text(summary?.current?.price), .text(summary?.previous?.price), .text(summary?.lowest?.price),
                     storable(summary?.lowest?.checkedAt, on: database), .uuid(id)],
                    on: database)
            }
        }
    }
}

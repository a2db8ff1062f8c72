import Fluent
import Foundation
import MantisCore
import SQLKit
import Vapor

/// Reads and writes `price_points` through SQL, because the column is NUMERIC on PostgreSQL and TEXT
/// on SQLite: writes cast the decimal text into the column type, reads cast it back to text, so the exact
/// value and its scale ("1299.00") survive on both.
struct PricePointRepository {
    static let table = "price_points"

    struct Point: Content, Equatable {
        let price: String
        let currency: String?
        let checkedAt: Date

        enum CodingKeys: String, CodingKey {
            case price, currency
            case checkedAt = "checked_at"
        }
    }

    struct Summary {
        var current: Point?
        var previous: Point?
        var lowest: Point?
    }

    private let fluent: any Database
    /// Long histories are read on this thread on a SQLite file (see `SQLiteDirectReader`).
    var direct: SQLiteDirectReader?

    init(_ database: any Database, direct: SQLiteDirectReader? = nil) {
        self.fluent = database
        self.direct = direct
    }

    private var database: any SQLDatabase { fluent.sql }

    private var isPostgres: Bool { database.isPostgres }

    /// How prices compare in SQL: numerically on both databases.
    private var numericPrice: String { isPostgres ? "price" : "CAST(price AS REAL)" }

    func append(productID: UUID, price: PriceAmount, currency: String?, at date: Date) async throws {
        let cast = isPostgres ? "NUMERIC" : "TEXT"
        try await database.raw("""
            INSERT INTO price_points (id, product_id, price, currency, checked_at)
            VALUES (\(bind: UUID()), \(bind: productID), CAST(\(bind: price.decimalString) AS \(unsafeRaw: cast)), \
            \(bind: currency), \(bind: date))
            """).run()
    }

    /// The points of a product in time order, optionally within `since`...`until`.
    /// Read by position from the driver's rows: 10,000 points through `SQLRow.decode` took 45 ms on SQLite.
    func history(productID: UUID, since: Date? = nil, until: Date? = nil) async throws -> [Point] {
        var sql = "SELECT CAST(price AS TEXT), currency, checked_at FROM price_points WHERE product_id = $1"
        var binds: [DriverRows.Bind] = [.uuid(productID)]
        if let since {
            binds.append(.date(since))
            sql += " AND checked_at >= $\(binds.count)"
        }
        if let until {
            binds.append(.date(until))
            sql += " AND checked_at <= $\(binds.count)"
        }
        sql += " ORDER BY checked_at ASC"
        return try await DriverRows.query(sql, binds, on: fluent, direct: direct).map { row in
            guard let checkedAt = try row.date(2) else { throw DriverRows.UnreadableRow() }
            return Point(price: try row.requiredText(0), currency: try row.text(1), checkedAt: checkedAt)
        }
    }

    /// At most `maxPoints` of `points` for a chart, every bucket's low and high kept (see `PriceSeriesDownsampler`).
    static func downsample(_ points: [Point], maxPoints: Int) -> [Point] {
        guard points.count > maxPoints else { return points }
        let series = points.map { PriceSeriesDownsampler.Point(value: Double($0.price) ?? 0, payload: $0) }
        return PriceSeriesDownsampler.downsample(series, maxPoints: maxPoints).map(\.payload)
    }

    /// Current, previous and lowest price of each product, in one query.
    func summaries(productIDs: [UUID]) async throws -> [UUID: Summary] {
        guard !productIDs.isEmpty else { return [:] }
        let rows = try await database.raw("""
            SELECT product_id, price, currency, checked_at, recent_rank, low_rank FROM (
                SELECT product_id, CAST(price AS TEXT) AS price, currency, checked_at,
                    ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY checked_at DESC) AS recent_rank,
                    ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY \(unsafeRaw: numericPrice) ASC, checked_at ASC) AS low_rank
                FROM price_points WHERE product_id IN (\(binds: productIDs))
            ) ranked WHERE recent_rank <= 2 OR low_rank = 1
            """).all()
        var summaries: [UUID: Summary] = [:]
        for row in rows {
            let productID = try row.decode(column: "product_id", as: UUID.self)
            let recentRank = try row.decode(column: "recent_rank", as: Int.self)
            let lowRank = try row.decode(column: "low_rank", as: Int.self)
            let point = try point(row)
            if recentRank == 1 { summaries[productID, default: Summary()].current = point }
            if recentRank == 2 { summaries[productID, default: Summary()].previous = point }
            if lowRank == 1 { summaries[productID, default: Summary()].lowest = point }
        }
        return summaries
    }

    private func point(_ row: any SQLRow) throws -> Point {
        Point(
            price: try row.decode(column: "price", as: String.self),
            currency: try row.decode(column: "currency", as: String?.self),
            checkedAt: try row.decode(column: "checked_at", as: Date.self))
    }
}

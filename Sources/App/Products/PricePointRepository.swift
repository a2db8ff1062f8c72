import Fluent
import Foundation
import MantisCore
import PostgresNIO
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
        let sql = "INSERT INTO price_points (id, product_id, price, currency, checked_at) VALUES ($1, $2, CAST($3 AS \(cast)), $4, $5)"
        _ = try await DriverRows.query(
            sql, [.uuid(UUID()), .uuid(productID), .text(price.decimalString), .text(currency), .date(date)], on: fluent)
    }

    /// Many points of one product (`mantis import`), a hundred per statement: one statement per point made a
    /// long history slow to import on PostgreSQL.
    func append(productID: UUID, points: [(price: PriceAmount, currency: String?, at: Date)]) async throws {
        let cast = isPostgres ? "NUMERIC" : "TEXT"
        for start in stride(from: 0, to: points.count, by: 100) {
            var values: [String] = []
            var binds: [DriverRows.Bind] = []
            for point in points[start..<min(points.count, start + 100)] {
                let n = binds.count
                values.append("($\(n + 1), $\(n + 2), CAST($\(n + 3) AS \(cast)), $\(n + 4), $\(n + 5))")
                binds += [.uuid(UUID()), .uuid(productID), .text(point.price.decimalString), .text(point.currency), .date(point.at)]
            }
            let sql = "INSERT INTO price_points (id, product_id, price, currency, checked_at) VALUES " + values.joined(separator: ", ")
            _ = try await DriverRows.query(sql, binds, on: fluent)
        }
    }

    /// The points of a product in time order, optionally within `since`...`until`.
    /// Read by position from the driver's rows: 10,000 points through `SQLRow.decode` took 45 ms on SQLite.
    func history(productID: UUID, since: Date? = nil, until: Date? = nil) async throws -> [Point] {
        var filter = "FROM price_points WHERE product_id = $1"
        var binds: [DriverRows.Bind] = [.uuid(productID)]
        if let since {
            binds.append(.date(since))
            filter += " AND checked_at >= $\(binds.count)"
        }
        if let until {
            binds.append(.date(until))
            filter += " AND checked_at <= $\(binds.count)"
        }
        if let postgres = fluent as? any PostgresDatabase {
            return try await aggregatedHistory(filter, binds, on: postgres)
        }
        let sql = "SELECT CAST(price AS TEXT), currency, checked_at \(filter) ORDER BY checked_at ASC"
        return try await DriverRows.query(sql, binds, on: fluent, direct: direct).map { row in
            guard let checkedAt = try row.date(2) else { throw DriverRows.UnreadableRow() }
            return Point(price: try row.requiredText(0), currency: try row.text(1), checkedAt: checkedAt)
        }
    }

    /// On PostgreSQL the series comes back as one row of three arrays, read straight from their binary form
    /// (`PostgresBinaryArray`): row by row, the driver's per-row work was most of the 29 ms a 10,000-point
    /// detail took (bench/run.sh).
    private func aggregatedHistory(_ filter: String, _ binds: [DriverRows.Bind], on postgres: any PostgresDatabase) async throws -> [Point] {
        let sql = """
            SELECT array_agg(price), array_agg(currency), array_agg(checked_at) FROM (
                SELECT CAST(price AS TEXT) AS price, currency, checked_at \(filter) ORDER BY checked_at ASC
            ) ordered
            """
        let result = try await postgres.query(sql, binds.map(\.postgres)).get()
        guard let row = result.rows.first?.makeRandomAccess(), row.count == 3 else { return [] }
        // No points: array_agg gives NULL.
        guard let priceBytes = row[0].bytes, let currencyBytes = row[1].bytes, let dateBytes = row[2].bytes else { return [] }
        guard row[0].format == .binary, row[1].format == .binary, row[2].format == .binary else { throw DriverRows.UnreadableRow() }
        let prices = try PostgresBinaryArray(priceBytes).strings()
        let currencies = try PostgresBinaryArray(currencyBytes).strings()
        let dates = try PostgresBinaryArray(dateBytes).timestamps()
        guard prices.count == currencies.count, prices.count == dates.count else { throw DriverRows.UnreadableRow() }
        var points: [Point] = []
        points.reserveCapacity(prices.count)
        for index in prices.indices {
            guard let price = prices[index] else { throw DriverRows.UnreadableRow() }
            points.append(Point(price: price, currency: currencies[index], checkedAt: dates[index]))
        }
        return points
    }

    /// At most `maxPoints` of `points` for a chart, every bucket's low and high kept (see `PriceSeriesDownsampler`).
    static func downsample(_ points: [Point], maxPoints: Int) -> [Point] {
        guard points.count > maxPoints else { return points }
        // Indices over plain values: wrapping every point with its payload for the downsampler cost more than
        // choosing the points.
        return PriceSeriesDownsampler.keptIndices(points.map { chartValue($0.price) }, maxPoints: maxPoints).map { points[$0] }
    }

    /// A stored decimal ("1299.00") as a Double, without `strtod` (a tenth of a 10,000-point detail): digits
    /// and one point, at most 15 digits, give the integer over a power of ten — one correctly rounded
    /// division, so the same Double `Double(_:)` gives. Anything else goes through `Double(_:)`.
    static func chartValue(_ text: String) -> Double {
        var digits: Int64 = 0
        var count = 0
        var scale: Double = 1
        var seenPoint = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                count += 1
                guard count <= 15 else { return Double(text) ?? 0 }
                digits = digits * 10 + Int64(byte - UInt8(ascii: "0"))
                if seenPoint { scale *= 10 }
            case UInt8(ascii: ".") where !seenPoint:
                seenPoint = true
            default:
                return Double(text) ?? 0
            }
        }
        return count == 0 ? 0 : Double(digits) / scale
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

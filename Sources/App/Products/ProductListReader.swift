import Fluent
import Foundation
import PostgresNIO
import SQLiteNIO

/// Reads a user's product list: one indexed statement over the columns the list shows. It reads the driver's
/// rows directly — decoding sixteen columns of fifty rows through `Decodable` cost more than the query.
struct ProductListReader {
    let database: any Database

    func products(of userID: UUID) async throws -> [ProductResponse] {
        if let sqlite = database as? any SQLiteDatabase {
            let columns = ProductResponse.listColumns.joined(separator: ", ")
            let rows = try await sqlite.query(
                "SELECT \(columns) FROM products WHERE user_id = ?1 ORDER BY created_at DESC", [.text(userID.uuidString)])
            return try rows.map(Self.response)
        }
        if let postgres = database as? any PostgresDatabase {
            let columns = ProductResponse.listColumns.joined(separator: ", ")
            let result = try await postgres.query(
                "SELECT \(columns) FROM products WHERE user_id = $1 ORDER BY created_at DESC", [PostgresData(uuid: userID)]
            ).get()
            return try result.rows.map(Self.response)
        }
        throw UnsupportedDatabase()
    }

    /// Mantis runs on SQLite or PostgreSQL only; anything else is a programming error worth hearing about.
    struct UnsupportedDatabase: Error {}
    struct UnreadableRow: Error {}

    /// Columns by position, in `ProductResponse.listColumns` order.
    private static func response(_ row: SQLiteRow) throws -> ProductResponse {
        let data = row.columns.map(\.data)
        guard data.count == ProductResponse.listColumns.count, let id = uuid(data[0]), let url = text(data[1]) else {
            throw UnreadableRow()
        }
        return ProductResponse(
            id: id, url: url, title: text(data[2]), imageUrl: text(data[3]), currency: text(data[4]), stockStatus: text(data[5]),
            lastChecked: date(data[6]), createdAt: date(data[7]), currentPrice: text(data[8]), previousPrice: text(data[9]),
            lowestPrice: text(data[10]), lowestPriceAt: date(data[11]), targetPrice: text(data[12]),
            alertOnDropPercent: text(data[13]), lastError: text(data[14]), nextCheckAt: date(data[15]))
    }

    private static func response(_ row: PostgresRow) throws -> ProductResponse {
        let cells = row.makeRandomAccess()
        func text(_ index: Int) throws -> String? { try cells[index].decode(String?.self) }
        func date(_ index: Int) throws -> Date? { try cells[index].decode(Date?.self) }
        return ProductResponse(
            id: try cells[0].decode(UUID.self), url: try cells[1].decode(String.self), title: try text(2), imageUrl: try text(3),
            currency: try text(4), stockStatus: try text(5), lastChecked: try date(6), createdAt: try date(7),
            currentPrice: try text(8), previousPrice: try text(9), lowestPrice: try text(10), lowestPriceAt: try date(11),
            targetPrice: try text(12), alertOnDropPercent: try text(13), lastError: try text(14), nextCheckAt: try date(15))
    }

    private static func text(_ data: SQLiteData) -> String? {
        if case .text(let value) = data { return value }
        return nil
    }

    private static func uuid(_ data: SQLiteData) -> UUID? {
        switch data {
        case .text(let value): UUID(uuidString: value)
        case .blob(let buffer) where buffer.readableBytes == 16:
            buffer.withUnsafeReadableBytes { raw in UUID(uuid: raw.loadUnaligned(as: uuid_t.self)) }
        default: nil
        }
    }

    private static func date(_ data: SQLiteData) -> Date? {
        Date(sqliteData: data)
    }
}

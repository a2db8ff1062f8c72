import Fluent
import Foundation

/// Reads a user's product list: one indexed statement over the columns the list shows, read by position
/// from the driver's rows (`DriverRows`).
struct ProductListReader {
    enum Statement: PreparedSQLText {
        static let name = "mantis_product_list"
        static let sql = "SELECT \(ProductResponse.listColumns.joined(separator: ", ")) FROM products WHERE user_id = $1 ORDER BY created_at DESC"
    }

    let database: any Database
    var direct: SQLiteDirectReader?

    func products(of userID: UUID) async throws -> [ProductResponse] {
        let rows = try await DriverRows.query(Statement.self, [.uuid(userID)], on: database, direct: direct)
        return try rows.map(Self.response)
    }

    /// Columns by position, in `ProductResponse.listColumns` order.
    private static func response(_ row: DriverRows.Cells) throws -> ProductResponse {
        guard row.count == ProductResponse.listColumns.count else { throw DriverRows.UnreadableRow() }
        return ProductResponse(
            id: try row.uuid(0), url: try row.requiredText(1), title: try row.text(2), imageUrl: try row.text(3),
            currency: try row.text(4), stockStatus: try row.text(5), lastChecked: try row.date(6), createdAt: try row.date(7),
            currentPrice: try row.text(8), previousPrice: try row.text(9), lowestPrice: try row.text(10),
            lowestPriceAt: try row.date(11), targetPrice: try row.text(12), alertOnDropPercent: try row.text(13),
            lastError: try row.text(14), nextCheckAt: try row.date(15), needsAttention: try row.bool(16))
    }
}

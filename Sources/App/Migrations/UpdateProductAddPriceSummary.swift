import Foundation
import Fluent
import SQLKit

/// The summary a product list shows (current, previous and lowest price, and when the lowest was seen) kept
/// on the product row, so listing products never ranks price history. Filled from the history that exists.
struct UpdateProductAddPriceSummary: AsyncMigration {
    private let columns = AddColumns(table: Product.schema, fields: [
        .definition(name: .key("current_price"), dataType: .string, constraints: []),
        .definition(name: .key("previous_price"), dataType: .string, constraints: []),
        .definition(name: .key("lowest_price"), dataType: .string, constraints: []),
        .definition(name: .key("lowest_price_at"), dataType: .datetime, constraints: []),
    ])

    func prepare(on database: any Database) async throws {
        try await columns.prepare(on: database)
        try await Self.backfill(on: database)
    }

    /// Sets every product's summary from its price history.
    static func backfill(on database: any Database) async throws {
        let sql = database.sql
        let ids = try await sql.select().column("id").from(Product.schema).all().map { try $0.decode(column: "id", as: UUID.self) }
        let repository = PricePointRepository(database)
        for start in stride(from: 0, to: ids.count, by: 200) {
            let batch = Array(ids[start..<min(ids.count, start + 200)])
            for (id, summary) in try await repository.summaries(productIDs: batch) {
                try await sql.update(Product.schema)
                    .set("current_price", to: summary.current?.price)
                    .set("previous_price", to: summary.previous?.price)
                    .set("lowest_price", to: summary.lowest?.price)
                    .set("lowest_price_at", to: summary.lowest?.checkedAt)
                    .where("id", .equal, id)
                    .run()
            }
        }
    }

    func revert(on database: any Database) async throws { try await columns.revert(on: database) }
}

import Fluent
import SQLKit

/// Prices are exact decimals: NUMERIC on PostgreSQL, TEXT on SQLite (whose NUMERIC affinity would turn
/// "19.90" into a binary float). Never REAL.
struct CreatePricePoint: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let priceType: DatabaseSchema.DataType = sql.dialect.name == "postgresql" ? .sql(unsafeRaw: "NUMERIC") : .string
        try await database.schema(PricePointRepository.table)
            .id()
            .field("product_id", .uuid, .required, .references(Product.schema, "id", onDelete: .cascade))
            .field("price", priceType, .required)
            .field("currency", .string)
            .field("checked_at", .datetime, .required)
            .create()
        try await sql.create(index: "price_points_product_checked_idx")
            .on(PricePointRepository.table).column("product_id").column("checked_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PricePointRepository.table).delete()
    }
}

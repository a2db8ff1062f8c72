import Fluent
import SQLKit

/// `GET /products` reads one user's products newest first: this index serves it without a sort.
struct CreateProductListIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql.create(index: "products_user_created_idx")
            .on(Product.schema).column("user_id").column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "products_user_created_idx").run()
    }
}

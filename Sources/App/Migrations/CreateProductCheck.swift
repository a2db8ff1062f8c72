import Fluent
import SQLKit

struct CreateProductCheck: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ProductCheck.schema)
            .id()
            .field("product_id", .uuid, .required, .references(Product.schema, "id", onDelete: .cascade))
            .field("checked_at", .datetime, .required)
            .field("succeeded", .bool, .required)
            .field("reason", .string)
            .create()
        try await (database as! any SQLDatabase).create(index: "product_checks_product_checked_idx")
            .on(ProductCheck.schema).column("product_id").column("checked_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ProductCheck.schema).delete()
    }
}

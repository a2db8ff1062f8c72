import Fluent

struct CreateProduct: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Product.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("url", .string, .required)
            .field("title", .string)
            .field("image_url", .string)
            .field("currency", .string)
            .field("stock_status", .string)
            .field("last_checked", .datetime)
            .field("created_at", .datetime)
            // Two users may track the same page; one user tracks it once.
            .unique(on: "user_id", "url")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Product.schema).delete()
    }
}

import Fluent
import SQLKit

struct CreateRotatedRefreshToken: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RotatedRefreshToken.schema)
            .id()
            .field("session_id", .uuid, .required, .references(UserSession.schema, "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("rotated_at", .datetime, .required)
            .create()
        try await (database as! any SQLDatabase).create(index: "rotated_refresh_tokens_session_hash_idx")
            .on(RotatedRefreshToken.schema).column("session_id").column("token_hash").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RotatedRefreshToken.schema).delete()
    }
}

import Fluent
import SQLKit

struct CreateEmailOutbox: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OutboxEmail.schema)
            .id()
            // Deleting an account deletes its queued mail too.
            .field("user_id", .uuid, .references(User.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("recipient", .string, .required)
            .field("subject", .string, .required)
            .field("text_body", .string, .required)
            .field("html_body", .string)
            .field("message_id", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("permanent_failures", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("lease_expires_at", .datetime)
            .field("last_error", .string)
            .field("sent_at", .datetime)
            .field("created_at", .datetime)
            .create()
        try await (database as! any SQLDatabase).create(index: "email_outbox_due_idx")
            .on(OutboxEmail.schema).column("status").column("next_attempt_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OutboxEmail.schema).delete()
    }
}

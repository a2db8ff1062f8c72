import Fluent
import SQLKit

struct UpdateProductAddScheduling: AsyncMigration {
    // SQLite alters one column per statement, so each field is its own update.
    private let fields: [DatabaseSchema.FieldDefinition] = [
        .definition(name: .key("next_check_at"), dataType: .datetime, constraints: []),
        .definition(name: .key("consecutive_failures"), dataType: .int, constraints: [.required, .sql(.default(0))]),
        .definition(name: .key("last_error"), dataType: .string, constraints: []),
        .definition(name: .key("lease_expires_at"), dataType: .datetime, constraints: []),
    ]

    func prepare(on database: any Database) async throws {
        for field in fields {
            let schema = database.schema(Product.schema)
            schema.schema.createFields = [field]
            try await schema.update()
        }
        try await (database as! any SQLDatabase).create(index: "products_next_check_idx")
            .on(Product.schema).column("next_check_at").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "products_next_check_idx").run()
        for case .definition(.key(let key), _, _) in fields.reversed() {
            try await database.schema(Product.schema).deleteField(key).update()
        }
    }
}

import Fluent
import SQLKit

struct UpdateProductAddScheduling: AsyncMigration {
    private let columns = AddColumns(table: Product.schema, fields: [
        .definition(name: .key("next_check_at"), dataType: .datetime, constraints: []),
        .definition(name: .key("consecutive_failures"), dataType: .int, constraints: [.required, .sql(.default(0))]),
        .definition(name: .key("last_error"), dataType: .string, constraints: []),
        .definition(name: .key("lease_expires_at"), dataType: .datetime, constraints: []),
    ])

    func prepare(on database: any Database) async throws {
        try await columns.prepare(on: database)
        try await (database as! any SQLDatabase).create(index: "products_next_check_idx")
            .on(Product.schema).column("next_check_at").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "products_next_check_idx").run()
        try await columns.revert(on: database)
    }
}

import Fluent

struct UpdateProductAddAlerts: AsyncMigration {
    private let columns = AddColumns(table: Product.schema, fields: [
        .definition(name: .key("target_price"), dataType: .string, constraints: []),
        .definition(name: .key("alert_on_drop_percent"), dataType: .string, constraints: []),
        .definition(name: .key("alert_target_armed"), dataType: .bool, constraints: [.required, .sql(.default(true))]),
        .definition(name: .key("alert_reference_price"), dataType: .string, constraints: []),
        .definition(name: .key("last_alerted_at"), dataType: .datetime, constraints: []),
    ])

    func prepare(on database: any Database) async throws { try await columns.prepare(on: database) }
    func revert(on database: any Database) async throws { try await columns.revert(on: database) }
}

import Fluent

struct UpdateUserAddEmailPreferences: AsyncMigration {
    private let columns = AddColumns(table: User.schema, fields: [
        .definition(name: .key("alerts_enabled"), dataType: .bool, constraints: [.required, .sql(.default(true))]),
        .definition(name: .key("verification_resent_at"), dataType: .datetime, constraints: []),
    ])

    func prepare(on database: any Database) async throws { try await columns.prepare(on: database) }
    func revert(on database: any Database) async throws { try await columns.revert(on: database) }
}

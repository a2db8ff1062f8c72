import Fluent

/// How each successful check chose its price ("rule", "rule_unmatched", or the automatic method), for the log.
struct UpdateProductCheckAddPriceSource: AsyncMigration {
    private let columns = AddColumns(table: ProductCheck.schema, fields: [
        .definition(name: .key("price_source"), dataType: .string, constraints: []),
    ])

    func prepare(on database: any Database) async throws { try await columns.prepare(on: database) }
    func revert(on database: any Database) async throws { try await columns.revert(on: database) }
}

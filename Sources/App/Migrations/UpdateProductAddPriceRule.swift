import Fluent

/// The user's chosen price (`PriceRule`), the "needs your eye" flag, and the latest check's candidates.
struct UpdateProductAddPriceRule: AsyncMigration {
    private let columns = AddColumns(table: Product.schema, fields: [
        .definition(name: .key("price_rule_source"), dataType: .string, constraints: []),
        .definition(name: .key("price_rule_locator"), dataType: .string, constraints: []),
        .definition(name: .key("needs_attention"), dataType: .bool, constraints: [.required, .sql(.default(false))]),
        .definition(name: .key("latest_candidates"), dataType: .string, constraints: []),
    ])

    func prepare(on database: any Database) async throws { try await columns.prepare(on: database) }
    func revert(on database: any Database) async throws { try await columns.revert(on: database) }
}

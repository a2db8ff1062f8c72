import Fluent

/// Adds columns one statement each (SQLite alters one column at a time) and drops them in reverse order.
struct AddColumns {
    let table: String
    let fields: [DatabaseSchema.FieldDefinition]

    func prepare(on database: any Database) async throws {
        for field in fields {
            let builder = database.schema(table)
            builder.schema.createFields = [field]
            try await builder.update()
        }
    }

    func revert(on database: any Database) async throws {
        for case .definition(.key(let key), _, _) in fields.reversed() {
            try await database.schema(table).deleteField(key).update()
        }
    }
}

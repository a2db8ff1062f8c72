import Fluent
import SQLKit

/// Makes the `products_version` trigger (`UpdateUserAddProductsVersion`) watch every column the product
/// list shows today: `needs_attention` joined the list with `UpdateProductAddPriceRule`.
struct UpdateProductsVersionTrigger: AsyncMigration {
    static var watchedColumns: String {
        ProductResponse.listColumns.filter { $0 != "id" }.joined(separator: ", ")
    }

    func prepare(on database: any Database) async throws {
        try await replaceUpdateTrigger(watching: Self.watchedColumns, on: database)
    }

    func revert(on database: any Database) async throws {
        try await replaceUpdateTrigger(watching: UpdateUserAddProductsVersion.watchedColumns, on: database)
    }

    private func replaceUpdateTrigger(watching columns: String, on database: any Database) async throws {
        let sql = database.sql
        if sql.isPostgres {
            try await sql.raw("DROP TRIGGER IF EXISTS products_version_bump ON products").run()
            try await sql.raw("""
                CREATE TRIGGER products_version_bump AFTER INSERT OR DELETE OR UPDATE OF \(unsafeRaw: columns) \
                ON products FOR EACH ROW EXECUTE FUNCTION mantis_bump_products_version()
                """).run()
        } else {
            try await sql.raw("DROP TRIGGER IF EXISTS products_version_update").run()
            try await sql.raw("""
                CREATE TRIGGER products_version_update AFTER UPDATE OF \(unsafeRaw: columns) ON products \
                BEGIN UPDATE users SET products_version = products_version + 1 WHERE id = NEW.user_id; END
                """).run()
        }
    }
}

import Fluent
import SQLKit

/// The scheduler claims due products `ORDER BY next_check_at ASC NULLS FIRST` (never-checked first). On
/// PostgreSQL a plain index sorts NULLs last, so with 500,000 products the claim read every due row and sorted
/// them (35 ms for 100 at 2 % due, `bench/scale.sh`); an index in the claim's own order lets it read the first
/// rows and stop. SQLite already sorts NULLs first in ascending order, so its `products_next_check_idx` serves.
struct CreateProductDueIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        guard sql.isPostgres else { return }
        try await sql.raw("CREATE INDEX products_due_idx ON products (next_check_at ASC NULLS FIRST)").run()
        try await sql.raw("DROP INDEX IF EXISTS products_next_check_idx").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        guard sql.isPostgres else { return }
        try await sql.raw("CREATE INDEX IF NOT EXISTS products_next_check_idx ON products (next_check_at)").run()
        try await sql.raw("DROP INDEX IF EXISTS products_due_idx").run()
    }
}

import Fluent
import SQLKit

/// A counter on the user row that the database itself moves on whenever one of the user's products is
/// added, removed, or changes a column the product list shows. The session check reads it for free, so a
/// cached product list can be proven current without reading the products (`ProductListCache`).
///
/// Triggers rather than application code: every write path (the API, the scheduler, alerts, a future
/// `mantis import`, a `psql` session) moves the counter, and it moves in the writer's own transaction.
struct UpdateUserAddProductsVersion: AsyncMigration {
    private let columns = AddColumns(table: User.schema, fields: [
        .definition(name: .key("products_version"), dataType: .int64, constraints: [.required, .sql(.default(0))]),
    ])

    /// The columns whose change made a list stale when this shipped (the list's columns then, without the id).
    /// Spelled out, not derived from `ProductResponse.listColumns`: a shipped migration must not change when
    /// the list grows; `UpdateProductsVersionTrigger` watches the later columns.
    static let watchedColumns = """
        url, title, image_url, currency, stock_status, last_checked, created_at, current_price, previous_price, \
        lowest_price, lowest_price_at, target_price, alert_on_drop_percent, last_error, next_check_at
        """

    func prepare(on database: any Database) async throws {
        try await columns.prepare(on: database)
        let sql = database.sql
        let bump = "UPDATE users SET products_version = products_version + 1 WHERE id ="
        if sql.isPostgres {
            try await sql.raw("""
                CREATE FUNCTION mantis_bump_products_version() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'DELETE' THEN \(unsafeRaw: bump) OLD.user_id; ELSE \(unsafeRaw: bump) NEW.user_id; END IF;
                    RETURN NULL;
                END $$
                """).run()
            try await sql.raw("""
                CREATE TRIGGER products_version_bump AFTER INSERT OR DELETE OR UPDATE OF \(unsafeRaw: Self.watchedColumns) \
                ON products FOR EACH ROW EXECUTE FUNCTION mantis_bump_products_version()
                """).run()
        } else {
            try await sql.raw("""
                CREATE TRIGGER products_version_insert AFTER INSERT ON products \
                BEGIN \(unsafeRaw: bump) NEW.user_id; END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER products_version_update AFTER UPDATE OF \(unsafeRaw: Self.watchedColumns) ON products \
                BEGIN \(unsafeRaw: bump) NEW.user_id; END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER products_version_delete AFTER DELETE ON products \
                BEGIN \(unsafeRaw: bump) OLD.user_id; END
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        if sql.isPostgres {
            try await sql.raw("DROP TRIGGER IF EXISTS products_version_bump ON products").run()
            try await sql.raw("DROP FUNCTION IF EXISTS mantis_bump_products_version()").run()
        } else {
            for name in ["products_version_insert", "products_version_update", "products_version_delete"] {
                try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: name)").run()
            }
        }
        try await columns.revert(on: database)
    }
}

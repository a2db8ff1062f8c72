@testable import App
import Fluent
import Foundation
import SQLiteNIO

/// A database with something in every table a user's life fills: an account with a session, products with
/// price history and check logs, an alert target, a queued email — for the tests that copy, back up and
/// restore whole databases.
enum PopulatedData {
    /// Fills `t`'s database through the API; returns the account.
    @discardableResult
    static func fill(_ t: TestApp, store: FixtureStore, prefix: String = "owner") async throws -> TestAccount {
        let account = try await t.verifiedAccount(prefix)
        for (slug, price) in [("kettle", "30.00"), ("lamp", "12.50"), ("chair", "1234.56")] {
            await store.setProduct("\(prefix)-\(slug)", title: "Fixture \(slug) – “quoted” ✓", price: price)
            let added = try await t.client.post("/products/fetch", ["url": store.url("/product/\(prefix)-\(slug)")], token: account.accessToken)
            guard let id = added.string("id") else { throw TestSetupError.timeout("could not add \(slug): \(added.text)") }
            await store.setProduct("\(prefix)-\(slug)", price: "9.99")
            _ = try await t.client.post("/products/\(id)/refresh", token: account.accessToken)
            _ = try await t.client.send(.PATCH, "/products/\(id)", json: ["target_price": "5.00"], token: account.accessToken)
        }
        return account
    }

    /// Every table's rows as text, in a stable order, by table: equal for two databases holding the same data.
    static func sqliteTables(_ path: String) async throws -> [String: [String]] {
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        defer { Task { try? await connection.close() } }
        var tables: [String: [String]] = [:]
        let names = try await connection.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        for row in names {
            let name = row.column("name")!.string!
            let rows = try await connection.query("SELECT * FROM \"\(name)\"")
            tables[name] = rows.map { row in row.columns.map { "\($0.name)=\($0.data)" }.joined(separator: "|") }.sorted()
        }
        return tables
    }

    /// Every table's rows as PostgreSQL's text form of the row, sorted, by table.
    static func postgresTables(_ url: String) async throws -> [String: [String]] {
        let names = try await Blocking.run {
            try PostgresAdmin.psqlOutput(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
        }.split(separator: "\n").map(String.init)
        var tables: [String: [String]] = [:]
        for name in names {
            let rows = try await Blocking.run { try PostgresAdmin.psqlOutput(url, "SELECT t::text FROM \"\(name)\" t") }
            tables[name] = rows.split(separator: "\n").map(String.init).sorted()
        }
        return tables
    }
}

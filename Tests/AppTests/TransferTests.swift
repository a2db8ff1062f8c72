@testable import App
import Foundation
import SQLiteNIO
import Testing

/// `mantis transfer`: a populated SQLite install into PostgreSQL and back (every table, ids and timestamps),
/// idempotent, verified (a conflicting row or another price rolls everything back, exit 1), and `--user`
/// moving a local-mode install's products to a web account.
@Suite("Transfer between SQLite and PostgreSQL", .serialized, .timeLimit(.minutes(5)), .enabled(if: TestDatabase.postgresAdminURL != nil))
struct TransferTests {
    private func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mantis-transfer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// A fresh PostgreSQL database for `body`, dropped afterwards.
    private func withPostgres(_ body: (String) async throws -> Void) async throws {
        let admin = try #require(TestDatabase.postgresAdminURL)
        let database = try await PostgresAdmin.createDatabase(adminURL: admin)
        do { try await body(database.url) } catch {
            await PostgresAdmin.dropDatabase(adminURL: admin, name: database.name)
            throw error
        }
        await PostgresAdmin.dropDatabase(adminURL: admin, name: database.name)
    }

    /// A SQLite file served by a running test app (`source`) and an empty PostgreSQL database (`url`): a test
    /// app reverts its migrations when it ends, so everything happens while it runs.
    private func withSourceAndTarget(_ body: (_ source: TestApp, _ store: FixtureStore, _ path: String, _ url: String) async throws -> Void) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("home.sqlite").path
        try await withPostgres { url in
            try await withFixtureStore { store in
                try await withApp(.sqlite, environment: ["MANTIS_DB_PATH": path]) { source in
                    try await body(source, store, path, url)
                }
            }
        }
    }

    /// Every table's rows of a SQLite file, cell by cell, with times to the millisecond (PostgreSQL keeps
    /// microseconds, SQLite a double) and without `users.products_version`, a cache key the target's triggers
    /// move on every insert (which is what a cache key should do).
    private func tables(_ path: String) async throws -> [String: [String]] {
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        defer { Task { try? await connection.close() } }
        var tables: [String: [String]] = [:]
        for table in DatabaseTransfer.tables {
            let rows = try await connection.query("SELECT * FROM \"\(table)\"")
            tables[table] = rows.map { row in
                row.columns.filter { $0.name != "products_version" }.map { column -> String in
                    switch column.data {
                    case .float(let value): "\(column.name)=\((value * 1000).rounded() / 1000)"
                    case .blob(let buffer): "\(column.name)=\(Data(buffer.readableBytesView).base64EncodedString())"
                    default: "\(column.name)=\(column.data)"
                    }
                }.joined(separator: "|")
            }.sorted()
        }
        return tables
    }

    private func count(_ table: String, _ url: String) async throws -> Int {
        Int(try await Blocking.run { try PostgresAdmin.psqlOutput(url, "SELECT count(*) FROM \(table)") }.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test("The transfer names every table Mantis has (a new table must be added to it, or left out on purpose)",
          arguments: TestDatabase.all)
    func everyTable(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let names = try await DatabaseTransfer.tableNames(on: t.app.db.sql)
            #expect(names.subtracting(DatabaseTransfer.leftOut) == Set(DatabaseTransfer.tables))
        }
    }

    @Test("SQLite → PostgreSQL → SQLite keeps every row of every table; a second run changes nothing; the copy serves")
    func roundTrip() async throws {
        try await withSourceAndTarget { source, store, original, url in
            let back = original.replacingOccurrences(of: "home.sqlite", with: "back.sqlite")
            let owner = try await PopulatedData.fill(source, store: store)
            let first = try await CommandRunner.run(["transfer", "--from", "sqlite:\(original)", "--to", url], environment: [:])
            #expect(first.status == 0, "\(first.output)")
            #expect(first.output.contains("price_points: 6 in source, 6 copied, 0 already there"), "\(first.output)")
            #expect(first.output.contains("price checksum"))
            let rows = try await tables(original)
            for table in DatabaseTransfer.tables {
                #expect(try await count(table, url) == rows[table]?.count ?? -1, "\(table)")
            }
            let before = try await PopulatedData.postgresTables(url)
            let second = try await CommandRunner.run(["transfer", "--from", "sqlite:\(original)", "--to", url], environment: [:])
            #expect(second.status == 0, "\(second.output)")
            #expect(second.output.contains("Nothing to copy"), "\(second.output)")
            #expect(try await PopulatedData.postgresTables(url) == before)

            // Leaving the server: PostgreSQL back into a fresh SQLite file equals the original, cell by cell.
            let leave = try await CommandRunner.run(["transfer", "--to", "sqlite:\(back)"], environment: ["DATABASE_URL": url])
            #expect(leave.status == 0, "\(leave.output)")
            let returned = try await tables(back)
            #expect(rows["price_points"]?.count == 6)
            #expect(rows["users"]?.count == 1)
            for table in DatabaseTransfer.tables { #expect(rows[table] == returned[table], "table \(table) differs") }

            // The PostgreSQL copy serves: the same password signs in and sees the products.
            try await withApp(.sqlite, environment: ["DATABASE_URL": url]) { copy in
                let session = try await copy.login(owner)
                let list = try await copy.client.get("/products", token: session.accessToken)
                #expect(list.array.count == 3, "\(list.text)")
            }
        }
    }

    @Test("Batches page through a table in id order: with two rows per batch every row still arrives, both ways")
    func smallBatches() async throws {
        try await withFixtureStore { store in
            try await withApp(.sqlite) { source in
                try await PopulatedData.fill(source, store: store)
                try await PopulatedData.fill(source, store: store, prefix: "more")
                try await withApp(.postgres(adminURL: #require(TestDatabase.postgresAdminURL))) { target in
                    let there = try await DatabaseTransfer(source: source.app.db.sql, target: target.app.db, batchSize: 2).run()
                    let points = try #require(there.tables.first { $0.table == PricePointRepository.table })
                    #expect(points.inSource == 12 && points.copied == 12, "\(points)")
                    try await withApp(.sqlite) { back in
                        let returned = try await DatabaseTransfer(source: target.app.db.sql, target: back.app.db, batchSize: 2).run()
                        #expect(returned.priceChecksum == there.priceChecksum)
                        #expect(returned.tables.map(\.copied) == there.tables.map(\.copied))
                        #expect(returned.tables.allSatisfy { $0.inSource == $0.copied })
                    }
                }
            }
        }
    }

    @Test("A conflicting row (same email under another id) rolls the whole transfer back and exits 1")
    func conflictRollsBack() async throws {
        try await withSourceAndTarget { source, store, path, url in
            let email = try await PopulatedData.fill(source, store: store).email
            // The target already has that address as another account.
            try await withApp(.sqlite, environment: ["DATABASE_URL": url]) { target in
                _ = try await target.register(email: email)
                let sessionsBefore = try await count("sessions", url)
                let result = try await CommandRunner.run(["transfer", "--from", "sqlite:\(path)", "--to", url], environment: [:])
                #expect(result.status == 1, "\(result.output)")
                #expect(result.output.contains("rolled back"), "\(result.output)")
                #expect(try await count("users", url) == 1)
                #expect(try await count("products", url) == 0)
                #expect(try await count("sessions", url) == sessionsBefore)
            }
        }
    }

    @Test("A history point already in the target with another price fails the price checksum: rolled back, exit 1")
    func priceChecksum() async throws {
        try await withSourceAndTarget { source, store, path, url in
            try await PopulatedData.fill(source, store: store)
            let first = try await CommandRunner.run(["transfer", "--from", "sqlite:\(path)", "--to", url], environment: [:])
            #expect(first.status == 0, "\(first.output)")
            // Someone changed one recorded price on the server, and new products arrive in the source.
            try await Blocking.run { try PostgresAdmin.psql(url, "UPDATE price_points SET price = price + 1 WHERE id = (SELECT id FROM price_points LIMIT 1)") }
            try await PopulatedData.fill(source, store: store, prefix: "second")
            let result = try await CommandRunner.run(["transfer", "--from", "sqlite:\(path)", "--to", url], environment: [:])
            #expect(result.status == 1, "\(result.output)")
            #expect(result.output.contains("checksum"), "\(result.output)")
            #expect(try await count("products", url) == 3, "the new products were rolled back too")
        }
    }

    @Test("--user: a local-mode install's products, history and checks go to an existing web account; a missing account is refused")
    func localUserToAccount() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("local.sqlite").path
        try await withPostgres { url in
            try await withFixtureStore { store in
                await store.setProduct("local-kettle", title: "Kettle", price: "30.00")
                await store.setProduct("local-lamp", title: "Lamp", price: "12.50")
                try await withApp(.sqlite, environment: ["MANTIS_DB_PATH": path, "MANTIS_MODE": "local"]) { local in
                    for slug in ["local-kettle", "local-lamp"] {
                        let added = try await local.client.post("/products/fetch", ["url": store.url("/product/\(slug)")])
                        #expect(added.status == .created || added.status == .ok, "\(added.text)")
                    }
                    let refused = try await CommandRunner.run(["transfer", "--from", "sqlite:\(path)", "--to", url, "--user", "nobody@example.com"], environment: [:])
                    #expect(refused.status == 1)
                    #expect(refused.output.contains("No account nobody@example.com"), "\(refused.output)")

                    try await withApp(.sqlite, environment: ["DATABASE_URL": url]) { t in
                        #expect(try await count("products", url) == 0)
                        let account = try await t.verifiedAccount("mover")
                        // The account already tracks the lamp: that product (and its history) is left out, not doubled.
                        let lamp = try await t.client.post("/products/fetch", ["url": store.url("/product/local-lamp")], token: account.accessToken)
                        #expect(lamp.status == .created || lamp.status == .ok, "\(lamp.text)")
                        let moved = try await CommandRunner.run(["transfer", "--from", "sqlite:\(path)", "--to", url, "--user", account.email.uppercased()], environment: [:])
                        #expect(moved.status == 0, "\(moved.output)")
                        #expect(moved.output.contains("products: 2 in source, 1 copied, 0 already there, 1 skipped"), "\(moved.output)")
                        let list = try await t.client.get("/products", token: account.accessToken)
                        let titles = Set(list.array.compactMap { $0["title"] as? String })
                        #expect(titles == ["Kettle", "Lamp"], "\(list.text)")
                        #expect(try await count("users", url) == 1, "the local user stays behind")
                        #expect(try await count("price_points", url) == 2)
                        let again = try await CommandRunner.run(["transfer", "--from", "sqlite:\(path)", "--to", url, "--user", account.email], environment: [:])
                        #expect(again.status == 0, "\(again.output)")
                        #expect(again.output.contains("Nothing to copy"), "\(again.output)")
                    }
                }
            }
        }
    }

    @Test("Refusals: the same database twice, a missing SQLite file, an unknown scheme; a password in the URL is never echoed")
    func refusals() async throws {
        let same = try await CommandRunner.run(["transfer", "--from", "sqlite:/tmp/x.sqlite", "--to", "sqlite:/tmp/x.sqlite"], environment: [:])
        #expect(same.status == 1)
        #expect(same.output.contains("same database"))
        let missing = try await CommandRunner.run(["transfer", "--from", "sqlite:/nonexistent/none.sqlite", "--to", "postgres://u:hunter2secret@127.0.0.1:1/x"], environment: [:])
        #expect(missing.status == 1)
        #expect(missing.output.contains("No SQLite database"), "\(missing.output)")
        #expect(missing.output.contains("PGPASSWORD"), "the password warning")
        #expect(!missing.output.contains("hunter2secret"))
        let scheme = try await CommandRunner.run(["transfer", "--from", "mysql://u:hunter2secret@h/db"], environment: [:])
        #expect(scheme.status == 1)
        #expect(!scheme.output.contains("hunter2secret"), "\(scheme.output)")
    }

    @Test("A postgres:// URL without a password takes PGPASSWORD; sqlite: accepts both spellings")
    func endpoints() throws {
        let url = try TransferCommand.Endpoint("postgres://mantis@db.lan:5432/mantis", environment: ["PGPASSWORD": "s3cret"])
        #expect(url == .postgres("postgres://mantis:s3cret@db.lan:5432/mantis"))
        #expect(url.display == "postgres://mantis:***@db.lan:5432/mantis")
        #expect(try TransferCommand.Endpoint("sqlite:./a.sqlite", environment: [:]) == .sqlite("./a.sqlite"))
        #expect(try TransferCommand.Endpoint("sqlite:///var/lib/mantis/a.sqlite", environment: [:]) == .sqlite("/var/lib/mantis/a.sqlite"))
        #expect(throws: CommandFailure.self) { try TransferCommand.Endpoint("sqlite:", environment: [:]) }
    }
}

@testable import App
import Fluent
import Foundation
import Testing
import SMTPTestServer

@Suite("The mantis command", .timeLimit(.minutes(3)))
struct CommandTests {
    private func temporarySQLitePath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("mantis-cli-\(UUID().uuidString).sqlite").path
    }

    @Test("`mantis migrate --yes` and `mantis migrate --revert --yes` run without prompting", arguments: TestDatabase.all)
    func migrateAndRevert(database: TestDatabase) async throws {
        var environment = ["BCRYPT_COST": "4"]
        var created: (admin: String, name: String)?
        switch database {
        case .sqlite:
            environment["MANTIS_DB_PATH"] = temporarySQLitePath()
        case .postgres(let admin):
            let db = try await PostgresAdmin.createDatabase(adminURL: admin)
            created = (admin, db.name)
            environment["DATABASE_URL"] = db.url
        }
        defer { if let path = environment["MANTIS_DB_PATH"] { try? FileManager.default.removeItem(atPath: path) } }
        let migrate = try await CommandRunner.run(["migrate", "--yes"], environment: environment)
        #expect(migrate.status == 0, "\(migrate.output)")
        #expect(migrate.output.contains("CreatePricePoint"))
        #expect(migrate.output.contains("Migration successful"))

        let again = try await CommandRunner.run(["migrate", "--yes"], environment: environment)
        #expect(again.output.contains("No new migrations"))

        let revert = try await CommandRunner.run(["migrate", "--revert", "--yes"], environment: environment)
        #expect(revert.status == 0, "\(revert.output)")
        #expect(revert.output.contains("Migration successful"))

        let remigrate = try await CommandRunner.run(["migrate", "--yes"], environment: environment)
        #expect(remigrate.status == 0)
        #expect(remigrate.output.contains("CreateUser"))
        if let created { await PostgresAdmin.dropDatabase(adminURL: created.admin, name: created.name) }
    }

    @Test("`mantis routes` lists the API")
    func routesCommand() async throws {
        let result = try await CommandRunner.run(["routes"], environment: ["MANTIS_DB_PATH": temporarySQLitePath(), "BCRYPT_COST": "4"])
        #expect(result.status == 0)
        for route in ["/auth/register", "/auth/refresh", "/products/fetch", "/health"] {
            #expect(result.output.contains(route.split(separator: "/").last!), "\(route)")
        }
    }

    @Test("A MySQL DATABASE_URL stops `mantis serve` with a clear message and exit code 1")
    func mysqlStopsStartUp() async throws {
        let result = try await CommandRunner.run(["serve"], environment: ["DATABASE_URL": "mysql://root@127.0.0.1/mantis"])
        #expect(result.status == 1)
        #expect(result.output.contains("MySQL is not supported"))
    }

    @Test("Production without JWT_SECRET_KEY refuses to start")
    func productionNeedsSecret() async throws {
        let result = try await CommandRunner.run(["serve", "--env", "production"], environment: ["MANTIS_DB_PATH": temporarySQLitePath()])
        #expect(result.status == 1)
        #expect(result.output.contains("JWT_SECRET_KEY"))
    }

    @Test("Local mode refuses to listen beyond loopback")
    func localModeRefusesPublicBind() async throws {
        let result = try await CommandRunner.run(
            ["serve", "--hostname", "0.0.0.0", "--port", "0"], environment: ["MANTIS_MODE": "local", "MANTIS_DB_PATH": temporarySQLitePath()])
        #expect(result.status == 1)
        #expect(result.output.contains("127.0.0.1"))
    }

    @Test("Settings in a .env file in the working directory are read at start-up")
    func dotEnvFileIsRead() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mantis-env-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "DATABASE_URL=mysql://root@127.0.0.1/fromdotenv\n".write(toFile: directory + "/.env", atomically: true, encoding: .utf8)
        let result = try await CommandRunner.run(["routes"], environment: [:], in: directory)
        #expect(result.status == 1)
        #expect(result.output.contains("MySQL is not supported"))
    }

    @Test("`mantis --help` prints help and creates no database")
    func helpDoesNotMigrate() async throws {
        let path = temporarySQLitePath()
        let result = try await CommandRunner.run(["--help"], environment: ["MANTIS_DB_PATH": path])
        #expect(result.status == 0)
        #expect(result.output.contains("serve"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("`mantis refresh --all` checks every product once and reports; failures are listed with their reason")
    func refreshCommand() async throws {
        let path = temporarySQLitePath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await withFixtureStore { store in
            try await withApp(.sqlite, environment: ["MANTIS_DB_PATH": path]) { t in
                let account = try await t.verifiedAccount()
                await store.setProduct("kettle", price: "30.00")
                await store.setProduct("lamp", price: "12.00")
                for slug in ["kettle", "lamp"] {
                    _ = try await t.client.post("/products/fetch", ["url": store.url("/product/\(slug)")], token: account.accessToken)
                }
                await store.setProduct("kettle", price: "27.50")
                try await Product.query(on: t.app.db).filter(\.$url == store.url("/product/lamp")).set(\.$url, to: store.url("/status/429")).update()

                let environment = ["MANTIS_DB_PATH": path, "FETCH_ALLOW_PRIVATE": "true", "BCRYPT_COST": "4"]
                let due = try await CommandRunner.run(["refresh"], environment: environment)
                #expect(due.output.contains("Checked 0 product(s)"), "\(due.output)")
                let all = try await CommandRunner.run(["refresh", "--all"], environment: environment)
                #expect(all.status == 0, "\(all.output)")
                #expect(all.output.contains("Checked 2 product(s): 1 succeeded, 1 failed"), "\(all.output)")
                #expect(all.output.contains("/status/429"))
                let list = try await t.client.get("/products", token: account.accessToken).array
                #expect(list.contains { $0["current_price"] as? String == "27.50" })
            }
        }
    }

    @Test("`mantis parse-price` prints amount, currency and currency text; --jsonl answers line for line")
    func parsePriceCommand() async throws {
        let single = try await CommandRunner.run(["parse-price", "1.890,00 DKK"], environment: [:])
        #expect(single.output.contains(#"{"amount":"1890.00","currency":"DKK","currency_text":"DKK"}"#), "\(single.output)")
        let lines = try await CommandRunner.run(
            ["parse-price", "--jsonl"], environment: [:],
            input: #"{"text": "€68,50"}"# + "\n" + #"{"text": "No longer available"}"# + "\n" + #"{"text": "1 234,5", "hint": "zł"}"# + "\n")
        let outputs = lines.output.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(outputs.count == 3)
        #expect(outputs[0] == #"{"amount":"68.50","currency":"EUR","currency_text":"€"}"#)
        #expect(outputs[1].contains(#""amount":null"#))
        #expect(outputs[2].contains(#""amount":"1234.5""#))
    }

    @Test("`mantis parse-price` takes the page's country or locale for shared symbols, English's reading without")
    func parsePriceCountry() async throws {
        let mexico = try await CommandRunner.run(["parse-price", "--country", "MX", "$1,299.00"], environment: [:])
        #expect(mexico.output.contains(#"{"amount":"1299.00","currency":"MXN","currency_text":"$"}"#), "\(mexico.output)")
        let alone = try await CommandRunner.run(["parse-price", "$1,299.00"], environment: [:])
        #expect(alone.output.contains(#""currency":"USD""#), "\(alone.output)")
        let lines = try await CommandRunner.run(
            ["parse-price", "--jsonl"], environment: [:],
            input: #"{"text": "1.234,56 kr.", "locale": "da_DK"}"# + "\n" + "{\"text\": \"\u{200F}١٬٢٣٤٫٥٦ د.ك.\u{200F}\"}" + "\n"
                + #"{"text": "1 234 kr"}"# + "\n")
        let outputs = lines.output.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(outputs.count == 3)
        #expect(outputs.first?.contains(#""amount":"1234.56","currency":"DKK""#) == true, "\(outputs)")
        #expect(outputs.dropFirst().first?.contains(#""amount":"1234.56","currency":"KWD""#) == true, "\(outputs)")
        #expect(outputs.last?.contains(#""currency":null"#) == true, "\(outputs)")
    }

    @Test("`mantis extract FILE` prints what the page holds; --jsonl reads {file, url} lines")
    func extractCommand() async throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("MantisCoreTests/Fixtures/jsonld-product.html").path
        let single = try await CommandRunner.run(["extract", "--url", "https://shop.example/p/1", fixture], environment: [:])
        #expect(single.status == 0, "\(single.output)")
        let object = try #require(single.output.split(separator: "\n").last.flatMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        })
        #expect(Set(object.keys) == ["title", "price", "currency", "currency_text", "availability", "image", "sources", "currency_evidence"])
        #expect(object["price"] is String)
        #expect(object["currency"] as? String == "USD")
        #expect(object["currency_evidence"] as? String == "stated")
        let lines = try await CommandRunner.run(
            ["extract", "--jsonl"], environment: [:],
            input: #"{"file": "\#(fixture)", "url": "https://shop.example/p/1"}"# + "\n" + #"{"file": "/nonexistent.html"}"# + "\n")
        let outputs = lines.output.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(outputs.count == 2)
        #expect(outputs[0].contains(#""price":""#))
        #expect(outputs[1].contains(#""error""#))
    }

    @Test("`mantis extract --candidates` prints every price considered with source, locator and score, and the ISO evidence")
    func extractCandidates() async throws {
        let page = FileManager.default.temporaryDirectory.appendingPathComponent("mantis-candidates-\(UUID().uuidString).html")
        try """
            <!doctype html><html lang="zh-Hant-TW"><head><title>Teapot</title></head><body><main><h1>Teapot</h1>
            <div class="buy"><span class="price">$1,280</span> <span class="price">$1,480</span></div></main></body></html>
            """.write(to: page, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: page) }
        let result = try await CommandRunner.run(["extract", "--candidates", page.path], environment: [:])
        #expect(result.status == 0, "\(result.output)")
        let object = try #require(result.output.split(separator: "\n").last.flatMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        })
        #expect(object["currency"] as? String == "TWD")
        #expect(object["currency_evidence"] as? String == "html-lang:tw")
        let candidates = try #require(object["candidates"] as? [[String: Any]])
        #expect(Set(candidates.compactMap { ($0["amount"] as? String).flatMap(Double.init) }) == [1280, 1480])
        #expect(candidates.allSatisfy { $0["source"] as? String == "visible-text" && $0["locator"] is String && $0["score"] is Double })
        #expect(candidates.filter { $0["chosen"] as? Bool == true }.count == 1)
        #expect(object["uncertain"] is Bool)
        // Without the flag, no candidates.
        let plain = try await CommandRunner.run(["extract", page.path], environment: [:])
        #expect(!plain.output.contains("\"candidates\""))
    }

    @Test("`mantis migrate --status` lists every migration, pending or applied with its batch, and changes nothing")
    func migrateStatus() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mantis-status-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = ["MANTIS_DB_PATH": directory.appendingPathComponent("m.sqlite").path]
        let fresh = try await CommandRunner.run(["migrate", "--status"], environment: environment)
        #expect(fresh.status == 0, "\(fresh.output)")
        #expect(fresh.output.contains("pending  \(CreateUser().name)"))
        #expect(fresh.output.contains("\(Migrations.all.count) pending"))
        // Asking changed nothing: still all pending.
        #expect(try await CommandRunner.run(["migrate", "--status"], environment: environment).output.contains("\(Migrations.all.count) pending"))

        let migrated = try await CommandRunner.run(["migrate", "--yes"], environment: environment)
        #expect(migrated.status == 0, "\(migrated.output)")
        let applied = try await CommandRunner.run(["migrate", "--status"], environment: environment)
        #expect(applied.output.contains("applied  batch 1"))
        #expect(applied.output.contains("Up to date: \(Migrations.all.count) migration(s) applied."))
        #expect(!applied.output.contains("pending  "))

        let reverted = try await CommandRunner.run(["migrate", "--revert", "--yes"], environment: environment)
        #expect(reverted.status == 0, "\(reverted.output)")
        #expect(try await CommandRunner.run(["migrate", "--status"], environment: environment).output.contains("pending  \(CreateUser().name)"))
    }

    @Test("LOG_FORMAT=json writes every log line as one JSON object with time, level, label, message and metadata")
    func jsonLogs() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mantis-json-log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try await CommandRunner.run(
            ["migrate", "--yes"],
            environment: ["LOG_FORMAT": "json", "LOG_LEVEL": "info", "MANTIS_DB_PATH": directory.appendingPathComponent("m.sqlite").path])
        #expect(result.status == 0, "\(result.output)")
        let logLines = result.output.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(logLines.count >= Migrations.all.count, "\(result.output)")
        let objects = logLines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == logLines.count)
        #expect(objects.allSatisfy { $0["time"] is String && $0["level"] is String && $0["label"] is String && $0["message"] is String })
        #expect(objects.contains { ($0["metadata"] as? [String: Any])?["migration"] as? String == CreateUser().name })
        // Not JSON: the plain console lines.
        let plain = try await CommandRunner.run(
            ["migrate", "--status"], environment: ["MANTIS_DB_PATH": directory.appendingPathComponent("m.sqlite").path])
        #expect(!plain.output.split(separator: "\n").contains { $0.hasPrefix("{\"") })
    }

    @Test("`mantis serve` refuses to start while migrations are pending and auto-migrate is off (PostgreSQL's default), and says what to run",
          arguments: TestDatabase.all)
    func serveRefusesPendingMigrations(database: TestDatabase) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mantis-pending-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var environment = ["BCRYPT_COST": "4", "REFRESH_SCHEDULER": "false", "FETCH_RENDER": "never", "PORT": "\(try FreePort.find())"]
        var created: (admin: String, name: String)?
        switch database {
        case .sqlite:
            environment["MANTIS_DB_PATH"] = folder.appendingPathComponent("m.sqlite").path
            environment["MANTIS_AUTO_MIGRATE"] = "false"
        case .postgres(let admin):
            let fresh = try await PostgresAdmin.createDatabase(adminURL: admin)
            created = (admin, fresh.name)
            environment["DATABASE_URL"] = fresh.url
        }
        defer { if let created { Task { await PostgresAdmin.dropDatabase(adminURL: created.admin, name: created.name) } } }
        let refused = try await CommandRunner.run(["serve"], environment: environment, timeout: 60)
        #expect(refused.status == 1, "\(refused.output)")
        #expect(refused.output.contains("migration(s) are pending"))
        #expect(refused.output.contains("mantis migrate --yes"))
        #expect(try await CommandRunner.run(["migrate", "--yes"], environment: environment).status == 0)
        // Migrated, it would serve: `doctor` agrees nothing is pending.
        #expect(try await CommandRunner.run(["migrate", "--status"], environment: environment).output.contains("Up to date"))
    }
}

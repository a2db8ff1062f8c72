@testable import App
import Fluent
import Foundation
import SQLKit
import Testing

/// One user's data as a `mantis-export` file (`GET /auth/me/export`, `UserDataExporter`) and back
/// (`UserDataImporter`, what `mantis import` runs): a round trip into a fresh database, idempotence, merging by
/// URL, refusals that write nothing, no secrets in the file, and the route's scoping. The commands themselves
/// are in `ExportCommandTests`.
@Suite("Export and import", .timeLimit(.minutes(4)))
struct ExportTests {
    // MARK: - Helpers

    /// An account with something in every exported field: three products with history and a target
    /// (`PopulatedData`), a drop alert, a price rule, a failed check, and price alerts turned off.
    private static func fill(_ t: TestApp, store: FixtureStore, prefix: String) async throws -> TestAccount {
        let account = try await PopulatedData.fill(t, store: store, prefix: prefix)
        let token = account.accessToken
        let products = try await t.client.get("/products", token: token).array
        let kettle = try #require(products.first { ($0["url"] as? String)?.hasSuffix("-kettle") == true }?["id"] as? String)
        let lamp = try #require(products.first { ($0["url"] as? String)?.hasSuffix("-lamp") == true }?["id"] as? String)
        _ = try await t.client.send(.PATCH, "/products/\(kettle)", json: ["alert_on_drop_percent": "12.5"], token: token)
        let listed = try await t.client.get("/products/\(lamp)/candidates", token: token)
        let candidate = try #require((listed["candidates"] as? [[String: Any]])?.first)
        let picked = try await t.client.send(
            .PUT, "/products/\(lamp)/price-rule",
            json: ["source": candidate["source"] as! String, "locator": candidate["locator"] as! String], token: token)
        try #require(picked.status == .ok, "price rule: \(picked.text)")
        // A product whose page stops being one: a failed check, its reason and the failure count.
        await store.setPage("\(prefix)-gone", #"<html><head><meta property="og:title" content="Gone soon"><meta property="product:price:amount" content="3.50"></head></html>"#)
        let gone = try await t.client.post("/products/fetch", ["url": store.url("/page/\(prefix)-gone")], token: token)
        let goneID = try #require(gone.string("id"), "\(gone.text)")
        await store.setPage("\(prefix)-gone", "<html><body>Nothing here</body></html>")
        _ = try await t.client.post("/products/\(goneID)/refresh", token: token)
        _ = try await t.client.send(.PATCH, "/auth/me", json: ["alerts_enabled": false], token: token)
        return account
    }

    private static func importer(_ t: TestApp, limit: Int? = nil) -> UserDataImporter {
        UserDataImporter(
            database: t.app.db, transaction: t.app.mantis.transaction, productLimit: limit ?? t.app.mantis.config.maxProductsPerUser)
    }

    private static func user(_ account: TestAccount, in t: TestApp) async throws -> User {
        try #require(try await User.query(on: t.app.db).filter(\.$email == account.email).first())
    }

    private static func export(_ account: TestAccount, from t: TestApp) async throws -> UserDataExport {
        try await UserDataExporter(database: t.app.db).export(try await user(account, in: t), at: Date())
    }

    /// Each field of a product as its JSON text, by key: compared key by key, times to the microsecond.
    private static func fields(_ product: UserDataExport.Product) throws -> [String: String] {
        let file = UserDataExport(exportedAt: Date(), user: .init(email: "", createdAt: nil, alertsEnabled: true), products: [product])
        let object = try #require(try JSONSerialization.jsonObject(with: file.encoded()) as? [String: Any])
        let entry = try #require((object["products"] as? [[String: Any]])?.first)
        var fields: [String: String] = [:]
        for (key, value) in entry {
            let data = try JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys])
            fields[key] = String(decoding: data, as: UTF8.self)
        }
        return fields
    }

    private static func expectSameProducts(_ expected: [UserDataExport.Product], _ actual: [UserDataExport.Product]) throws {
        #expect(expected.map(\.url).sorted() == actual.map(\.url).sorted())
        for product in expected {
            let copy = try #require(actual.first { $0.url == product.url })
            let want = try fields(product), got = try fields(copy)
            #expect(Set(want.keys) == Set(got.keys))
            for (key, value) in want { #expect(got[key] == value, "\(product.url): \(key)") }
        }
    }

    /// Rows of every table an import writes, and the user's `products_version`: unchanged means nothing written.
    private static func snapshot(_ t: TestApp, email: String) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in ["products", "price_points", "product_checks", "users"] {
            counts[table] = try await t.app.db.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self)
        }
        counts["products_version"] = try await t.app.db.sql.raw("SELECT products_version AS v FROM users WHERE email = \(bind: email)")
            .first()?.decode(column: "v", as: Int.self)
        return counts
    }

    private static let summaryKeys = [
        "title", "image_url", "currency", "stock_status", "last_checked", "created_at", "current_price", "previous_price",
        "lowest_price", "lowest_price_at", "target_price", "alert_on_drop_percent", "last_error", "next_check_at", "needs_attention",
    ]

    private static func list(_ t: TestApp, _ account: TestAccount) async throws -> [String: [String: Any]] {
        var byURL: [String: [String: Any]] = [:]
        for product in try await t.client.get("/products", token: account.accessToken).array {
            byURL[product["url"] as! String] = product
        }
        return byURL
    }

    // MARK: - Tests

    @Test("Times are written with microseconds and read back exactly, with any ISO 8601 offset")
    func timestamps() throws {
        let date = try #require(ExportTimestamp.date("2027-01-05T10:00:00.123456Z"))
        #expect(ExportTimestamp.string(date) == "2027-01-05T10:00:00.123456Z")
        #expect(ExportTimestamp.string(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000000Z")
        #expect(ExportTimestamp.string(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500000Z")
        #expect(ExportTimestamp.date("2027-01-05T12:00:00+02:00") == ExportTimestamp.date("2027-01-05T10:00:00Z"))
        #expect(ExportTimestamp.date("2028-02-29T00:00:00Z") != nil)
        for bad in ["2027-02-29T00:00:00Z", "2027-01-05 10:00:00Z", "2027-13-01T00:00:00Z", "yesterday", "2027-01-05T10:00:00"] {
            #expect(ExportTimestamp.date(bad) == nil, "\(bad)")
        }
        let now = Date()
        #expect(ExportTimestamp.microseconds(ExportTimestamp.date(ExportTimestamp.string(now))!) == ExportTimestamp.microseconds(now))
    }

    @Test("Round trip: exported, imported into a fresh database, every product field, the history, the check log, the settings and the list's summary are the same; imported back where it came from it adds nothing",
          arguments: TestDatabase.all)
    func roundTrip(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            var file = Data()
            var original = UserDataExport(exportedAt: Date(), user: .init(email: "", createdAt: nil, alertsEnabled: true), products: [])
            var originalList: [String: [String: Any]] = [:]
            try await withApp(database) { t in
                // setup
                let account = try await Self.fill(t, store: store, prefix: "trip")
                // MUT
                let response = try await t.client.get("/auth/me/export", token: account.accessToken)
                // validate
                #expect(response.status == .ok)
                file = response.body
                original = try UserDataExport.decode(file)
                originalList = try await Self.list(t, account)
                #expect(original.format == "mantis-export" && original.version == 1)
                #expect(original.user.email == account.email)
                #expect(original.user.alertsEnabled == false)
                #expect(original.products.count == 4)
                #expect(original.products.contains { $0.priceRule != nil })
                #expect(original.products.contains { $0.alertOnDropPercent == "12.5" })
                #expect(original.products.contains { $0.lastError != nil && $0.consecutiveFailures == 1 && $0.checks.contains { !$0.succeeded } })
                let chair = try #require(original.products.first { $0.url.hasSuffix("-chair") })
                #expect(chair.history.map(\.price) == ["1234.56", "9.99"])
                #expect(chair.targetPrice == "5.00")
                let text = String(decoding: file, as: UTF8.self)
                #expect(text.contains(#""price" : "1234.56""#), "prices are exact decimal strings")

                // Back into the account it came from: the same points (to the microsecond), nothing added.
                let before = try await Self.snapshot(t, email: account.email)
                let counts = try await Self.importer(t).importData(original, into: try #require(UUID(uuidString: account.userID)))
                #expect(counts == .init(productsUnchanged: 4))
                #expect(try await Self.snapshot(t, email: account.email) == before)
            }
            try await withApp(database) { t in
                // setup
                let account = try await t.verifiedAccountWithoutEmail("fresh")
                let userID = try #require(UUID(uuidString: account.userID))
                // MUT
                let counts = try await Self.importer(t).importData(try UserDataExport.decode(file), into: userID)
                // validate
                let points = original.products.reduce(0) { $0 + $1.history.count }
                let checks = original.products.reduce(0) { $0 + $1.checks.count }
                #expect(counts == .init(productsAdded: 4, pointsAdded: points, checksAdded: checks, settingsChanged: true))
                let copy = try await Self.export(account, from: t)
                #expect(copy.user.alertsEnabled == false)
                #expect(copy.user.email == account.email)
                try Self.expectSameProducts(original.products, copy.products)
                // The list's columns, the price summary among them, are what the original showed.
                let list = try await Self.list(t, account)
                #expect(Set(list.keys) == Set(originalList.keys))
                for (url, product) in originalList {
                    for key in Self.summaryKeys {
                        #expect("\(list[url]?[key] ?? "nil")" == "\(product[key] ?? "nil")", "\(url): \(key)")
                    }
                }
                // The detail view shows the price rule again.
                let lamp = try #require(list.first { $0.key.hasSuffix("-lamp") }?.value["id"] as? String)
                let detail = try await t.client.get("/products/\(lamp)", token: account.accessToken)
                #expect(detail["price_rule"] is [String: Any])
            }
        }
    }

    @Test("Importing the same file twice: the second import adds nothing and changes no row", arguments: TestDatabase.all)
    func importTwice(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                // setup
                let source = try await PopulatedData.fill(t, store: store, prefix: "twice")
                let file = try UserDataExport.decode(try await Self.export(source, from: t).encoded())
                let target = try await t.verifiedAccountWithoutEmail("target")
                let userID = try #require(UUID(uuidString: target.userID))
                let first = try await Self.importer(t).importData(file, into: userID)
                #expect(first.productsAdded == 3 && first.pointsAdded == 6)
                let before = try await Self.snapshot(t, email: target.email)
                // MUT
                let second = try await Self.importer(t).importData(file, into: userID)
                // validate
                #expect(second == .init(productsUnchanged: 3))
                #expect(try await Self.snapshot(t, email: target.email) == before)
                try Self.expectSameProducts(file.products, try await Self.export(target, from: t).products)
            }
        }
    }

    @Test("Merging by URL: a product already tracked keeps its id and its own settings, gains the points it lacked, and its summary is worked out from the whole history",
          arguments: TestDatabase.all)
    func mergeByURL(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                // setup: the account tracks the kettle (one point now, 20.00, its own target 7.00).
                let account = try await t.verifiedAccountWithoutEmail("merge")
                await store.setProduct("merge-kettle", price: "20.00")
                let url = store.url("/product/merge-kettle")
                let added = try await t.client.post("/products/fetch", ["url": url, "target_price": "7.00"], token: account.accessToken)
                let id = try #require(added.string("id"), "\(added.text)")
                let day: TimeInterval = 86_400
                var kettle = UserDataExport.Product(url: url)
                kettle.title = "Kettle from elsewhere"
                kettle.targetPrice = "1.00"
                kettle.history = [
                    .init(price: "25.00", currency: "EUR", checkedAt: Date().addingTimeInterval(-2 * day)),
                    .init(price: "1.50", currency: "EUR", checkedAt: Date().addingTimeInterval(-day)),
                ]
                kettle.checks = kettle.history.map { .init(checkedAt: $0.checkedAt, succeeded: true, reason: nil, priceSource: "json-ld") }
                var lamp = UserDataExport.Product(url: store.url("/product/merge-lamp"))
                lamp.history = [.init(price: "12.50", currency: "EUR", checkedAt: Date().addingTimeInterval(-day))]
                let file = UserDataExport(
                    exportedAt: Date(), user: .init(email: "someone@example.com", createdAt: nil, alertsEnabled: true),
                    products: [kettle, lamp])
                // MUT
                let counts = try await Self.importer(t).importData(file, into: try #require(UUID(uuidString: account.userID)))
                // validate
                #expect(counts == .init(productsAdded: 1, productsMerged: 1, pointsAdded: 3, checksAdded: 2))
                let list = try await Self.list(t, account)
                #expect(list.count == 2)
                let merged = try #require(list[url])
                #expect(merged["id"] as? String == id)
                #expect(merged["title"] as? String == "Fixture Kettle")
                #expect(merged["target_price"] as? String == "7.00")
                #expect(merged["current_price"] as? String == "20.00")
                #expect(merged["previous_price"] as? String == "1.50")
                #expect(merged["lowest_price"] as? String == "1.50")
                let history = try await t.client.get("/products/\(id)/history", token: account.accessToken).array
                #expect(history.map { $0["price"] as? String } == ["25.00", "1.50", "20.00"])
                #expect(list[store.url("/product/merge-lamp")]?["current_price"] as? String == "12.50")
                // Again: nothing new.
                #expect(try await Self.importer(t).importData(file, into: try #require(UUID(uuidString: account.userID)))
                    == .init(productsUnchanged: 2))
            }
        }
    }

    @Test("A file of another format or an unknown version, or with a bad price or URL, is refused and nothing is written",
          arguments: TestDatabase.all)
    func refusals(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                // setup
                let source = try await PopulatedData.fill(t, store: store, prefix: "refuse")
                let good = try await Self.export(source, from: t).encoded()
                let target = try await t.verifiedAccountWithoutEmail("target")
                let userID = try #require(UUID(uuidString: target.userID))
                let before = try await Self.snapshot(t, email: target.email)
                func edited(_ change: (inout [String: Any]) -> Void) throws -> Data {
                    var object = try #require(try JSONSerialization.jsonObject(with: good) as? [String: Any])
                    change(&object)
                    return try JSONSerialization.data(withJSONObject: object)
                }
                // MUT + validate: the header is read first.
                for (data, words) in [
                    (try edited { $0["version"] = 2 }, "version is 2"),
                    (try edited { $0["version"] = nil }, "version is missing"),
                    (try edited { $0["format"] = "something-else" }, "not a Mantis export"),
                    (Data("[1, 2]".utf8), "not a Mantis export"),
                    (Data("not json".utf8), "not a JSON object"),
                ] {
                    let error = #expect(throws: UserDataExport.Unreadable.self) { try UserDataExport.decode(data) }
                    #expect(error?.description.contains(words) == true, "\(error.map(String.init(describing:)) ?? "no error")")
                }
                // A version 1 file whose last product has a price that is not exact: nothing of it is written.
                let badPrice = try edited { object in
                    var products = object["products"] as! [[String: Any]]
                    var history = products[2]["history"] as! [[String: Any]]
                    history[0]["price"] = "19,90"
                    products[2]["history"] = history
                    object["products"] = products
                }
                let file = try UserDataExport.decode(badPrice)
                let priceError = await #expect(throws: UserDataExport.Unreadable.self) {
                    try await Self.importer(t).importData(file, into: userID)
                }
                #expect(priceError?.description.contains("products[2].history[0].price") == true)
                let badURL = try UserDataExport.decode(try edited { object in
                    var products = object["products"] as! [[String: Any]]
                    products[1]["url"] = "ftp://example.com/kettle"
                    object["products"] = products
                })
                let urlError = await #expect(throws: UserDataExport.Unreadable.self) {
                    try await Self.importer(t).importData(badURL, into: userID)
                }
                #expect(urlError?.description.contains("products[1].url") == true)
                #expect(try await Self.snapshot(t, email: target.email) == before)
            }
        }
    }

    @Test("A minimal file (absent keys, unknown keys, an offset time) imports, with a fresh product's defaults, and leaves the account's settings alone",
          arguments: TestDatabase.all)
    func minimalFile(database: TestDatabase) async throws {
        try await withApp(database) { t in
            // setup
            let account = try await t.verifiedAccountWithoutEmail("minimal")
            _ = try await t.client.send(.PATCH, "/auth/me", json: ["alerts_enabled": false], token: account.accessToken)
            let text = """
                {"format": "mantis-export", "version": 1, "comment": "written by hand",
                 "products": [{"url": "https://shop.example/lamp", "future_key": {"x": 1},
                   "history": [{"price": "19.90", "checked_at": "2027-01-05T12:00:00+02:00"},
                               {"price": "19.9", "checked_at": "2027-01-05T10:00:00Z"}]}]}
                """
            // MUT
            let counts = try await Self.importer(t).importData(
                try UserDataExport.decode(Data(text.utf8)), into: try #require(UUID(uuidString: account.userID)))
            // validate: the two points are one (same time, "19.9" is "19.90").
            #expect(counts == .init(productsAdded: 1, pointsAdded: 1))
            let product = try #require(try await t.client.get("/products", token: account.accessToken).array.first)
            #expect(product["current_price"] as? String == "19.90")
            #expect(product["lowest_price_at"] as? String == "2027-01-05T10:00:00Z")
            #expect(product["needs_attention"] as? Bool == false)
            #expect(product["target_price"] == nil || product["target_price"] is NSNull)
            #expect(try await t.client.get("/auth/me", token: account.accessToken)["alerts_enabled"] as? Bool == false)
            let exported = try await Self.export(account, from: t)
            #expect(exported.products.first?.alertTargetArmed == true)
            #expect(exported.products.first?.consecutiveFailures == 0)
        }
    }

    @Test("MAX_PRODUCTS_PER_USER: a file that would take the account past it is refused whole", arguments: TestDatabase.all)
    func productLimit(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database, environment: ["MAX_PRODUCTS_PER_USER": "3"]) { t in
                // setup: the target already tracks one product; the file brings three others.
                let source = try await PopulatedData.fill(t, store: store, prefix: "limit")
                let file = try await Self.export(source, from: t)
                let target = try await t.verifiedAccountWithoutEmail("target")
                await store.setProduct("limit-own", price: "4.00")
                _ = try await t.client.post("/products/fetch", ["url": store.url("/product/limit-own")], token: target.accessToken)
                let userID = try #require(UUID(uuidString: target.userID))
                let before = try await Self.snapshot(t, email: target.email)
                // MUT + validate
                let refusal = await #expect(throws: UserDataImporter.Refusal.self) {
                    try await Self.importer(t).importData(file, into: userID)
                }
                #expect(refusal?.description.contains("MAX_PRODUCTS_PER_USER=3") == true)
                #expect(try await Self.snapshot(t, email: target.email) == before)
                // Into the source itself it adds nothing, so the limit does not stand in the way.
                #expect(try await Self.importer(t).importData(file, into: try #require(UUID(uuidString: source.userID)))
                    == .init(productsUnchanged: 3))
            }
        }
    }

    @Test("The file holds no password hash, session or token digest, nor the tokens themselves", arguments: TestDatabase.all)
    func noSecrets(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                // setup: sessions (one rotated), a password reset link, a verification link.
                var account = try await PopulatedData.fill(t, store: store, prefix: "secret")
                account = try await t.login(account)
                let refreshed = try await t.client.post("/auth/refresh", ["refresh_token": account.refreshToken])
                let accessToken = try #require(refreshed.string("access_token"))
                _ = try await t.client.post("/auth/request-password-reset", ["email": account.email])
                let user = try await Self.user(account, in: t)
                let userID = try user.requireID()
                var secrets = [user.passwordHash, account.accessToken, account.refreshToken, accessToken]
                let sessions = try await UserSession.query(on: t.app.db).filter(\.$user.$id == userID).all()
                secrets += sessions.map(\.refreshTokenHash)
                for session in sessions {
                    secrets += try await RotatedRefreshToken.query(on: t.app.db).filter(\.$session.$id == session.requireID()).all().map(\.tokenHash)
                }
                secrets += try await AccountToken.query(on: t.app.db).filter(\.$user.$id == userID).all().map(\.tokenHash)
                #expect(sessions.count >= 2)
                #expect(secrets.count >= 7)
                // MUT
                let response = try await t.client.get("/auth/me/export", token: accessToken)
                // validate
                #expect(response.status == .ok)
                let text = String(decoding: response.body, as: UTF8.self)
                #expect(text.contains(account.email))
                for secret in secrets { #expect(!text.contains(secret), "a secret is in the export") }
                for word in ["password", "token", "session", "hash", "outbox", "\"id\""] {
                    #expect(!text.lowercased().contains(word), "\(word)")
                }
            }
        }
    }

    @Test("GET /auth/me/export answers the signed-in user's own data as an attachment, never another user's, and needs a token",
          arguments: TestDatabase.all)
    func routeIsScoped(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                // setup
                let alice = try await PopulatedData.fill(t, store: store, prefix: "alice")
                let bob = try await PopulatedData.fill(t, store: store, prefix: "bob")
                // MUT
                let response = try await t.client.get("/auth/me/export", token: alice.accessToken)
                // validate
                #expect(response.status == .ok)
                let disposition = try #require(response.headers.first(name: "Content-Disposition"))
                #expect(disposition.wholeMatch(of: /attachment; filename="mantis-export-\d{8}\.json"/) != nil, "\(disposition)")
                #expect(response.headers.first(name: "Content-Type")?.hasPrefix("application/json") == true)
                #expect(response.headers.first(name: "Cache-Control") == "no-store")
                let file = try UserDataExport.decode(response.body)
                #expect(file.user.email == alice.email)
                #expect(file.products.count == 3)
                #expect(file.products.allSatisfy { $0.url.contains("/product/alice-") })
                #expect(!String(decoding: response.body, as: UTF8.self).contains("bob"))
                let bobs = try UserDataExport.decode(try await t.client.get("/auth/me/export", token: bob.accessToken).body)
                #expect(bobs.products.allSatisfy { $0.url.contains("/product/bob-") } && bobs.products.count == 3)

                let anonymous = try await t.client.get("/auth/me/export")
                #expect(anonymous.status == .unauthorized)
                #expect(anonymous.errorCode == "missing_token")
                let forged = try await t.client.get("/auth/me/export", token: "not-a-token")
                #expect(forged.status == .unauthorized)
                #expect(forged.errorCode == "invalid_token")
            }
        }
    }
}

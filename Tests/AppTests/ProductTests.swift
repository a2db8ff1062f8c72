@testable import App
import Fluent
import Foundation
import SQLKit
import Testing

@Suite("Products", .timeLimit(.minutes(3)))
struct ProductTests {
    @Test("Tracking a URL reads the page, stores the product and its first price: 201", arguments: TestDatabase.all)
    func fetchCreatesProduct(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                let account = try await t.verifiedAccount()
                await store.setProduct("kettle", title: "Fixture Kettle & Co", price: "1299.00", currency: "EUR")
                // MUT
                let response = try await t.client.post("/products/fetch", ["url": store.url("/product/kettle#reviews")], token: account.accessToken)
                // validate
                #expect(response.status == .created)
                #expect(response.string("title") == "Fixture Kettle & Co")
                #expect(response.string("url") == store.url("/product/kettle"))
                #expect(response.string("current_price") == "1299.00")
                #expect(response.string("lowest_price") == "1299.00")
                #expect(response.string("currency") == "EUR")
                #expect(response.string("stock_status") == "InStock")
                #expect(response.string("image_url") == store.url("/img/kettle.jpg"))
                #expect(response.string("last_checked") != nil)
                let history = try #require(response["history"] as? [[String: Any]])
                #expect(history.count == 1)
                #expect(history.first?["price"] as? String == "1299.00")
            }
        }
    }

    @Test("Tracking the same URL again updates it, appends a price point and answers 200", arguments: TestDatabase.all)
    func fetchExistingProduct(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                let account = try await t.verifiedAccount()
                await store.setProduct("kettle", price: "49.99")
                let first = try await t.client.post("/products/fetch", ["url": store.url("/product/kettle")], token: account.accessToken)
                await store.setProduct("kettle", price: "44.50")
                let second = try await t.client.post("/products/fetch", ["url": store.url("/product/kettle")], token: account.accessToken)
                #expect(second.status == .ok)
                #expect(second.string("id") == first.string("id"))
                #expect(second.string("current_price") == "44.50")
                #expect(second.string("previous_price") == "49.99")
                #expect((second["history"] as? [Any])?.count == 2)
                #expect(try await t.client.get("/products", token: account.accessToken).array.count == 1)
            }
        }
    }

    @Test("OpenGraph product:price meta tags are read when there is no JSON-LD", arguments: TestDatabase.all)
    func fetchReadsOpenGraph(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                let account = try await t.verifiedAccount()
                await store.setProduct("lamp", title: "Desk Lamp", price: "19.90", currency: "GBP")
                let response = try await t.client.post("/products/fetch", ["url": store.url("/og/lamp")], token: account.accessToken)
                #expect(response.status == .created)
                #expect(response.string("title") == "Desk Lamp")
                #expect(response.string("current_price") == "19.90")
                #expect(response.string("currency") == "GBP")
            }
        }
    }

    @Test("The list shows current, previous and lowest price, comparing prices as numbers", arguments: TestDatabase.all)
    func listShowsPriceSummary(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                let account = try await t.verifiedAccount()
                // As text "1000.00" < "99.50" < "100.00"; as numbers 99.50 is the lowest.
                for price in ["100.00", "99.50", "1000.00"] {
                    await store.setProduct("tv", price: price)
                    _ = try await t.client.post("/products/fetch", ["url": store.url("/product/tv")], token: account.accessToken)
                }
                let list = try await t.client.get("/products", token: account.accessToken)
                #expect(list.status == .ok)
                let product = try #require(list.array.first)
                #expect(product["current_price"] as? String == "1000.00")
                #expect(product["previous_price"] as? String == "99.50")
                #expect(product["lowest_price"] as? String == "99.50")
                #expect(product["lowest_price_at"] is String)
                #expect(product["history"] == nil)
                let expectedKeys: Set = [
                    "id", "url", "title", "image_url", "currency", "stock_status", "last_checked", "created_at",
                    "current_price", "previous_price", "lowest_price", "lowest_price_at",
                ]
                #expect(expectedKeys.isSubset(of: Set(product.keys)))

                let detail = try await t.client.get("/products/\(product["id"] as! String)", token: account.accessToken)
                let history = try #require(detail["history"] as? [[String: Any]])
                #expect(history.map { $0["price"] as? String } == ["100.00", "99.50", "1000.00"])
                #expect(history.allSatisfy { $0["currency"] as? String == "EUR" && $0["checked_at"] is String })
            }
        }
    }

    @Test("Prices keep their exact decimal value and scale in the database", arguments: TestDatabase.all)
    func pricesAreExactDecimals(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                let account = try await t.verifiedAccount()
                await store.setProduct("car", price: "123456789012.30")
                let response = try await t.client.post("/products/fetch", ["url": store.url("/product/car")], token: account.accessToken)
                #expect(response.string("current_price") == "123456789012.30")
                // The column holds an exact type: NUMERIC on PostgreSQL, TEXT on SQLite, never a float.
                let sql = t.app.db as! any SQLDatabase
                if sql.dialect.name == "postgresql" {
                    let type = try await sql.raw("SELECT pg_typeof(price)::text AS t FROM price_points").first()!.decode(column: "t", as: String.self)
                    #expect(type == "numeric")
                } else {
                    let type = try await sql.raw("SELECT typeof(price) AS t FROM price_points").first()!.decode(column: "t", as: String.self)
                    #expect(type == "text")
                }
            }
        }
    }

    @Test("Refreshing one product reads it again and records the new price", arguments: TestDatabase.all)
    func refreshOneProduct(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                let account = try await t.verifiedAccount()
                await store.setProduct("kettle", price: "49.99")
                let created = try await t.client.post("/products/fetch", ["url": store.url("/product/kettle")], token: account.accessToken)
                let id = try #require(created.string("id"))
                await store.setProduct("kettle", price: "39.99", inStock: false)
                let refreshed = try await t.client.post("/products/\(id)/refresh", token: account.accessToken)
                #expect(refreshed.status == .ok)
                #expect(refreshed.string("current_price") == "39.99")
                #expect(refreshed.string("stock_status") == "OutOfStock")
                #expect((refreshed["history"] as? [Any])?.count == 2)
            }
        }
    }

    @Test("A failed refresh keeps the last good price and says why", arguments: TestDatabase.all)
    func failedRefreshKeepsLastPrice(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                let account = try await t.verifiedAccount()
                await store.setProduct("gone", price: "10.00")
                let created = try await t.client.post("/products/fetch", ["url": store.url("/product/gone")], token: account.accessToken)
                let id = try #require(created.string("id"))
                // The store now answers 404 for this page.
                try await Product.query(on: t.app.db).set(\.$url, to: store.url("/status/404")).update()
                let refreshed = try await t.client.post("/products/\(id)/refresh", token: account.accessToken)
                #expect(refreshed.status == .badGateway)
                #expect(refreshed.errorCode == "fetch_failed")
                let detail = try await t.client.get("/products/\(id)", token: account.accessToken)
                #expect(detail.string("current_price") == "10.00")
                #expect((detail["history"] as? [Any])?.count == 1)
            }
        }
    }

    @Test("Refreshing all products answers 202 and updates them in the background", arguments: TestDatabase.all)
    func refreshAllProducts(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                let account = try await t.verifiedAccount()
                for slug in ["a", "b"] {
                    await store.setProduct(slug, price: "5.00")
                    _ = try await t.client.post("/products/fetch", ["url": store.url("/product/\(slug)")], token: account.accessToken)
                }
                for slug in ["a", "b"] { await store.setProduct(slug, price: "4.00") }
                let response = try await t.client.post("/products/refresh", token: account.accessToken)
                #expect(response.status == .accepted)
                #expect(response["queued"] as? Int == 2)
                var prices: [String?] = []
                for _ in 0..<100 {
                    prices = try await t.client.get("/products", token: account.accessToken).array.map { $0["current_price"] as? String }
                    if prices == ["4.00", "4.00"] { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(prices == ["4.00", "4.00"])
            }
        }
    }

    @Test("Deleting a product answers 204 and removes it with its history", arguments: TestDatabase.all)
    func deleteProduct(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                let account = try await t.verifiedAccount()
                await store.setProduct("kettle", price: "49.99")
                let created = try await t.client.post("/products/fetch", ["url": store.url("/product/kettle")], token: account.accessToken)
                let id = try #require(created.string("id"))
                #expect(try await t.client.delete("/products/\(id)", token: account.accessToken).status == .noContent)
                #expect(try await t.client.get("/products/\(id)", token: account.accessToken).status == .notFound)
                let points = try await (t.app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM price_points").first()!
                #expect(try points.decode(column: "n", as: Int.self) == 0)
            }
        }
    }

    @Test("Another user's product is 404 for show, refresh and delete, and stays untouched", arguments: TestDatabase.all)
    func productsAreScopedToTheirOwner(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                let alice = try await t.verifiedAccount("alice")
                let mallory = try await t.verifiedAccount("mallory")
                await store.setProduct("kettle", price: "49.99")
                let created = try await t.client.post("/products/fetch", ["url": store.url("/product/kettle")], token: alice.accessToken)
                let id = try #require(created.string("id"))

                for response in [
                    try await t.client.get("/products/\(id)", token: mallory.accessToken),
                    try await t.client.post("/products/\(id)/refresh", token: mallory.accessToken),
                    try await t.client.delete("/products/\(id)", token: mallory.accessToken),
                ] {
                    #expect(response.status == .notFound)
                    #expect(response.errorCode == "not_found")
                }
                #expect(try await t.client.get("/products", token: mallory.accessToken).array.isEmpty)
                let refreshAll = try await t.client.post("/products/refresh", token: mallory.accessToken)
                #expect(refreshAll["queued"] as? Int == 0)

                let detail = try await t.client.get("/products/\(id)", token: alice.accessToken)
                #expect(detail.status == .ok)
                #expect((detail["history"] as? [Any])?.count == 1)
            }
        }
    }

    @Test("Two users may track the same URL; each sees only their own copy", arguments: TestDatabase.all)
    func sameURLForTwoUsers(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                let alice = try await t.verifiedAccount("alice")
                let bob = try await t.verifiedAccount("bob")
                await store.setProduct("kettle", price: "49.99")
                let a = try await t.client.post("/products/fetch", ["url": store.url("/product/kettle")], token: alice.accessToken)
                let b = try await t.client.post("/products/fetch", ["url": store.url("/product/kettle")], token: bob.accessToken)
                #expect(a.status == .created)
                #expect(b.status == .created)
                #expect(a.string("id") != b.string("id"))
                #expect(try await Product.query(on: t.app.db).count() == 2)
            }
        }
    }

    @Test(
        "A URL that is not http(s) gives 422 invalid_url and stores nothing",
        arguments: ["ftp://example.com/x", "javascript:alert(1)", "file:///etc/passwd", "not a url", "http://", "https://user:pw@example.com/",
                    "http://example.com/" + String(repeating: "a", count: 3000)])
    func invalidURLIsRejected(url: String) async throws {
        try await withApp(.sqlite) { t in
            let account = try await t.verifiedAccount()
            let response = try await t.client.post("/products/fetch", ["url": url], token: account.accessToken)
            #expect(response.status == .unprocessableEntity)
            #expect(response.errorCode == "invalid_url")
            #expect(try await Product.query(on: t.app.db).count() == 0)
        }
    }

    @Test("A page that cannot be read gives 502 or 422 with a reason, and stores nothing", arguments: TestDatabase.all)
    func unreadablePagesStoreNothing(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                let account = try await t.verifiedAccount()
                let cases: [(String, UInt, String)] = [
                    ("/status/404", 502, "fetch_failed"),
                    ("/status/403", 502, "fetch_failed"),
                    ("/status/500", 502, "fetch_failed"),
                    ("/image.png", 502, "fetch_failed"),
                    ("/not-a-product", 422, "no_product_found"),
                ]
                for (path, status, code) in cases {
                    let response = try await t.client.post("/products/fetch", ["url": store.url(path)], token: account.accessToken)
                    #expect(response.status.code == status, "\(path)")
                    #expect(response.errorCode == code, "\(path)")
                    #expect(response.string("reason")?.isEmpty == false)
                }
                // Nothing listens on port 9 of loopback.
                let refused = try await t.client.post("/products/fetch", ["url": "http://127.0.0.1:9/x"], token: account.accessToken)
                #expect(refused.status == .badGateway)
                #expect(try await Product.query(on: t.app.db).count() == 0)
            }
        }
    }

    @Test("Redirects are followed to the product page")
    func redirectsAreFollowed() async throws {
        try await withFixtureStore { store in
            try await withApp(.sqlite) { t in
                let account = try await t.verifiedAccount()
                await store.setProduct("kettle", price: "49.99")
                let response = try await t.client.post("/products/fetch", ["url": store.url("/redirect/kettle")], token: account.accessToken)
                #expect(response.status == .created)
                #expect(response.string("current_price") == "49.99")
            }
        }
    }

    @Test("In web mode, pages on loopback or private addresses are refused unless FETCH_ALLOW_PRIVATE=true")
    func privateAddressesAreRefused() async throws {
        try await withFixtureStore { store in
            try await withApp(.sqlite, environment: ["FETCH_ALLOW_PRIVATE": "false"]) { t in
                let account = try await t.verifiedAccount()
                await store.setProduct("kettle", price: "49.99")
                for url in [store.url("/product/kettle"), "http://localhost/", "http://10.0.0.1/", "http://[::1]/", "http://169.254.169.254/latest/meta-data/"] {
                    let response = try await t.client.post("/products/fetch", ["url": url], token: account.accessToken)
                    #expect(response.status == .unprocessableEntity, "\(url)")
                    #expect(response.errorCode == "fetch_blocked", "\(url)")
                }
                #expect(try await Product.query(on: t.app.db).count() == 0)
            }
        }
    }
}

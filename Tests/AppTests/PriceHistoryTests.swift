@testable import App
import Fluent
import Foundation
import MantisCore
import SQLKit
import Testing

@Suite("Price summary on the product row, and bounded history", .timeLimit(.minutes(3)))
struct PriceHistoryTests {
    /// Seeds `count` hourly points ending now with SQL (not thousands of checks); the lowest is at `lowIndex`.
    private func seed(_ t: TestApp, productID: UUID, count: Int, lowIndex: Int) async throws {
        let repository = PricePointRepository(t.app.db)
        let start = Date().addingTimeInterval(-Double(count) * 3600)
        for index in 0..<count {
            let price = index == lowIndex ? "7.77" : String(format: "%.2f", 20 + Double(index % 50) / 10)
            try await repository.append(productID: productID, price: PriceAmount(price)!, currency: "EUR", at: start.addingTimeInterval(Double(index) * 3600))
        }
    }

    /// A verified account and a product of it stored directly (no store to read).
    private func ownedProduct(_ t: TestApp) async throws -> (TestAccount, Product) {
        let account = try await t.verifiedAccountWithoutEmail()
        let product = Product(userID: try #require(UUID(uuidString: account.userID)), url: "https://shop.example/p")
        try await product.save(on: t.app.db)
        return (account, product)
    }

    @Test("The list shows current, previous and lowest price kept on the product row by each check", arguments: TestDatabase.all)
    func summaryFollowsChecks(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                let account = try await t.verifiedAccountWithoutEmail()
                await store.setProduct("kettle", price: "30.00")
                let created = try await t.client.post("/products/fetch", ["url": store.url("/product/kettle")], token: account.accessToken)
                let id = try #require(created.string("id"))
                for price in ["25.00", "25.00", "28.50"] {
                    await store.setProduct("kettle", price: price)
                    #expect(try await t.client.post("/products/\(id)/refresh", token: account.accessToken).status == .ok)
                }
                let listed = try #require(try await t.client.get("/products", token: account.accessToken).array.first)
                #expect(listed["current_price"] as? String == "28.50")
                #expect(listed["previous_price"] as? String == "25.00")
                #expect(listed["lowest_price"] as? String == "25.00")
                // The first sighting of the lowest price is the one kept.
                let history = try #require(try await t.client.get("/products/\(id)", token: account.accessToken)["history"] as? [[String: Any]])
                #expect(listed["lowest_price_at"] as? String == history[1]["checked_at"] as? String)
                #expect(listed["history"] == nil && listed["checks"] == nil)
            }
        }
    }

    @Test("The migration fills the summary from the history that exists", arguments: TestDatabase.all)
    func backfill(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let (account, product) = try await ownedProduct(t)
            try await seed(t, productID: try product.requireID(), count: 30, lowIndex: 12)
            // setup: the row as it was before the migration, with no summary.
            try await Product.query(on: t.app.db).set(\.$currentPrice, to: nil).set(\.$lowestPrice, to: nil).update()
            // MUT: the migration's data step.
            try await UpdateProductAddPriceSummary.backfill(on: t.app.db)
            let filled = try #require(try await Product.find(product.id, on: t.app.db))
            #expect(filled.lowestPrice == "7.77")
            let points = try await PricePointRepository(t.app.db).history(productID: product.requireID())
            #expect(filled.currentPrice == points.last?.price)
            #expect(filled.previousPrice == points[points.count - 2].price)
            #expect(filled.lowestPriceAt == points[12].checkedAt)
        }
    }

    @Test("GET /products/{id} with 10,000 points returns a bounded, downsampled history that keeps the lowest price", arguments: TestDatabase.all)
    func boundedDetail(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let (account, product) = try await ownedProduct(t)
            let id = try product.requireID()
            try await seed(t, productID: id, count: 10_000, lowIndex: 6_543)
            let detail = try await t.client.get("/products/\(id)", token: account.accessToken)
            #expect(detail.status == .ok)
            let history = try #require(detail["history"] as? [[String: Any]])
            #expect(history.count <= HistoryQuery.defaultPoints)
            #expect(history.contains { $0["price"] as? String == "7.77" })
            #expect(detail["history_total"] as? Int == 10_000)

            let small = try #require(try await t.client.get("/products/\(id)?max_points=50", token: account.accessToken)["history"] as? [[String: Any]])
            #expect(small.count <= 50 && small.contains { $0["price"] as? String == "7.77" })

            // A range: the last 100 hours only.
            let since = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-100 * 3600))
            let ranged = try await t.client.get("/products/\(id)?since=\(since)", token: account.accessToken)
            #expect((ranged["history_total"] as? Int).map { (99...101).contains($0) } == true, "\(ranged["history_total"] ?? "-")")

            for bad in ["max_points=0", "max_points=abc", "max_points=999999", "since=yesterday"] {
                let response = try await t.client.get("/products/\(id)?\(bad)", token: account.accessToken)
                #expect(response.status == .unprocessableEntity, "\(bad)")
            }
        }
    }

    @Test("The full series is there for export, as JSON or CSV, for the owner only", arguments: TestDatabase.all)
    func export(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.verifiedAccountWithoutEmail()
            let other = try await t.verifiedAccountWithoutEmail("other")
            let product = Product(userID: try #require(UUID(uuidString: account.userID)), url: "https://shop.example/p")
            try await product.save(on: t.app.db)
            let id = try product.requireID()
            try await seed(t, productID: id, count: 1_200, lowIndex: 3)
            let json = try await t.client.get("/products/\(id)/history", token: account.accessToken)
            #expect(json.array.count == 1_200)
            let csv = try await t.client.get("/products/\(id)/history?format=csv", token: account.accessToken)
            #expect(csv.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
            #expect(csv.text.split(separator: "\r\n").count == 1_201)
            #expect(try await t.client.get("/products/\(id)/history", token: other.accessToken).status == .notFound)
        }
    }
}

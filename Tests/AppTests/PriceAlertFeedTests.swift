@testable import App
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLiteNIO
import Testing

@Suite("Price alert feed (desktop notifications)", .timeLimit(.minutes(3)))
struct PriceAlertFeedTests {
    /// What the listener saw: the notice, and what a second connection to the file read at that moment.
    private struct Told: Sendable {
        let notice: PriceAlertNotice
        let queuedAlertEmails: Int?
        let storedPrice: String?
    }

    @Test("A drop below the target publishes one notice with both prices, after the check committed; none when no alert is due")
    func dropBelowTargetPublishesOnceAfterCommit() async throws {
        // A file, not `:memory:`: the listener reads it through a connection of its own, which in WAL mode sees
        // committed data only — so what it sees proves the check's transaction had committed.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mantis-feed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("mantis.sqlite").path

        try await withFixtureStore { store in
            try await withApp(.sqlite, environment: ["MANTIS_MODE": "local", "MANTIS_DB_PATH": path]) { t in
                // setup
                let told = NIOLockedValueBox<[Told]>([])
                let reader = SQLiteDirectReader(path: path)
                // The reader gives nil when SQLite is busy (the test database keeps a rollback journal, so another
                // connection's write locks it for a moment): ask again, briefly, rather than record a busy moment.
                @Sendable func read(_ sql: String) -> SQLiteData? {
                    for _ in 0..<100 {
                        if let value = reader.query(sql, [])?.first?.first { return value }
                        usleep(20_000)
                    }
                    return nil
                }
                t.app.mantis.priceAlerts.onAlert { notice in
                    let emails = read("SELECT count(*) FROM email_outbox WHERE kind = 'price_alert'")?.integer
                    let price = read("SELECT current_price FROM products")?.string
                    told.withLockedValue { $0.append(Told(notice: notice, queuedAlertEmails: emails, storedPrice: price)) }
                }
                await store.setProduct("kettle", title: "Steel Kettle", price: "49.99", currency: "EUR")
                let tracked = try await t.client.post("/products/fetch", ["url": store.url("/product/kettle"), "target_price": "40"])
                try #require(tracked.status == .created, "\(tracked.text)")
                let id = try #require(tracked.string("id"))

                // MUT: checks with no alert due (above the target, the same price again)
                #expect(try await t.client.post("/products/\(id)/refresh").status == .ok)
                #expect(told.withLockedValue { $0 }.isEmpty)

                // MUT: below the target
                await store.setProduct("kettle", title: "Steel Kettle", price: "39.50", currency: "EUR")
                #expect(try await t.client.post("/products/\(id)/refresh").status == .ok)

                // validate
                let first = told.withLockedValue { $0 }
                try #require(first.count == 1)
                #expect(first[0].notice == PriceAlertNotice(
                    productID: try #require(UUID(uuidString: id)), title: "Steel Kettle", storeURL: store.url("/product/kettle"),
                    oldPrice: "49.99", newPrice: "39.50", currency: "EUR"))
                #expect(first[0].queuedAlertEmails == 1, "the alert's email row was committed before the notice")
                #expect(first[0].storedPrice == "39.50", "the new price was committed before the notice")

                // Still under the target: no alert due, nothing more told.
                await store.setProduct("kettle", title: "Steel Kettle", price: "38.00", currency: "EUR")
                #expect(try await t.client.post("/products/\(id)/refresh").status == .ok)
                #expect(told.withLockedValue { $0.count } == 1)
                #expect(try await OutboxEmail.query(on: t.app.db).filter(\.$kind == .priceAlert).count() == 1)
            }
        }
    }
}

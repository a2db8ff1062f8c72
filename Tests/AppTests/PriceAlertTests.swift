@testable import App
import Fluent
import Foundation
import MantisCore
import SMTPTestServer
import Testing

@Suite("Price alerts", .timeLimit(.minutes(3)))
struct PriceAlertTests {
    private func track(_ t: TestApp, _ account: TestAccount, _ url: String, _ extra: [String: Any] = [:]) async throws -> String {
        var body: [String: Any] = ["url": url]
        body.merge(extra) { _, new in new }
        let response = try await t.client.post("/products/fetch", body, token: account.accessToken)
        try #require(response.status == .created, "\(response.text)")
        return try #require(response.string("id"))
    }

    @Test("Alert settings are set with PATCH (strings or numbers), validated, and cleared with null", arguments: TestDatabase.all)
    func patchAlertSettings(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                let account = try await t.verifiedAccount()
                await store.setProduct("kettle", price: "49.99")
                let id = try await track(t, account, store.url("/product/kettle"), ["target_price": 45])
                #expect(try await t.client.get("/products/\(id)", token: account.accessToken).string("target_price") == "45")

                let patched = try await t.client.send(
                    .PATCH, "/products/\(id)", json: ["target_price": "39.90", "alert_on_drop_percent": 12.5], token: account.accessToken)
                #expect(patched.status == .ok)
                #expect(patched.string("target_price") == "39.90")
                #expect(patched.string("alert_on_drop_percent") == "12.5")

                for bad: [String: Any] in [["target_price": "cheap"], ["target_price": -1], ["alert_on_drop_percent": 150], ["target_price": ["x"]]] {
                    let response = try await t.client.send(.PATCH, "/products/\(id)", json: bad, token: account.accessToken)
                    #expect(response.status == .unprocessableEntity, "\(bad)")
                    #expect(response.errorCode != nil)
                }
                let cleared = try await t.client.send(.PATCH, "/products/\(id)", json: ["target_price": NSNull()], token: account.accessToken)
                #expect(cleared["target_price"] is NSNull || cleared["target_price"] == nil)
                #expect(cleared.string("alert_on_drop_percent") == "12.5")

                let other = try await t.verifiedAccount("other")
                #expect(try await t.client.send(.PATCH, "/products/\(id)", json: ["target_price": "1"], token: other.accessToken).status == .notFound)
            }
        }
    }

    @Test("A refresh that reaches the target emails one alert with both prices and both links; no repeat for the same drop", arguments: TestDatabase.all)
    func targetAlertEndToEnd(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await TestApp.withSMTP(database) { t, server in
                let account = try await t.verifiedAccountWithoutEmail()
                await store.setProduct("kettle", title: "Steel Kettle <1.7 l>", price: "49.99", currency: "EUR")
                let id = try await track(t, account, store.url("/product/kettle"), ["target_price": "40"])
                await store.setProduct("kettle", title: "Steel Kettle <1.7 l>", price: "39.50", currency: "EUR")
                #expect(try await t.client.post("/products/\(id)/refresh", token: account.accessToken).status == .ok)

                let alert = try await server.waitForMessages(to: account.email, subject: "Price drop")[0]
                // Money in the currency's own notation (MoneyFormatter), never "39.50 EUR" or "39.50 €" pasted together.
                let now = MoneyFormatter.format("39.50", currency: "EUR")
                #expect(now.contains("€") && now.contains("39") && !now.contains("EUR"))
                #expect(alert.header("Subject") == "Price drop: Steel Kettle <1.7 l> now \(now)")
                let text = try #require(alert.part("text/plain; charset=utf-8"))
                #expect(text.contains("Was: \(MoneyFormatter.format("49.99", currency: "EUR"))"))
                #expect(text.contains("Now: \(now)"))
                #expect(text.contains("http://mantis.test/product/\(id.lowercased())"))
                #expect(text.contains(store.url("/product/kettle")))
                let html = try #require(alert.part("text/html; charset=utf-8"))
                #expect(html.contains("Steel Kettle &lt;1.7 l&gt;"))
                #expect(!html.contains("<1.7 l>"))

                // Same price again, then lower but still under the target: no new alert.
                _ = try await t.client.post("/products/\(id)/refresh", token: account.accessToken)
                await store.setProduct("kettle", title: "Steel Kettle <1.7 l>", price: "38.00", currency: "EUR")
                _ = try await t.client.post("/products/\(id)/refresh", token: account.accessToken)
                try await t.app.mantis.outbox.runOnce()
                #expect(server.messages().filter { $0.header("Subject")?.hasPrefix("Price drop") == true }.count == 1)

                // Above the target and back below: alerts again.
                await store.setProduct("kettle", title: "Steel Kettle <1.7 l>", price: "45.00", currency: "EUR")
                _ = try await t.client.post("/products/\(id)/refresh", token: account.accessToken)
                await store.setProduct("kettle", title: "Steel Kettle <1.7 l>", price: "35.00", currency: "EUR")
                _ = try await t.client.post("/products/\(id)/refresh", token: account.accessToken)
                _ = try await server.waitForMessages(to: account.email, subject: "Price drop", count: 2)
            }
        }
    }

    @Test("Back in stock alerts; alerts_enabled=false stops alerts (PATCH /auth/me)")
    func backInStockAndPreference() async throws {
        try await withFixtureStore { store in
            try await TestApp.withSMTP(.sqlite) { t, server in
                let account = try await t.verifiedAccountWithoutEmail()
                await store.setProduct("lamp", price: "20.00", inStock: false)
                let id = try await track(t, account, store.url("/product/lamp"))
                await store.setProduct("lamp", price: "20.00", inStock: true)
                _ = try await t.client.post("/products/\(id)/refresh", token: account.accessToken)
                let alert = try await server.waitForMessages(to: account.email, subject: "Price drop")[0]
                #expect(alert.part("text/plain; charset=utf-8")?.contains("back in stock") == true)

                let off = try await t.client.send(.PATCH, "/auth/me", json: ["alerts_enabled": false], token: account.accessToken)
                #expect(off["alerts_enabled"] as? Bool == false)
                await store.setProduct("lamp", price: "20.00", inStock: false)
                _ = try await t.client.post("/products/\(id)/refresh", token: account.accessToken)
                await store.setProduct("lamp", price: "20.00", inStock: true)
                _ = try await t.client.post("/products/\(id)/refresh", token: account.accessToken)
                try await t.app.mantis.outbox.runOnce()
                #expect(try await OutboxEmail.query(on: t.app.db).filter(\.$kind == .priceAlert).count() == 1)
            }
        }
    }

    @Test("At most ALERT_MAX_PER_DAY alert emails per user per day")
    func dailyCap() async throws {
        try await withFixtureStore { store in
            try await withApp(.sqlite, environment: ["ALERT_MAX_PER_DAY": "2"]) { t in
                let account = try await t.verifiedAccount()
                var ids: [String] = []
                for index in 0..<4 {
                    await store.setProduct("p\(index)", price: "100.00")
                    ids.append(try await track(t, account, store.url("/product/p\(index)"), ["target_price": "50"]))
                }
                for index in 0..<4 {
                    await store.setProduct("p\(index)", price: "40.00")
                    _ = try await t.client.post("/products/\(ids[index])/refresh", token: account.accessToken)
                }
                #expect(try await OutboxEmail.query(on: t.app.db).filter(\.$kind == .priceAlert).count() == 2)
            }
        }
    }
}

@testable import App
import Foundation
import Testing

/// "Which of these is the price?": the latest check's candidates over the API, the user's pick remembered as
/// a rule that later checks follow, "needs your eye" when the page no longer has it, and back to automatic.
@Suite("Candidate prices and price rules", .timeLimit(.minutes(3)))
struct PriceRuleTests {
    /// The shop's structured data says 49.00; the buy box shows the deal the buyer really pays.
    static func lampPage(deal: String = "€ 39,00", dealID: String = "deal-price", structured: String = "49.00") -> String {
        """
        <!DOCTYPE html><html><head><title>Desk Lamp</title>
        <script type="application/ld+json">
        {"@context": "https://schema.org", "@type": "Product", "name": "Desk Lamp",
         "offers": {"@type": "Offer", "price": "\(structured)", "priceCurrency": "EUR"}}
        </script></head><body><main><h1>Desk Lamp</h1>
        <div class="buy-box"><p class="deal" id="\(dealID)"><span class="amount">\(deal)</span></p>
        <p class="fee">Shipping € 4,95</p></div>
        </main></body></html>
        """
    }

    @Test("GET candidates lists the latest check's prices; PUT a rule picks one, it sticks on refresh; a changed page flags the product; DELETE goes back to automatic",
          arguments: TestDatabase.all)
    func pickRefreshFlagReset(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                let account = try await t.verifiedAccount()
                let token = account.accessToken
                await store.setPage("lamp", Self.lampPage())
                let created = try await t.client.post("/products/fetch", ["url": store.url("/page/lamp")], token: token)
                #expect(created.status == .created)
                #expect(created.string("current_price") == "49.00")
                #expect(created["needs_attention"] as? Bool == false)
                let id = try #require(created.string("id"))

                let listed = try await t.client.get("/products/\(id)/candidates", token: token)
                #expect(listed.status == .ok)
                #expect(listed.string("checked_at") != nil)
                let candidates = try #require(listed["candidates"] as? [[String: Any]])
                let chosen = candidates.filter { $0["chosen"] as? Bool == true }
                #expect(chosen.count == 1)
                #expect(chosen.first?["source"] as? String == "json-ld")
                let deal = try #require(candidates.first { $0["amount"] as? String == "39.00" })
                #expect(deal["source"] as? String == "visible-text")
                #expect(deal["score"] is Double)
                #expect(deal["text"] as? String == "€ 39,00")

                // Pick the deal: the product is checked again at once and shows it.
                let rule = ["source": deal["source"] as! String, "locator": deal["locator"] as! String]
                let picked = try await t.client.send(.PUT, "/products/\(id)/price-rule", json: rule, token: token)
                #expect(picked.status == .ok)
                #expect(picked.string("current_price") == "39.00")
                #expect((picked["price_rule"] as? [String: Any])?["locator"] as? String == rule["locator"])
                let checks = try #require(picked["checks"] as? [[String: Any]])
                #expect(checks.first?["price_source"] as? String == "rule")

                // The store moves both prices; the rule keeps reading the deal.
                await store.setPage("lamp", Self.lampPage(deal: "€ 35,00", structured: "59.00"))
                let refreshed = try await t.client.post("/products/\(id)/refresh", token: token)
                #expect(refreshed.string("current_price") == "35.00")
                #expect(refreshed["needs_attention"] as? Bool == false)

                // The shop rebuilds its page: the rule's element is gone. Automatic price, and flagged.
                await store.setPage("lamp", Self.lampPage(dealID: "offer", structured: "59.00"))
                let changed = try await t.client.post("/products/\(id)/refresh", token: token)
                #expect(changed.string("current_price") == "59.00")
                #expect(changed["needs_attention"] as? Bool == true)
                #expect((changed["checks"] as? [[String: Any]])?.first?["price_source"] as? String == "rule_unmatched")
                let list = try await t.client.get("/products", token: token).array
                #expect(list.first?["needs_attention"] as? Bool == true)
                let flagged = try await t.client.get("/products/\(id)/candidates", token: token)
                #expect(flagged["needs_attention"] as? Bool == true)
                #expect(flagged.string("rule_outcome") == "unmatched")

                // Back to automatic.
                let deleted = try await t.client.delete("/products/\(id)/price-rule", token: token)
                #expect(deleted.status == .noContent)
                let after = try await t.client.get("/products/\(id)", token: token)
                #expect(after["price_rule"] == nil)
                #expect(after["needs_attention"] as? Bool == false)
                #expect(try await t.client.get("/products", token: token).array.first?["needs_attention"] as? Bool == false)
            }
        }
    }

    @Test("A rule must name one of the latest candidates; other users' products are 404", arguments: TestDatabase.all)
    func refusesUnknownAndForeign(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                let owner = try await t.verifiedAccount("owner")
                let other = try await t.verifiedAccount("other")
                await store.setPage("lamp", Self.lampPage())
                let created = try await t.client.post("/products/fetch", ["url": store.url("/page/lamp")], token: owner.accessToken)
                let id = try #require(created.string("id"))

                let unknown = try await t.client.send(
                    .PUT, "/products/\(id)/price-rule", json: ["source": "visible-text", "locator": "div#nowhere"], token: owner.accessToken)
                #expect(unknown.status == .unprocessableEntity)
                #expect(unknown.string("code") == "unknown_candidate")
                #expect(unknown["error"] as? Bool == true)
                let empty = try await t.client.send(.PUT, "/products/\(id)/price-rule", json: ["source": "", "locator": ""], token: owner.accessToken)
                #expect(empty.string("code") == "invalid_price_rule")
                let wrongType = try await t.client.send(.PUT, "/products/\(id)/price-rule", json: ["source": 1, "locator": ["x"]], token: owner.accessToken)
                #expect(wrongType.status == .badRequest || wrongType.status == .unprocessableEntity)
                #expect(wrongType["error"] as? Bool == true)

                #expect(try await t.client.get("/products/\(id)/candidates", token: other.accessToken).status == .notFound)
                let foreignPick = try await t.client.send(
                    .PUT, "/products/\(id)/price-rule", json: ["source": "json-ld", "locator": "item[0].offers[0]"], token: other.accessToken)
                #expect(foreignPick.status == .notFound)
                #expect(try await t.client.delete("/products/\(id)/price-rule", token: other.accessToken).status == .notFound)
                #expect(try await t.client.get("/products/\(id)/candidates").status == .unauthorized)
            }
        }
    }
}

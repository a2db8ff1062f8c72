import Foundation
import Testing

@testable import MantisCore

/// Every price the extractor considered is reported with its method, place and score; a user's choice among
/// them (`PriceRule`) is read first on later checks, and says so when the page no longer has it.
@Suite("Candidate prices and the user's price rule")
struct PriceCandidateTests {
    private let pageURL = URL(string: "https://shop.example.com/products/lamp")!
    private let extractor = ProductPageExtractor()

    /// Structured data says 49.00; the buy box shows a deal price the data does not carry.
    private func page(deal: String = "€ 39,00", dealID: String = "deal-price", structured: String = "49.00", banner: String = "") -> String {
        """
        <!DOCTYPE html><html><head><title>Desk Lamp</title>
        <script type="application/ld+json">
        {"@context": "https://schema.org", "@type": "Product", "name": "Desk Lamp",
         "offers": {"@type": "Offer", "price": "\(structured)", "priceCurrency": "EUR"}}
        </script></head><body>
        \(banner)
        <main><h1>Desk Lamp</h1>
        <div class="buy-box"><p class="deal" id="\(dealID)"><span class="amount">\(deal)</span></p>
        <ul class="shipping"><li class="fee">Shipping € 4,95</li><li class="fee">Express € 9,95</li></ul></div>
        </main></body></html>
        """
    }

    @Test("all candidates are reported, best first, each with source, locator and score; the chosen one is marked")
    func reportsCandidates() throws {
        let result = extractor.extract(html: page(), pageURL: pageURL, allCandidates: true)
        #expect(result.price == PriceAmount("49.00"))
        let candidates = result.candidates
        #expect(candidates.map(\.score) == candidates.map(\.score).sorted(by: >))
        let structured = try #require(candidates.first { $0.source == "json-ld" })
        #expect(structured.locator == "item[0].offers[0]")
        #expect(structured.isChosen)
        #expect(candidates.filter(\.isChosen).count == 1)
        let deal = try #require(candidates.first { $0.amount == PriceAmount("39.00") })
        #expect(deal.source == "visible-text")
        #expect(deal.locator.contains("p#deal-price"))
        #expect(deal.text == "€ 39,00")
        #expect(deal.currency == "EUR")
        // The shipping fees are there too, told apart by their place among lookalike siblings.
        let fees = candidates.filter { $0.text?.contains("Shipping") == true || $0.text?.contains("Express") == true }
        #expect(Set(fees.map(\.locator)).count == fees.count)
    }

    @Test("without allCandidates a settled structured price reads no visible text (the fast path) and no choice changes")
    func fastPathUnchanged() {
        let fast = extractor.extract(html: page(), pageURL: pageURL)
        let full = extractor.extract(html: page(), pageURL: pageURL, allCandidates: true)
        #expect(fast.price == full.price)
        #expect(fast.sources["price"] == full.sources["price"])
        #expect(!fast.candidates.contains { $0.source == "visible-text" })
    }

    @Test("a rule picks its candidate over the automatic choice, and follows it when the page is rendered again with other amounts")
    func ruleIsFollowed() throws {
        let first = extractor.extract(html: page(), pageURL: pageURL, allCandidates: true)
        let deal = try #require(first.candidates.first { $0.amount == PriceAmount("39.00") })
        let followed = extractor.extract(html: page(), pageURL: pageURL, rule: deal.rule)
        #expect(followed.price == PriceAmount("39.00"))
        #expect(followed.ruleOutcome == .followed)
        #expect(followed.sources["price"] == "visible-text")
        #expect(followed.currency == "EUR")
        #expect(!followed.isUncertain)
        // Next day: the deal is 35,00, the structured price 59.00, and a banner with a price sits above.
        let later = page(deal: "€ 35,00", structured: "59.00", banner: #"<div class="promo"><b>Sale: € 10,00 off</b></div>"#)
        let next = extractor.extract(html: later, pageURL: pageURL, rule: deal.rule)
        #expect(next.price == PriceAmount("35.00"))
        #expect(next.ruleOutcome == .followed)
    }

    @Test("a rule whose element is gone falls back to the automatic price and says it did not match")
    func ruleUnmatched() throws {
        let first = extractor.extract(html: page(), pageURL: pageURL, allCandidates: true)
        let deal = try #require(first.candidates.first { $0.amount == PriceAmount("39.00") })
        let changed = extractor.extract(html: page(dealID: "offer-box"), pageURL: pageURL, rule: deal.rule)
        #expect(changed.ruleOutcome == .unmatched)
        #expect(changed.price == PriceAmount("49.00"))
        #expect(changed.sources["price_rule"] == "unmatched")
        // A rule for a structured candidate follows it by its JSON-LD position.
        let structured = try #require(first.candidates.first { $0.source == "json-ld" })
        let byData = extractor.extract(html: page(structured: "47.50"), pageURL: pageURL, rule: structured.rule)
        #expect(byData.ruleOutcome == .followed)
        #expect(byData.price == PriceAmount("47.50"))
        // A rule naming a method the page does not have matches nothing.
        let stranger = extractor.extract(html: page(), pageURL: pageURL, rule: PriceRule(source: "microdata", locator: "price[0]"))
        #expect(stranger.ruleOutcome == .unmatched)
    }

    @Test("two different prices scored close together make the reading uncertain; one clear structured price does not")
    func uncertainty() {
        let twoPrices = """
            <!DOCTYPE html><html><head><title>Mug</title></head><body><main><h1>Mug</h1>
            <div class="product"><span class="price">$12.00</span> <span class="price">$14.00</span></div>
            </main></body></html>
            """
        let unsure = extractor.extract(html: twoPrices, pageURL: pageURL)
        #expect(unsure.price != nil)
        #expect(unsure.isUncertain)
        #expect(unsure.candidates.count >= 2)
        #expect(!extractor.extract(html: page(), pageURL: pageURL).isUncertain)
    }

    @Test("element locators keep stable ids and classes and leave out generated ones")
    func locatorStability() throws {
        let html = """
            <!DOCTYPE html><html><head><title>Kettle</title></head><body>
            <div id="ember1234"><section id=":r5:" class="css-1x2y3z Price_root__3kd8d buy">
            <span class="sc-bdVaJa price-now" data-testid="price">€ 19,99</span></section></div></body></html>
            """
        let result = extractor.extract(html: html, pageURL: pageURL, allCandidates: true)
        let candidate = try #require(result.candidates.first { $0.amount == PriceAmount("19.99") })
        #expect(candidate.locator == "div > section.buy > span[data-testid=price].price-now")
    }
}

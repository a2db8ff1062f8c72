import Foundation
import Testing

@testable import MantisCore

@Suite("Price alert rules")
struct PriceAlertRulesTests {
    private func price(_ text: String) -> PriceAmount { PriceAmount(text)! }

    private func check(_ text: String?, inStock: Bool? = true, wasOutOfStock: Bool = false) -> PriceAlertRules.Check {
        .init(price: text.map { PriceAmount($0)! }, inStock: inStock, wasOutOfStock: wasOutOfStock)
    }

    /// Runs a sequence of checks, keeping the state an alert (always sent here) leaves behind.
    private func run(_ prices: [String], settings: PriceAlertRules.Settings) -> [[PriceAlertRules.Reason]] {
        var state = PriceAlertRules.State()
        return prices.map { text in
            let result = PriceAlertRules.evaluate(check(text), settings: settings, state: state)
            state = result.reasons.isEmpty ? result.stateIfNotAlerted : result.stateIfAlerted
            return result.reasons
        }
    }

    @Test("Reaching the target alerts once; at or below counts")
    func targetReached() {
        let reasons = run(["120.00", "100.00", "95.00", "99.99"], settings: .init(targetPrice: price("100")))
        #expect(reasons[0].isEmpty)
        #expect(reasons[1] == [.targetReached(target: price("100"))])
        #expect(reasons[2].isEmpty)
        #expect(reasons[3].isEmpty)
    }

    @Test("The target re-arms only after the price rises above it and falls again")
    func targetRearms() {
        let reasons = run(["90", "110", "100", "101", "99"], settings: .init(targetPrice: price("100")))
        #expect(reasons.map(\.count) == [1, 0, 1, 0, 1])
    }

    @Test("A drop by the percentage from the reference alerts; further drops alert only by the percentage again")
    func percentDrop() {
        let reasons = run(["100", "95", "90", "85", "81", "72.9"], settings: .init(dropPercent: 10))
        #expect(reasons[1].isEmpty)
        #expect(reasons[2] == [.droppedByPercent(from: price("100"), percent: 10)])
        #expect(reasons[3].isEmpty)
        #expect(reasons[4] == [.droppedByPercent(from: price("90"), percent: 10)])
        #expect(reasons[5] == [.droppedByPercent(from: price("81"), percent: 10)])
    }

    @Test("Back in stock after out of stock alerts, even without a price change")
    func backInStock() {
        let result = PriceAlertRules.evaluate(
            check("50", inStock: true, wasOutOfStock: true), settings: .init(), state: .init(referencePrice: price("50")))
        #expect(result.reasons == [.backInStock])
        let stillOut = PriceAlertRules.evaluate(check("50", inStock: false, wasOutOfStock: true), settings: .init(), state: .init())
        #expect(stillOut.reasons.isEmpty)
    }

    @Test("An alert that was not sent (daily cap) leaves the state so the same drop alerts later")
    func unsentAlertKeepsState() {
        let settings = PriceAlertRules.Settings(targetPrice: price("100"))
        let first = PriceAlertRules.evaluate(check("90"), settings: settings, state: .init())
        #expect(first.reasons.count == 1)
        let second = PriceAlertRules.evaluate(check("90"), settings: settings, state: first.stateIfNotAlerted)
        #expect(second.reasons == [.targetReached(target: price("100"))])
    }

    @Test("No rules, no alerts; a check without a price alerts only for stock")
    func noRules() {
        let reasons = run(["100", "10", "1"], settings: .init())
        #expect(reasons.allSatisfy { $0.isEmpty })
        let noPrice = PriceAlertRules.evaluate(check(nil), settings: .init(targetPrice: price("5")), state: .init())
        #expect(noPrice.reasons.isEmpty)
    }
}

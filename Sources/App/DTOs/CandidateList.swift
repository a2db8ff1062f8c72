import Foundation
import MantisCore

/// The prices a check considered (`ProductPage.candidates`), as stored on the product after each successful
/// check and as `GET /products/{id}/candidates` shows them.
struct CandidateList: Codable, Sendable {
    struct Entry: Codable, Sendable {
        let amount: String
        let currency: String?
        let currencyText: String?
        let source: String
        let locator: String
        let score: Double
        /// The text on the page the price was read from; null for machine-readable sources.
        let text: String?
        let chosen: Bool

        enum CodingKeys: String, CodingKey {
            case amount, currency, source, locator, score, text, chosen
            case currencyText = "currency_text"
        }
    }

    /// The best two different prices scored close together.
    let uncertain: Bool
    /// "followed", "unmatched", or null without a rule.
    let ruleOutcome: String?
    let candidates: [Entry]

    enum CodingKeys: String, CodingKey {
        case uncertain, candidates
        case ruleOutcome = "rule_outcome"
    }

    init(_ page: ProductPage) {
        uncertain = page.isUncertain
        ruleOutcome = page.ruleOutcome?.rawValue
        candidates = page.candidates.map { candidate in
            Entry(
                amount: candidate.amount.decimalString, currency: candidate.currency,
                currencyText: candidate.currencyText, source: candidate.source, locator: candidate.locator,
                score: candidate.score, text: candidate.text, chosen: candidate.isChosen)
        }
    }

    func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    static func decode(_ text: String?) -> CandidateList? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(CandidateList.self, from: Data(text.utf8))
    }
}

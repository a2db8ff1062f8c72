import Fluent
import MantisCore
import Vapor

/// "Which of these is the price?": the latest check's candidate prices, and the user's choice among them,
/// remembered as the product's `PriceRule`. Scoped to the signed-in user like every product route.
struct PriceRuleController: RouteCollection {
    struct CandidatesResponse: Content {
        let productId: UUID
        /// When the candidates were read: the latest successful check.
        let checkedAt: Date?
        let uncertain: Bool
        let needsAttention: Bool
        let rule: PriceRule?
        let ruleOutcome: String?
        let candidates: [CandidateList.Entry]

        enum CodingKeys: String, CodingKey {
            case uncertain, rule, candidates
            case productId = "product_id"
            case checkedAt = "checked_at"
            case needsAttention = "needs_attention"
            case ruleOutcome = "rule_outcome"
        }
    }

    struct RuleInput: Decodable {
        let source: String
        let locator: String
    }

    /// Longer than any locator Mantis writes (`ElementLocator` stops at 14 steps of at most ~200 bytes).
    static let maximumLocatorLength = 4_000

    private let products = ProductController()

    func boot(routes: any RoutesBuilder) throws {
        let product = routes.grouped("products", ":productID").grouped(UserAuthenticator(requireVerified: true))
        product.get("candidates", use: candidates)
        product.put("price-rule", use: setRule)
        product.delete("price-rule", use: deleteRule)
    }

    @Sendable
    func candidates(req: Request) async throws -> CandidatesResponse {
        let product = try await products.ownedProduct(req)
        let list = CandidateList.decode(product.latestCandidates)
        return CandidatesResponse(
            productId: try product.requireID(), checkedAt: list == nil ? nil : product.lastChecked,
            uncertain: list?.uncertain ?? false, needsAttention: product.needsAttention, rule: product.priceRule,
            ruleOutcome: list?.ruleOutcome, candidates: list?.candidates ?? [])
    }

    /// `PUT /products/{id}/price-rule {source, locator}`: one of the latest check's candidates. The product is
    /// checked again at once, so the answer already shows the price the rule reads.
    @Sendable
    func setRule(req: Request) async throws -> ProductResponse {
        let product = try await products.ownedProduct(req)
        let input = try req.content.decode(RuleInput.self)
        guard !input.source.isEmpty, !input.locator.isEmpty, input.source.utf8.count <= 100,
              input.locator.utf8.count <= Self.maximumLocatorLength
        else {
            throw MantisError.validation(code: "invalid_price_rule", reason: "Give the source and locator of one of the product's candidate prices.")
        }
        let offered = CandidateList.decode(product.latestCandidates)?.candidates ?? []
        guard offered.contains(where: { $0.source == input.source && $0.locator == input.locator }) else {
            throw MantisError.validation(
                code: "unknown_candidate",
                reason: "That price is not among the candidates of the latest check; load them again and pick one.")
        }
        product.priceRule = PriceRule(source: input.source, locator: input.locator)
        product.needsAttention = false
        try await product.save(on: req.db)
        // The choice is saved whatever the store answers now; a failed check shows in last_error as usual.
        try? await req.application.mantis.scheduler.check(product, on: req.db)
        return try await products.detail(product, on: req)
    }

    /// Back to automatic extraction from the next check on.
    @Sendable
    func deleteRule(req: Request) async throws -> HTTPStatus {
        let product = try await products.ownedProduct(req)
        product.priceRule = nil
        product.needsAttention = false
        try await product.save(on: req.db)
        return .noContent
    }
}

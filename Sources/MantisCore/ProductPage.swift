/// What Mantis read from one product page.
public struct ProductPage: Equatable, Sendable {
    public enum Availability: String, Sendable, Codable {
        case inStock = "InStock"
        case outOfStock = "OutOfStock"
    }

    public var title: String?
    public var price: PriceAmount?
    /// ISO 4217 code when it can be told ("EUR"); nil for a sign several currencies share and nothing settles.
    public var currency: String?
    /// The currency as the page writes it beside the price ("€", "zł", "EUR"), for display.
    public var currencyText: String?
    public var availability: Availability?
    /// Absolute http(s) URL of the main product image.
    public var imageURL: String?
    /// Which method found each value, e.g. ["price": "json-ld", "title": "og:title"].
    public var sources: [String: String] = [:]
    /// Every price the extractor considered, best first (at most `ProductPageExtractor.reportedCandidates`).
    public var candidates: [ConsideredPrice] = []
    /// The best two different prices scored close together: the user should say which is right.
    public var isUncertain = false

    /// What became of the product's `PriceRule`, when it has one.
    public enum RuleOutcome: String, Sendable {
        /// The rule's candidate was on the page and gave the price.
        case followed
        /// It was not (the page changed): the price is the automatic choice, and the user should look.
        case unmatched
    }
    public var ruleOutcome: RuleOutcome?

    public init(
        title: String? = nil, price: PriceAmount? = nil, currency: String? = nil, currencyText: String? = nil,
        availability: Availability? = nil, imageURL: String? = nil
    ) {
        self.title = title
        self.price = price
        self.currency = currency
        self.currencyText = currencyText
        self.availability = availability
        self.imageURL = imageURL
    }
}

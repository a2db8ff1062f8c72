/// One price the extractor considered on a page, with where it came from and how much it was trusted: what
/// the user chooses from when Mantis is unsure, and what a `PriceRule` points at.
public struct ConsideredPrice: Equatable, Sendable {
    public var amount: PriceAmount
    /// ISO 4217 code when the candidate itself states or implies one.
    public var currency: String?
    public var currencyText: String?
    /// The method: "json-ld", "microdata", "product:price:amount", "embedded-state", a platform's or store
    /// layout's name, "visible-text".
    public var source: String
    /// Where the method found it, in a form that stays the same when the same page is rendered again: the JSON-LD
    /// item and offer position, the meta tag's name, or for an element a path of tag names with their stable
    /// ids, classes and `itemprop`s (`ElementLocator`).
    public var locator: String
    /// 0...1 after the page-wide adjustments (a price the page calls the former one is marked down).
    public var score: Double
    /// The text the price was read from, for showing the user; nil for machine-readable sources.
    public var text: String?
    /// The price Mantis took.
    public var isChosen: Bool

    public var rule: PriceRule { PriceRule(source: source, locator: locator) }

    public init(
        amount: PriceAmount, currency: String?, currencyText: String?, source: String, locator: String, score: Double,
        text: String?, isChosen: Bool
    ) {
        self.amount = amount
        self.currency = currency
        self.currencyText = currencyText
        self.source = source
        self.locator = locator
        self.score = score
        self.text = text
        self.isChosen = isChosen
    }
}

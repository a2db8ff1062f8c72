/// One reading of the product's price, with how much the method that found it is trusted.
struct PriceCandidate {
    var amount: PriceAmount
    var currency: String?
    var currencyText: String?
    /// The method, reported in `ProductPage.sources` ("json-ld", "microdata", "amazon", "visible-text").
    var source: String
    /// 0...1: how often this method, in this position, is right on its own.
    var score: Double
    /// Availability stated alongside this price (a JSON-LD offer's), if any.
    var availability: ProductPage.Availability?
    /// Where the currency came from when not from the same place as the amount ("product:price:currency").
    var currencySource: String?
    /// `ConsideredPrice.locator` for candidates that are not elements; see `element`.
    var locator = ""
    /// The element the price was read from: its `ElementLocator` path is worked out only for the candidates
    /// reported or matched against a rule, as it costs a walk up the tree.
    var element: HTMLNode?
    /// The visible text it was read from.
    var text: String?

    func resolvedLocator() -> String {
        element.map(ElementLocator.path(of:)) ?? locator
    }
}

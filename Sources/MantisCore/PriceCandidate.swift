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
}

/// The user's answer to "Which of these is the price?" for one product: the chosen candidate's method and
/// where it stood on the page. Every later check reads it first; see `ProductPageExtractor.extract(_:rule:)`.
public struct PriceRule: Codable, Equatable, Sendable {
    /// The method that found the price ("json-ld", "microdata", "visible-text", …), as in `ConsideredPrice`.
    public var source: String
    /// Where that method found it: `ConsideredPrice.locator`.
    public var locator: String

    public init(source: String, locator: String) {
        self.source = source
        self.locator = locator
    }
}

/// What Mantis read from one product page.
public struct ProductPage: Equatable, Sendable {
    public enum Availability: String, Sendable, Codable {
        case inStock = "InStock"
        case outOfStock = "OutOfStock"
    }

    public var title: String?
    public var price: PriceAmount?
    /// ISO 4217 code when the page states one ("EUR"), otherwise the symbol as written ("€").
    public var currency: String?
    public var availability: Availability?
    public var imageURL: String?
    /// Which method found each value, e.g. ["price": "json-ld", "title": "og:title"].
    public var sources: [String: String] = [:]

    public init(
        title: String? = nil, price: PriceAmount? = nil, currency: String? = nil,
        availability: Availability? = nil, imageURL: String? = nil
    ) {
        self.title = title
        self.price = price
        self.currency = currency
        self.availability = availability
        self.imageURL = imageURL
    }
}

/// Reads availability from schema.org values and from words shops put on buttons and labels.
///
/// Mantis stores two states, so every stated availability becomes one of them: whatever can be ordered
/// now (pre-order, back-order, made to order, limited stock, "only 2 left") is in stock; whatever cannot
/// (sold out, discontinued, in store only, "notify me when available") is out of stock.
enum StockText {
    /// The members of https://schema.org/ItemAvailability, plus the values of Google Merchant Center's
    /// `availability` and Open Graph's `product:availability`, keyed by their letters in lowercase.
    static let schemaValues: [String: ProductPage.Availability] = [
        // The offer can be bought and shipped now.
        "instock": .inStock,
        // Buyable, few left: still buyable.
        "limitedavailability": .inStock,
        // Buyable online only, which is where Mantis reads it.
        "onlineonly": .inStock,
        // Orders are taken before release; Google Merchant Center's `preorder`.
        "preorder": .inStock,
        // Sold before the general release: orders are taken.
        "presale": .inStock,
        // Orders are taken and ship on restock; Google Merchant Center's `backorder`.
        "backorder": .inStock,
        // Made once ordered: it can be ordered.
        "madetoorder": .inStock,
        // Google Merchant Center's vehicle value and local-inventory value: ordered from the dealer or the display.
        "buildtoorder": .inStock,
        "ondisplaytoorder": .inStock,
        // Open Graph's "available for order" and the plain words some shops put there.
        "availablefororder": .inStock,
        "available": .inStock,
        // Cannot be bought now.
        "outofstock": .outOfStock,
        // Sold out: cannot be bought now.
        "soldout": .outOfStock,
        // No longer made or sold.
        "discontinued": .outOfStock,
        // Not buyable online; Google Merchant Center maps InStoreOnly to `out_of_stock` too.
        "instoreonly": .outOfStock,
        // Held for another buyer: nobody else can buy it now.
        "reserved": .outOfStock,
        // Open Graph's "oos" and the plain words.
        "oos": .outOfStock,
        "unavailable": .outOfStock,
        "notavailable": .outOfStock,
    ]

    /// "https://schema.org/InStock", "http://schema.org/SoldOut", "schema:PreOrder", "instock", "in_stock",
    /// "out-of-stock", "in stock", "preorder"... A value that is none of these but reads as shop wording
    /// ("Auf Lager", "Agotado") is read as such.
    static func schemaValue(_ value: String?) -> ProductPage.Availability? {
        guard let value else { return nil }
        let lastSegment = value.split(whereSeparator: { $0 == "/" || $0 == "#" || $0 == ":" }).last ?? ""
        let key = String(lastSegment.unicodeScalars.filter { $0.properties.isAlphabetic }).lowercased()
        if let known = schemaValues[key] { return known }
        // A URL of some other vocabulary says nothing Mantis knows.
        guard !value.contains("/"), value.count <= 200 else { return nil }
        return phrase(in: value)
    }

    /// The availability a short label or button text states, in any language of the lexicon, or nil.
    static func phrase(in text: String) -> ProductPage.Availability? {
        switch StockPhraseMatcher.shared.meaning(of: text) {
        case .inStock?, .orderable?: return .inStock
        case .outOfStock?, .later?: return .outOfStock
        case .otherChannel?, nil: return nil
        }
    }
}

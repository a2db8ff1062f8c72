import Foundation

/// Reads title, price, currency, availability and image from a product page.
/// First cut: JSON-LD `Product`/`Offer` first, then OpenGraph and `product:price` meta tags, then `<title>`.
public struct ProductPageExtractor: Sendable {
    public init() {}

    public func extract(html: String, pageURL: URL?) -> ProductPage {
        let scanner = HTMLTagScanner(html: html)
        var page = ProductPage()
        if let fromJSONLD = jsonLDProduct(scanner) {
            merge(fromJSONLD, into: &page, source: "json-ld")
        }
        merge(metaProduct(scanner), into: &page, source: "meta")
        if page.title == nil,
           let title = scanner.tags(named: "title", withContent: true).first?.content.map(cleanText),
           !title.isEmpty
        {
            page.title = title
            page.sources["title"] = "title"
        }
        if let image = page.imageURL {
            page.imageURL = absolute(image, relativeTo: pageURL)
        }
        return page
    }

    private func merge(_ found: ProductPage, into page: inout ProductPage, source: String) {
        func take<T>(_ keyPath: WritableKeyPath<ProductPage, T?>, _ name: String) {
            if page[keyPath: keyPath] == nil, let value = found[keyPath: keyPath] {
                page[keyPath: keyPath] = value
                page.sources[name] = found.sources[name] ?? source
            }
        }
        take(\.title, "title")
        take(\.price, "price")
        // The currency belongs with the price it came with.
        if page.sources["price"] == (found.sources["price"] ?? source) || page.currency == nil {
            take(\.currency, "currency")
        }
        take(\.availability, "availability")
        take(\.imageURL, "image")
    }

    private func cleanText(_ text: String) -> String {
        HTMLText.collapseWhitespace(HTMLText.decodeEntities(text))
    }

    private func absolute(_ link: String, relativeTo base: URL?) -> String {
        let trimmed = link.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let resolved = URL(string: trimmed, relativeTo: base)?.absoluteURL,
              let scheme = resolved.scheme?.lowercased(), scheme == "http" || scheme == "https"
        else { return trimmed }
        return resolved.absoluteString
    }

    // MARK: JSON-LD

    private func jsonLDProduct(_ scanner: HTMLTagScanner) -> ProductPage? {
        let blocks = scanner.tags(named: "script", withContent: true).filter {
            ($0.attributes["type"] ?? "").lowercased().contains("ld+json")
        }
        for block in blocks {
            guard let content = block.content,
                  let data = content.trimmingCharacters(in: .whitespacesAndNewlines).data(using: .utf8),
                  let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            else { continue }
            for product in findProducts(in: json) {
                let page = readProduct(product)
                if page.price != nil || page.title != nil { return page }
            }
        }
        return nil
    }

    private func types(of object: [String: Any]) -> [String] {
        if let type = object["@type"] as? String { return [type] }
        return object["@type"] as? [String] ?? []
    }

    private func findProducts(in json: Any) -> [[String: Any]] {
        if let array = json as? [Any] { return array.flatMap(findProducts) }
        guard let object = json as? [String: Any] else { return [] }
        if types(of: object).contains(where: { $0.hasSuffix("Product") || $0 == "ProductGroup" }) {
            return [object]
        }
        var found: [[String: Any]] = []
        for key in ["@graph", "mainEntity", "itemListElement", "item"] {
            if let nested = object[key] { found += findProducts(in: nested) }
        }
        return found
    }

    private func readProduct(_ product: [String: Any]) -> ProductPage {
        var page = ProductPage()
        if let name = product["name"] as? String { page.title = cleanText(name) }
        page.imageURL = imageURL(product["image"])
        let offers = flattenOffers(product["offers"])
        for offer in offers {
            if let price = offerPrice(offer) {
                page.price = price
                page.currency = (offer["priceCurrency"] as? String)
                    ?? ((offer["priceSpecification"] as? [String: Any])?["priceCurrency"] as? String)
                page.availability = availability(offer["availability"])
                break
            }
        }
        if page.availability == nil {
            page.availability = offers.lazy.compactMap { self.availability($0["availability"]) }.first
        }
        return page
    }

    private func flattenOffers(_ value: Any?) -> [[String: Any]] {
        if let array = value as? [Any] { return array.flatMap(flattenOffers) }
        guard let object = value as? [String: Any] else { return [] }
        if let nested = object["offers"] { return [object] + flattenOffers(nested) }
        return [object]
    }

    private func offerPrice(_ offer: [String: Any]) -> PriceAmount? {
        for key in ["price", "lowPrice"] {
            if let amount = priceValue(offer[key]) { return amount }
        }
        if let specification = offer["priceSpecification"] {
            let specifications = (specification as? [Any]) ?? [specification]
            for case let spec as [String: Any] in specifications {
                if let amount = priceValue(spec["price"]) { return amount }
            }
        }
        return nil
    }

    private func priceValue(_ value: Any?) -> PriceAmount? {
        // JSONSerialization gives booleans as NSNumber too ("c" type); `is Bool` would also match 0 and 1.
        if let number = value as? NSNumber, String(cString: number.objCType) != "c" {
            return PriceAmount(number: number.doubleValue)
        }
        if let text = value as? String {
            // Structured data uses "." as the decimal mark; only fall back to text rules for odd values.
            return PriceAmount(text) ?? PriceParser.amount(in: text)
        }
        return nil
    }

    private func availability(_ value: Any?) -> ProductPage.Availability? {
        guard let text = (value as? String)?.lowercased() else { return nil }
        if text.contains("outofstock") || text.contains("soldout") || text.contains("discontinued") {
            return .outOfStock
        }
        if text.contains("instock") || text.contains("limitedavailability") || text.contains("onlineonly") {
            return .inStock
        }
        return nil
    }

    private func imageURL(_ value: Any?) -> String? {
        if let text = value as? String { return text }
        if let array = value as? [Any] { return array.lazy.compactMap(imageURL).first }
        if let object = value as? [String: Any] { return (object["url"] ?? object["contentUrl"]).flatMap(imageURL) }
        return nil
    }

    // MARK: meta tags

    private func metaProduct(_ scanner: HTMLTagScanner) -> ProductPage {
        var meta: [String: String] = [:]
        for tag in scanner.tags(named: "meta") {
            guard let key = (tag.attributes["property"] ?? tag.attributes["name"] ?? tag.attributes["itemprop"])?
                .lowercased(),
                let content = tag.attributes["content"], meta[key] == nil
            else { continue }
            meta[key] = content
        }
        var page = ProductPage()
        func first(_ keys: String...) -> (key: String, value: String)? {
            for key in keys { if let value = meta[key], !value.isEmpty { return (key, value) } }
            return nil
        }
        if let (key, title) = first("og:title", "twitter:title") {
            page.title = HTMLText.collapseWhitespace(title)
            page.sources["title"] = key
        }
        if let (key, amount) = first("product:price:amount", "og:price:amount", "price") {
            page.price = PriceAmount(amount.trimmingCharacters(in: .whitespaces)) ?? PriceParser.amount(in: amount)
            page.sources["price"] = key
            if let (currencyKey, currency) = first("product:price:currency", "og:price:currency", "pricecurrency") {
                page.currency = currency.trimmingCharacters(in: .whitespaces)
                page.sources["currency"] = currencyKey
            }
        }
        if let (key, availability) = first("product:availability", "og:availability") {
            page.availability = self.availability(availability.replacingOccurrences(of: " ", with: ""))
            page.sources["availability"] = key
        }
        if let (key, image) = first("og:image:secure_url", "og:image", "twitter:image") {
            page.imageURL = image
            page.sources["image"] = key
        }
        return page
    }
}

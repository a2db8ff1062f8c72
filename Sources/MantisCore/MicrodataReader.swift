import Foundation

/// Reads schema.org microdata (`itemprop`) and RDFa (`property`) product fields, and `<meta>` tags.
struct MicrodataReader {
    struct Price {
        var amount: PriceAmount
        var currency: String?
        var currencyText: String?
        /// Inside the page's first top-level Product scope (or outside any Product scope).
        var isMainProduct: Bool
        var availability: ProductPage.Availability?
        /// Read from a machine-readable `content`/`value` attribute rather than from visible text.
        var fromAttribute: Bool
        /// The element carrying the `itemprop`.
        var node: HTMLNode? = nil
    }

    var prices: [Price] = []
    /// Amounts marked as former or comparison prices: in a PriceSpecification whose priceType is ListPrice,
    /// StrikethroughPrice and the like, or inside `<del>`, `<s>` or `<strike>` (a price block's old price;
    /// its `<ins>` holds the new one).
    var referencePrices: Set<PriceAmount> = []
    var name: String?
    var image: String?
    var availability: ProductPage.Availability?
    /// `<meta>` values by lowercased `property`, `name`, `itemprop` or `http-equiv`; the first of each wins.
    var meta: [String: String] = [:]

    /// - Parameter now: the extraction time, against which a specification's validFrom/validThrough are read.
    init(index: PageIndex, now: Date) {
        for tag in index.metas {
            guard
                let key = (tag.attribute("property") ?? tag.attribute("name") ?? tag.attribute("itemprop")
                    ?? tag.attribute("http-equiv"))?
                    .lowercased(), meta[key] == nil, let content = tag.attribute("content")
            else { continue }
            meta[key] = content
        }
        readItemprops(index.properties, now: now)
    }

    /// "price", "schema:price" and "http://schema.org/price" are the same property.
    private static func propertyName(_ raw: String) -> String {
        let last = raw.split(separator: " ").first.map(String.init) ?? raw
        return (last.split(whereSeparator: { $0 == "/" || $0 == ":" || $0 == "#" }).last.map(String.init) ?? last)
            .lowercased()
    }

    private mutating func readItemprops(_ nodes: [HTMLNode], now: Date) {
        guard !nodes.isEmpty else { return }
        var mainScope: HTMLNode?
        for node in nodes {
            guard let raw = node.attribute("itemprop") ?? node.attribute("property") else { continue }
            let property = Self.propertyName(raw)
            // og:/product: properties are meta tags, read by the extractor from `meta`.
            if raw.lowercased().hasPrefix("og:") || raw.lowercased().hasPrefix("product:") { continue }
            let productScope = Self.productScope(of: node)
            if mainScope == nil, let productScope, Self.isTopLevel(productScope) {
                mainScope = productScope
            }
            let isMain = productScope == nil || productScope == mainScope
            switch property {
            case "price", "lowprice":
                guard let price = readPrice(node, isMain: isMain) else { break }
                switch Self.specificationStanding(of: node, now: now) {
                case .current: prices.append(price)
                case .reference: referencePrices.insert(price.amount)
                case .notNow: break
                }
            case "name" where isMain && productScope != nil && name == nil:
                let text = HTMLText.collapseWhitespace(node.attribute("content") ?? node.text)
                if !text.isEmpty { name = text }
            case "image" where isMain && image == nil:
                image = node.attribute("content") ?? node.attribute("src") ?? node.attribute("href")
            case "availability" where isMain && availability == nil:
                availability = StockText.schemaValue(node.attribute("href") ?? node.attribute("content") ?? node.text)
            default:
                break
            }
        }
    }

    private func readPrice(_ node: HTMLNode, isMain: Bool) -> Price? {
        let scope = Self.scope(of: node)
        let currencyNode = scope.flatMap { scope in
            scope.nodes(
                xpath:
                    ".//*[@itemprop='priceCurrency' or @property='priceCurrency' or @property='schema:priceCurrency']"
            )
            .first
        }
        let statedCurrency = currencyNode.flatMap { $0.attribute("content") ?? HTMLText.collapseWhitespace($0.text) }
        let offerAvailability = scope.flatMap { scope in
            scope.nodes(xpath: ".//*[@itemprop='availability']").first.flatMap {
                StockText.schemaValue($0.attribute("href") ?? $0.attribute("content") ?? $0.text)
            }
        }
        if let content = node.attribute("content") ?? node.attribute("value"), !content.isEmpty {
            let trimmed = content.trimmingCharacters(in: .whitespaces)
            let parsed = PriceParser.parse(trimmed)
            guard let amount = PriceAmount(trimmed) ?? parsed.amount else { return nil }
            let written = statedCurrency ?? parsed.currencyText
            return Price(
                amount: amount, currency: written.flatMap { Currency.code(for: $0) }, currencyText: written,
                isMainProduct: isMain, availability: offerAvailability, fromAttribute: true, node: node)
        }
        let text = HTMLText.collapseWhitespace(node.text)
        guard text.count <= 80 else { return nil }
        let parsed = PriceParser.parse(text, hint: statedCurrency)
        guard let amount = parsed.amount else { return nil }
        return Price(
            amount: amount, currency: statedCurrency.flatMap { Currency.code(for: $0) } ?? parsed.currency,
            currencyText: parsed.currencyText ?? statedCurrency, isMainProduct: isMain,
            availability: offerAvailability, fromAttribute: false, node: node)
    }

    private enum Standing {
        case current, reference, notNow
    }

    /// A price in a PriceSpecification typed as a comparison price, or struck through, is a reference; one in a
    /// specification outside its validFrom/validThrough window is not today's.
    private static func specificationStanding(of node: HTMLNode, now: Date) -> Standing {
        var current = node.parent
        var steps = 0
        while let element = current, steps < 6 {
            if element.hasName("del") || element.hasName("s") || element.hasName("strike") { return .reference }
            if element.attribute("itemscope") != nil || element.attribute("typeof") != nil { break }
            current = element.parent
            steps += 1
        }
        guard let scope = scope(of: node),
            (scope.attribute("itemtype") ?? scope.attribute("typeof") ?? "").lowercased().contains("pricespecification")
        else { return .current }
        func value(_ property: String) -> String? {
            scope.nodes(xpath: ".//*[@itemprop='\(property)' or @property='\(property)' or @property='schema:\(property)']")
                .first.map { $0.attribute("content") ?? $0.attribute("href") ?? $0.attribute("datetime") ?? $0.text }
        }
        if PriceSpecification.kind(ofPriceType: value("priceType")) == .reference { return .reference }
        return SchemaDate.contains(now, from: value("validFrom"), through: value("validThrough")) ? .current : .notNow
    }

    /// The nearest enclosing `itemscope` (the Offer a price belongs to).
    private static func scope(of node: HTMLNode) -> HTMLNode? {
        var current = node.parent
        while let element = current {
            if element.attribute("itemscope") != nil || element.attribute("typeof") != nil { return element }
            current = element.parent
        }
        return nil
    }

    /// The nearest enclosing scope typed as a Product.
    private static func productScope(of node: HTMLNode) -> HTMLNode? {
        var current: HTMLNode? = node
        while let element = current {
            let type = (element.attribute("itemtype") ?? element.attribute("typeof") ?? "").lowercased()
            if type.contains("product") { return element }
            current = element.parent
        }
        return nil
    }

    /// Not itself a property of another item, such as a related product inside the main one.
    private static func isTopLevel(_ scope: HTMLNode) -> Bool {
        var current = scope.parent
        while let element = current {
            if element.attribute("itemscope") != nil,
                (element.attribute("itemtype") ?? "").lowercased().contains("list")
            {
                return false
            }
            current = element.parent
        }
        return scope.attribute("itemprop") == nil
    }
}

import Foundation

/// Reads a product's price from state that JavaScript frameworks embed in the page (Next.js `__NEXT_DATA__`,
/// Nuxt and similar `application/json` state blocks). The shapes vary by shop, so this looks for objects that
/// carry both a name and a price, and trusts the one under a "product" key most.
enum EmbeddedStateReader {
    struct Found {
        var amount: PriceAmount
        var currency: String?
        var name: String?
        /// Reached through a key naming the product ("product", "productData"), not a list or a recommendation.
        var underProductKey: Bool
    }

    private static let priceKeys = [
        "salePrice", "finalPrice", "currentPrice", "sellingPrice", "offerPrice", "price", "priceValue", "amount",
    ]
    private static let currencyKeys = ["currency", "currencyCode", "priceCurrency", "currencyIso"]
    private static let nameKeys = ["name", "title", "productName", "displayName"]
    /// Keys of lists of other products, whose prices are not this product's.
    private static let otherProductKeys = ["related", "recommend", "similar", "upsell", "crosssell", "recent", "also"]

    private static let stateScriptIDs: Set<String> = [
        "__NEXT_DATA__", "__NUXT_DATA__", "__APP_STATE__", "initial-state",
    ]

    static func prices(in index: PageIndex) -> [Found] {
        var found: [Found] = []
        for script in index.scripts {
            guard let id = script.attribute("id"), stateScriptIDs.contains(id) else { continue }
            let text = script.text
            // Product state beyond a few megabytes is not worth the parse time.
            guard text.utf8.count < 4_000_000,
                let json = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
            else { continue }
            walk(json, underProductKey: false, depth: 0, into: &found)
        }
        return found
    }

    private static func walk(_ value: Any, underProductKey: Bool, depth: Int, into found: inout [Found]) {
        guard depth < 40, found.count < 20 else { return }
        if let array = value as? [Any] {
            for element in array.prefix(200) { walk(element, underProductKey: false, depth: depth + 1, into: &found) }
            return
        }
        guard let object = value as? [String: Any] else { return }
        let name = nameKeys.lazy.compactMap { object[$0] as? String }.first
        if let name, !name.isEmpty, let amount = priceKeys.lazy.compactMap({ price(object[$0]) }).first,
            amount.decimal > 0
        {
            let currency =
                currencyKeys.lazy.compactMap { object[$0] as? String }.first
                ?? priceKeys.lazy.compactMap { (object[$0] as? [String: Any]).flatMap(currencyIn) }.first
            found.append(Found(amount: amount, currency: currency, name: name, underProductKey: underProductKey))
        }
        // Sorted so results do not depend on hashing order.
        for key in object.keys.sorted() {
            guard let child = object[key], child is [Any] || child is [String: Any] else { continue }
            let lowered = key.lowercased()
            if otherProductKeys.contains(where: { lowered.contains($0) }) { continue }
            walk(child, underProductKey: lowered.hasPrefix("product"), depth: depth + 1, into: &found)
        }
    }

    private static func price(_ value: Any?) -> PriceAmount? {
        if let object = value as? [String: Any] {
            return ["value", "amount", "current", "price"].lazy.compactMap { price(object[$0]) }.first
        }
        return JSONLDReader.priceValue(value)
    }

    private static func currencyIn(_ object: [String: Any]) -> String? {
        currencyKeys.lazy.compactMap { object[$0] as? String }.first
    }
}

import Foundation

/// Reads schema.org Product and Offer data from `<script type="application/ld+json">` blocks:
/// `@graph`, top-level arrays, ProductGroup variants, nested and aggregate offers, priceSpecification.
struct JSONLDReader {
    struct Offer {
        var amount: PriceAmount?
        var currency: String?
        var availability: ProductPage.Availability?
        /// The value as written, also when it is one Mantis does not map (PreOrder, BackOrder).
        var statedAvailability: String?
        /// Former, list or recommended prices stated beside the current one (priceType ListPrice and the like).
        var referenceAmounts: [PriceAmount] = []
        /// Inside the offer's own `validFrom`/`validThrough` window (true when it states none).
        var isCurrent = true
        /// `priceValidUntil` lies in the past.
        var priceValidityPassed = false
        /// Priced for a minimum quantity above one.
        var isBulk = false
        /// The seller's name or @id, when stated.
        var seller: String?
    }

    struct Item {
        var name: String?
        var image: String?
        var offers: [Offer] = []
        /// A schema.org Product (or kind of product); false for an Event or other thing that carries offers.
        var isProduct: Bool
        /// Found under another item (a related product, a list entry), so probably not the page's product.
        var isNested: Bool
    }

    /// Every product-like item in the page's JSON-LD blocks, in document order.
    /// - Parameter now: the extraction time, against which sale and offer validity dates are read.
    static func items(in index: PageIndex, now: Date) -> [Item] {
        var countries: [String] = []
        return items(in: index, now: now, addressCountries: &countries)
    }

    /// The same, and the `addressCountry` of every `PostalAddress` in the blocks (the store's own, a seller's),
    /// in document order: evidence of the shop's region for shared currency symbols.
    static func items(in index: PageIndex, now: Date, addressCountries: inout [String]) -> [Item] {
        var items: [Item] = []
        for script in index.scripts {
            guard let type = script.attribute("type")?.lowercased(), type.contains("ld+json") else { continue }
            guard let json = parseLeniently(script.text) else { continue }
            collect(json, nested: false, depth: 0, now: now, into: &items)
            collectCountries(json, depth: 0, into: &addressCountries)
        }
        return items
    }

    /// `"addressCountry": "TW"` or `{"@type": "Country", "name": "TW"}`; only ISO 3166 alpha-2 codes count.
    private static func collectCountries(_ json: Any, depth: Int, into countries: inout [String]) {
        guard depth < 16 else { return }
        if let array = json as? [Any] {
            for element in array { collectCountries(element, depth: depth + 1, into: &countries) }
            return
        }
        guard let object = json as? [String: Any] else { return }
        for (key, value) in object {
            if key == "addressCountry" {
                let code = (value as? String) ?? ((value as? [String: Any])?["name"] as? String)
                    ?? ((value as? [String: Any])?["identifier"] as? String)
                if let code = code?.trimmingCharacters(in: .whitespaces), code.count == 2,
                   code.allSatisfy({ $0.isASCII && $0.isLetter })
                {
                    countries.append(code.uppercased())
                }
            } else if value is [Any] || value is [String: Any] {
                collectCountries(value, depth: depth + 1, into: &countries)
            }
        }
    }

    /// Shops hand-write JSON-LD: raw newlines inside strings, trailing commas, HTML comments.
    static func parseLeniently(_ text: String) -> Any? {
        var trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // Wrappers from the XHTML era: "<!-- ... -->", "/*<![CDATA[*/ ... /*]]>*/", "//<![CDATA[ ... //]]>".
        for (prefix, suffix) in [
            ("<!--", "-->"), ("/*<![CDATA[*/", "/*]]>*/"), ("//<![CDATA[", "//]]>"), ("<![CDATA[", "]]>"),
        ] {
            if trimmed.hasPrefix(prefix) { trimmed = String(trimmed.dropFirst(prefix.count)) }
            if trimmed.hasSuffix(suffix) { trimmed = String(trimmed.dropLast(suffix.count)) }
            trimmed = trimmed.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard !trimmed.isEmpty else { return nil }
        if let json = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8), options: [.fragmentsAllowed]) {
            return json
        }
        let repaired = repair(trimmed)
        return try? JSONSerialization.jsonObject(with: Data(repaired.utf8), options: [.fragmentsAllowed])
    }

    /// Replaces control characters inside strings with spaces and drops commas right before `}` or `]`.
    private static func repair(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var inString = false
        var escaped = false
        var pendingComma = false
        for byte in text.utf8 {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                output.append(byte < 0x20 ? UInt8(ascii: " ") : byte)
                continue
            }
            let isSpace = byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
            if pendingComma, !isSpace {
                if byte != UInt8(ascii: "}") && byte != UInt8(ascii: "]") { output.append(UInt8(ascii: ",")) }
                pendingComma = false
            }
            if byte == UInt8(ascii: ",") {
                pendingComma = true
                continue
            }
            if byte == UInt8(ascii: "\"") { inString = true }
            output.append(byte)
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static let productTypes: Set<String> = [
        "product", "productgroup", "productmodel", "individualproduct", "someproducts", "vehicle", "car", "book",
        "vehiclelisting",
    ]
    /// Keys under which a product links to other products, not to itself.
    private static let relatedKeys: Set<String> = [
        "isrelatedto", "issimilarto", "isaccessoryorsparepartfor", "isconsumablefor", "itemlistelement",
        "hasvariant", "model", "isvariantof",
    ]

    private static func types(of object: [String: Any]) -> [String] {
        let raw = object["@type"]
        let list = (raw as? [Any])?.compactMap { $0 as? String } ?? [raw as? String].compactMap { $0 }
        // "http://schema.org/Product" and "schema:Product" name the same type.
        return list.map { type in
            let name = type.split(whereSeparator: { $0 == "/" || $0 == ":" || $0 == "#" }).last.map(String.init) ?? type
            return name.lowercased()
        }
    }

    private static func collect(_ json: Any, nested: Bool, depth: Int, now: Date, into items: inout [Item]) {
        // Product data sits a few levels down; anything deeper is not worth the stack.
        guard depth < 32 else { return }
        if let array = json as? [Any] {
            for element in array { collect(element, nested: nested, depth: depth + 1, now: now, into: &items) }
            return
        }
        guard let object = json as? [String: Any] else { return }
        let objectTypes = types(of: object)
        let isProduct = objectTypes.contains(where: productTypes.contains)
        let isOffer = objectTypes.contains { $0 == "offer" || $0 == "aggregateoffer" }
        if isProduct || (!isOffer && object["offers"] != nil) {
            items.append(read(object, isProduct: isProduct, nested: nested, now: now))
        } else if isOffer, !nested {
            // A bare Offer at the top, with the product described elsewhere or not at all.
            var item = Item(isProduct: false, isNested: false)
            item.offers = offers(in: object, depth: 0, now: now)
            item.name = (object["itemOffered"] as? [String: Any]).flatMap { text($0["name"]) }
            items.append(item)
        }
        // Sorted so the order of items, which decides ties, does not depend on hashing.
        for key in object.keys.sorted() where key != "offers" {
            guard let value = object[key], value is [Any] || value is [String: Any] else { continue }
            let lowered = key.lowercased()
            if lowered == "@graph" || lowered == "mainentity" || lowered == "mainentityofpage" {
                collect(value, nested: nested, depth: depth + 1, now: now, into: &items)
            } else if relatedKeys.contains(lowered) || isProduct {
                // Variants keep their offers: a ProductGroup's price lives in hasVariant.
                collect(
                    value, nested: nested || lowered != "hasvariant" || !isProduct, depth: depth + 1, now: now,
                    into: &items)
            } else if lowered == "itemoffered" || lowered == "item" {
                collect(value, nested: nested, depth: depth + 1, now: now, into: &items)
            }
        }
    }

    private static func read(_ object: [String: Any], isProduct: Bool, nested: Bool, now: Date) -> Item {
        var item = Item(isProduct: isProduct, isNested: nested)
        item.name = text(object["name"])
        item.image = imageURL(object["image"])
        item.offers = offers(in: object["offers"] as Any, depth: 0, now: now)
        return item
    }

    private static func offers(in value: Any, depth: Int, now: Date) -> [Offer] {
        guard depth < 8 else { return [] }
        if let array = value as? [Any] { return array.flatMap { offers(in: $0, depth: depth + 1, now: now) } }
        guard let object = value as? [String: Any] else { return [] }
        var result: [Offer] = []
        let currency = text(field(object, "priceCurrency"))
        // Present but unreadable ("", "PreOrder") still means the shop stated something.
        let statedAvailability = field(object, "availability").map { text($0) ?? "" }
        let availability = StockText.schemaValue(statedAvailability)
        var offer = Offer(currency: currency, availability: availability, statedAvailability: statedAvailability)
        let stated = priceValue(field(object, "price")) ?? priceValue(field(object, "lowPrice"))
        let specifications = field(object, "priceSpecification").map { PriceSpecification.read($0, now: now) } ?? []
        let choice = PriceSpecification.currentPrice(stated: stated, specifications: specifications)
        offer.amount = choice.amount
        offer.referenceAmounts = choice.references
        offer.isBulk = isBulk(object) || choice.specification.map { $0.isBulk } ?? false
        offer.seller = text(field(object, "seller"))
        if offer.currency == nil { offer.currency = choice.specification?.currency }
        // An offer outside its own validity window is not one the buyer can take today; a price "valid until"
        // a past date is often a date nobody updated, so it only loses ties.
        offer.isCurrent = SchemaDate.contains(
            now, from: text(field(object, "validFrom")), through: text(field(object, "validThrough")))
        if let until = SchemaDate.parse(text(field(object, "priceValidUntil")), endOfDay: true), until <= now {
            offer.priceValidityPassed = true
        }
        result.append(offer)
        if let nested = object["offers"] {
            // An AggregateOffer's own lowPrice comes first; its listed offers follow.
            result += offers(in: nested, depth: depth + 1, now: now).map { offer in
                var offer = offer
                if offer.currency == nil { offer.currency = currency }
                return offer
            }
        }
        return result
    }

    /// Offers for a quantity ("from 10 pieces") price one item of a bulk purchase, not one item bought alone.
    static func isBulk(_ object: [String: Any]) -> Bool {
        guard let quantity = field(object, "eligibleQuantity") as? [String: Any] else { return false }
        let minimum = priceValue(field(quantity, "minValue")) ?? priceValue(field(quantity, "value"))
        return (minimum?.decimal ?? 0) > 1
    }

    /// Keys as schema.org spells them, or in another case ("lowprice"), as some shops write them.
    static func field(_ object: [String: Any], _ key: String) -> Any? {
        if let value = object[key] { return value }
        let lowered = key.lowercased()
        return object.first { $0.key.lowercased() == lowered }?.value
    }

    static func priceValue(_ value: Any?, depth: Int = 0) -> PriceAmount? {
        // Some shops nest the number: {"sales": {"value": 3499, "currency": "ARS"}}.
        if let object = value as? [String: Any], depth < 3 {
            for key in ["value", "amount", "price", "decimalPrice", "sales", "current"] {
                if let amount = priceValue(object[key], depth: depth + 1) { return amount }
            }
            return nil
        }
        // JSONSerialization gives booleans as NSNumber too ("c" type); `is Bool` would also match 0 and 1.
        if let number = value as? NSNumber, String(cString: number.objCType) != "c" {
            return PriceAmount(number: number.doubleValue)
        }
        if let text = value as? String {
            // Structured data uses "." as the decimal mark; only fall back to text rules for odd values.
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return PriceAmount(trimmed) ?? PriceParser.parse(trimmed).amount
        }
        return nil
    }

    static func text(_ value: Any?) -> String? {
        if let string = value as? String {
            let cleaned = HTMLText.collapseWhitespace(HTMLText.decodeEntities(string))
            return cleaned.isEmpty ? nil : cleaned
        }
        if let number = value as? NSNumber { return number.stringValue }
        if let array = value as? [Any] { return array.lazy.compactMap(text).first }
        if let object = value as? [String: Any] { return text(object["@id"] ?? object["name"]) }
        return nil
    }

    private static func imageURL(_ value: Any?) -> String? {
        if let text = value as? String { return text.isEmpty ? nil : text }
        if let array = value as? [Any] { return array.lazy.compactMap(imageURL).first }
        if let object = value as? [String: Any] { return (object["url"] ?? object["contentUrl"]).flatMap(imageURL) }
        return nil
    }
}

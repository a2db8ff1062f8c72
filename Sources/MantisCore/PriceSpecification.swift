import Foundation

/// One schema.org `PriceSpecification` of an offer (also `UnitPriceSpecification`, and the parts of a
/// `CompoundPriceSpecification`), and the rule that picks what the buyer pays now from an offer's `price` and
/// its specifications.
struct PriceSpecification {
    /// What a price is, by schema.org's `PriceTypeEnumeration`.
    enum Kind {
        /// No `priceType`, or one schema.org does not define as a reference: the price asked.
        case asked
        /// `SalePrice`: a temporary price below the regular one.
        case sale
        /// `ListPrice`, `StrikethroughPrice`, `MSRP`, `SRP`, `InvoicePrice`, `MinimumAdvertisedPrice`: prices
        /// shown for comparison (or, for an invoice price, what the shop paid), never what the buyer pays.
        case reference
    }

    var amount: PriceAmount
    var currency: String?
    var kind: Kind
    /// Inside its `validFrom`/`validThrough` window at the extraction time (true when it states none).
    var isValid: Bool
    /// A price per unit of measure ("€/kg": `referenceQuantity` of something other than one piece) or a fee,
    /// instalment or deposit (`priceComponentType`): not the price of the item.
    var isPart: Bool
    var isBulk: Bool

    /// schema.org names the enumeration members as URLs ("https://schema.org/ListPrice"); shops also write the
    /// bare name, other cases, or the older "SRP"/"RRP" abbreviations.
    static func kind(ofPriceType raw: String?) -> Kind {
        guard let raw else { return .asked }
        let name =
            (raw.split(whereSeparator: { $0 == "/" || $0 == ":" || $0 == "#" }).last.map(String.init) ?? raw)
            .lowercased()
        switch name {
        case "saleprice": return .sale
        case "listprice", "strikethroughprice", "msrp", "srp", "rrp", "invoiceprice", "minimumadvertisedprice",
            "regularprice", "originalprice", "wasprice":
            return .reference
        default: return .asked
        }
    }

    /// UN/CEFACT codes for "one piece": a unit price for one of these is the item's price.
    private static let pieceUnitCodes: Set<String> = ["C62", "H87", "EA", "PCE", "XPP", "NAR", "PR", "SET"]

    /// Specifications from a `priceSpecification` value: one object or an array, compound ones opened up.
    static func read(_ value: Any, now: Date, depth: Int = 0) -> [PriceSpecification] {
        guard depth < 4 else { return [] }
        if let array = value as? [Any] { return array.flatMap { read($0, now: now, depth: depth + 1) } }
        guard let object = value as? [String: Any] else { return [] }
        var result: [PriceSpecification] = []
        let valid = SchemaDate.contains(
            now, from: JSONLDReader.text(JSONLDReader.field(object, "validFrom")),
            through: JSONLDReader.text(JSONLDReader.field(object, "validThrough")))
        var isPart = JSONLDReader.field(object, "priceComponentType") != nil
        if let quantity = JSONLDReader.field(object, "referenceQuantity") as? [String: Any] {
            let value = JSONLDReader.priceValue(JSONLDReader.field(quantity, "value"))?.decimal ?? 1
            let unit = JSONLDReader.text(JSONLDReader.field(quantity, "unitCode"))?.uppercased()
            if value != 1 || (unit.map { !pieceUnitCodes.contains($0) } ?? false) { isPart = true }
        }
        let amount =
            JSONLDReader.priceValue(JSONLDReader.field(object, "price"))
            ?? JSONLDReader.priceValue(JSONLDReader.field(object, "minPrice"))
        if let amount {
            result.append(
                PriceSpecification(
                    amount: amount, currency: JSONLDReader.text(JSONLDReader.field(object, "priceCurrency")),
                    kind: kind(ofPriceType: JSONLDReader.text(JSONLDReader.field(object, "priceType"))),
                    isValid: valid, isPart: isPart, isBulk: JSONLDReader.isBulk(object)))
        }
        // A compound specification's total is its own price; its components (a list price, fees) follow as
        // parts, except those typed as comparison prices, which keep telling the regular price.
        if let components = JSONLDReader.field(object, "priceComponent") {
            result += read(components, now: now, depth: depth + 1).map { component in
                var component = component
                if component.kind != .reference, amount != nil { component.isPart = true }
                if !valid { component.isValid = false }
                return component
            }
        }
        return result
    }

    struct Choice {
        var amount: PriceAmount?
        /// The specification the amount came from, when it did not come from the offer's own `price`.
        var specification: PriceSpecification?
        /// Comparison prices that are not the chosen one.
        var references: [PriceAmount]
    }

    /// What the buyer pays now, following schema.org and Google's merchant-listing reading of it: `Offer.price`
    /// is the price; a `SalePrice` specification valid today overrides it (shops that put the regular price in
    /// `price` and the sale in a specification); a sale that has ended or not begun is not today's price, so
    /// when the offer's `price` is that sale's amount the regular price is back. Without `price`, the first
    /// valid asked price, then the first asked price at all. Comparison prices are never chosen.
    static func currentPrice(stated: PriceAmount?, specifications: [PriceSpecification]) -> Choice {
        let whole = specifications.filter { !$0.isPart }
        var references = whole.filter { $0.kind == .reference }.map(\.amount)
        if let sale = whole.filter({ $0.kind == .sale && $0.isValid }).min(by: { $0.amount < $1.amount }) {
            if let stated, stated != sale.amount { references.append(stated) }
            return Choice(amount: sale.amount, specification: sale, references: references.filter { $0 != sale.amount })
        }
        let endedSales = Set(whole.filter { $0.kind == .sale && !$0.isValid }.map(\.amount))
        // `price` repeating the struck-through price while a plain specification names another: the shop put
        // the regular price in the wrong place, and the other one is what is charged.
        if let stated, references.contains(stated),
            let asked = whole.first(where: { $0.kind == .asked && $0.isValid && $0.amount != stated })
        {
            return Choice(amount: asked.amount, specification: asked, references: references)
        }
        if let stated, !endedSales.contains(stated) {
            return Choice(amount: stated, specification: nil, references: references.filter { $0 != stated })
        }
        let asked = whole.filter { $0.kind == .asked && !endedSales.contains($0.amount) }
        let regular =
            asked.first(where: \.isValid) ?? (endedSales.isEmpty ? asked.first : nil)
            // The sale is over and only comparison prices are left: the regular price is the one struck out.
            ?? (endedSales.isEmpty ? nil : whole.first { $0.kind == .reference && $0.isValid })
        if let regular {
            return Choice(
                amount: regular.amount, specification: regular, references: references.filter { $0 != regular.amount })
        }
        // Only an ended sale (or nothing) is stated: the page shows that amount, and it beats no price at all.
        return Choice(amount: stated ?? whole.first?.amount, specification: nil, references: references)
    }
}

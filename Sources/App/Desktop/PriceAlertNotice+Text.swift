import MantisCore

extension PriceAlertNotice {
    /// "€49.99 → €39.50" in the currency's own notation (as the alert email writes it); just the new price
    /// when there is no old one or it did not change (back in stock), nil with no price at all.
    public var priceChange: String? {
        guard let newPrice else { return oldPrice.map { MoneyFormatter.format($0, currency: currency) } }
        let now = MoneyFormatter.format(newPrice, currency: currency)
        guard let oldPrice, oldPrice != newPrice else { return now }
        return "\(MoneyFormatter.format(oldPrice, currency: currency)) → \(now)"
    }
}

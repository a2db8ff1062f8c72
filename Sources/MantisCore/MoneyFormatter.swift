import Foundation

/// Money for people to read where no browser formats it (emails): the amount as the currency's home writes it
/// ("99,00 kr." for DKK, "₹99.00" for INR), unless that symbol is one English gives another currency ("$" for
/// TWD in Taiwan), then as English writes it ("NT$99.00", "CN¥99.00"). A currency Mantis only knows by its
/// symbol ("zł" from a page with no code) is written after the amount.
public enum MoneyFormatter {
    public static func format(_ amount: String, currency: String?) -> String {
        guard let currency else { return amount }
        let upper = currency.uppercased()
        guard upper.count == 3, Currency.isoCodes.contains(upper), let number = Decimal(string: amount) else {
            return "\(amount) \(currency)"
        }
        let formatter = NumberFormatter()
        formatter.numberStyle = .currency
        formatter.locale = Locale(identifier: home(of: upper))
        formatter.currencyCode = upper
        let digits = CLDRMoneyData.fractionDigits[upper] ?? 2
        formatter.minimumFractionDigits = max(digits, amount.split(separator: ".").dropFirst().first?.count ?? 0)
        formatter.maximumFractionDigits = formatter.minimumFractionDigits
        guard let text = formatter.string(from: number as NSDecimalNumber) else { return "\(amount) \(upper)" }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { !NumeralNormalizer.layoutMarks.contains($0) }))
    }

    /// The currency's home locale (`CLDRMoneyData.homeLocales`, worked out from ICU at build time: asking ICU
    /// at run time meant formatting in every one of ~1,000 locales, seconds on a busy machine, inside the
    /// transaction that queues a price alert).
    static func home(of code: String) -> String {
        CLDRMoneyData.homeLocales[code] ?? "en"
    }
}

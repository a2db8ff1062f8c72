import Foundation
import Synchronization

/// Money for people to read where no browser formats it (emails): the amount as the currency's home writes it
/// ("99,00 kr." for DKK, "₹99.00" for INR), unless that symbol is one English gives another currency ("$" for
/// TWD in Taiwan), then as English writes it ("NT$99.00", "CN¥99.00"). A currency Mantis only knows by its
/// symbol ("zł" from a page with no code) is written after the amount.
public enum MoneyFormatter {
    /// The locale each currency is formatted in, found once per code.
    private static let homes = Mutex<[String: String]>([:])

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

    /// English in the currency's region where there is such a locale ("en_IN", "en_DK"), else the region's
    /// first locale in Latin digits ("pl_PL"), counting only locales that write a symbol rather than the code;
    /// else plain English, and English too when the home's symbol would read as another currency.
    static func home(of code: String) -> String {
        if let known = homes.withLock({ $0[code] }) { return known }
        // Locales of the currency's regions in Latin digits that write it with a symbol, not its code.
        var candidates: [(identifier: String, symbol: String)] = []
        let formatter = NumberFormatter()
        formatter.numberStyle = .currency
        for identifier in Locale.availableIdentifiers.sorted() {
            let locale = Locale(identifier: identifier)
            guard locale.region != nil, locale.currency?.identifier == code, locale.numberingSystem.identifier == "latn"
            else { continue }
            formatter.locale = locale
            formatter.currencyCode = code
            let symbol = formatter.currencySymbol.trimmingCharacters(in: .whitespaces)
            if symbol != code { candidates.append((identifier, symbol)) }
        }
        var home = "en"
        if let best = candidates.first(where: { $0.identifier.hasPrefix("en_") }) ?? candidates.first,
           CLDRMoneyData.english[best.symbol].map({ $0 == code }) ?? true {
            home = best.identifier
        }
        let chosen = home
        homes.withLock { $0[code] = chosen }
        return chosen
    }
}

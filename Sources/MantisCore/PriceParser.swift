import Foundation

/// Reads a price out of text as written on a page: "$1,299.00", "1.890,00 DKK", "1 234,5 zł", "₹1,23,456".
///
/// The separator rules matter most: "€68,50" is 68.50, never 6850. A lone "." or "," followed by exactly three
/// digits groups thousands ("1.299 kr" is 1299) unless the integer part is 0 or the currency has three decimals;
/// with both marks present the last one is the decimal mark.
public enum PriceParser {
    public struct Result: Equatable, Sendable {
        public var amount: PriceAmount?
        /// ISO 4217 code when the text names one currency ("€" → "EUR"); nil for shared signs such as "$".
        public var currency: String?
        /// The currency as written ("€", "zł", "руб."), from the text or else from the hint.
        public var currencyText: String?

        public init(amount: PriceAmount? = nil, currency: String? = nil, currencyText: String? = nil) {
            self.amount = amount
            self.currency = currency
            self.currencyText = currencyText
        }
    }

    /// - Parameters:
    ///   - text: the price as shown ("Now 19,99 € (was 24,99 €)" reads the first price).
    ///   - hint: nearby text that may name the currency ("EUR", "Price in zł"); never a source of the amount.
    ///   - decimalSeparator: the page's decimal mark when known, which settles "1.234" and the like.
    ///   - countryCode: the page's country (ISO 3166), which settles shared symbols ("$" in Mexico is MXN).
    ///   - englishFallback: a shared symbol the country does not settle takes English's reading ("$" USD, "¥"
    ///     JPY, "£" GBP); for a lone string with no page around it. The extractor weighs the page's evidence first.
    public static func parse(
        _ text: String, hint: String? = nil, decimalSeparator: Character? = nil, countryCode: String? = nil,
        englishFallback: Bool = false
    ) -> Result {
        var decimalSeparator = decimalSeparator
        let normalized = NumeralNormalizer.normalize(text, decimalSeparator: &decimalSeparator)
        let characters = normalized.characters
        let numbers = PriceTextScanner.numbers(in: characters, decimalSeparator: decimalSeparator)
        var currencies = PriceTextScanner.currencies(in: characters)

        // The first number that looks like money: one a currency stands beside or one with cents.
        // "2 Piece - $6.75" is 6.75, "299,00 249,00 kr" is 299.00; failing both, the first number.
        let number =
            numbers.first { number in
                number.hasCents || currencies.contains { $0.isAdjacent(to: number.range, in: characters) }
            } ?? numbers.first
        // Lowercase codes ("140,00 pln") and word-like codes ("ALL") count only right beside the amount.
        currencies.removeAll { match in
            match.needsAdjacency && !(number.map { match.isAdjacent(to: $0.range, in: characters) } ?? false)
        }
        var currency = pickCurrency(currencies, near: number?.range)
        if currency == nil, let hint, !hint.isEmpty {
            let hintCurrencies = PriceTextScanner.currencies(in: Array(hint)).filter { !$0.needsAdjacency }
            currency = pickCurrency(hintCurrencies, near: nil)
        }

        var code = currency?.code
        if code == nil, let currency, let resolved = Currency.resolve(currency.text, countryCode: countryCode),
           resolved.evidence != .english || englishFallback {
            code = resolved.code
        }
        var result = Result(currency: code, currencyText: currency?.text)
        // The cifrão written as the decimal mark ("1 234$50") is the Cape Verdean escudo's notation.
        if currency == nil, normalized.cifraoDecimal { result = Result(currency: "CVE", currencyText: "$") }
        if let number {
            let decimals = currency?.code.map { Currency.threeDecimalCodes.contains($0) } ?? false ? 3 : 2
            result.amount = normalize(number.text, decimalSeparator: decimalSeparator, usualDecimals: decimals)
        } else if isFree(characters) {
            result.amount = PriceAmount("0")
        }
        return result
    }

    /// The amount alone, e.g. for a value from a `content` attribute.
    public static func amount(in text: String) -> PriceAmount? {
        parse(text).amount
    }

    /// The currency as written in the text, e.g. "€" or "DKK".
    public static func currencyText(in text: String) -> String? {
        parse(text).currencyText
    }

    /// The currency nearest the amount; an ISO code beats a bare "$" it qualifies ("NZD $100.70" is NZD).
    private static func pickCurrency(
        _ matches: [PriceTextScanner.CurrencyMatch], near range: Range<Int>?
    ) -> PriceTextScanner.CurrencyMatch? {
        guard !matches.isEmpty else { return nil }
        let nearest =
            range.map { range in matches.min { $0.distance(to: range) < $1.distance(to: range) }! } ?? matches[0]
        if nearest.code == nil, let code = matches.first(where: \.isISOCode) { return code }
        return nearest
    }

    /// "Free", "Gratis!" and the like stand for zero; "Free shipping" is about something else.
    private static func isFree(_ characters: [Character]) -> Bool {
        let words = String(characters).lowercased().split(whereSeparator: { !$0.isLetter })
        guard words.count == 1 else { return false }
        return ["free", "gratis", "gratuit", "gratuito", "kostenlos", "бесплатно", "zdarma", "ingyenes"]
            .contains(String(words[0]))
    }

    /// Turns "1.234,56", "1'234.50", "1 234", ".75" into a plain decimal.
    static func normalize(_ text: String, decimalSeparator: Character?, usualDecimals: Int = 2) -> PriceAmount? {
        // Spaces and apostrophes only ever group digits.
        var digits = text.filter { $0.isASCIIDigit || $0 == "." || $0 == "," || $0 == decimalSeparator }
        var leadingFraction = false
        while let first = digits.first, !first.isASCIIDigit {
            digits.removeFirst()
            leadingFraction = true
        }
        while let last = digits.last, !last.isASCIIDigit { digits.removeLast() }
        guard !digits.isEmpty else { return nil }
        if leadingFraction { digits = "0." + digits.filter(\.isASCIIDigit) }

        let decimalMark: Character?
        if leadingFraction {
            return PriceAmount(digits)
        } else if let decimalSeparator {
            decimalMark = decimalSeparator
        } else {
            decimalMark = inferDecimalMark(digits, usualDecimals: usualDecimals)
            if decimalMark == nil, !hasValidGrouping(digits) { return nil }
        }
        var integer = ""
        var fraction: String?
        for character in digits {
            if character.isASCIIDigit {
                if fraction != nil { fraction!.append(character) } else { integer.append(character) }
            } else if character == decimalMark, fraction == nil {
                fraction = ""
            }
        }
        if let fraction, !fraction.isEmpty { return PriceAmount("\(integer.isEmpty ? "0" : integer).\(fraction)") }
        return PriceAmount(integer)
    }

    /// nil when every mark groups thousands.
    private static func inferDecimalMark(_ digits: String, usualDecimals: Int) -> Character? {
        let marks = digits.filter { $0 == "." || $0 == "," }
        guard let last = marks.last else { return nil }
        let lastCount = marks.filter { $0 == last }.count
        if marks.contains(where: { $0 != last }) {
            // "1.234,56" or "1,23,456.00": a different mark earlier, so the last, if used once, is decimal.
            return lastCount == 1 ? last : nil
        }
        guard lastCount == 1 else { return nil }  // "1.234.567" repeats the mark: thousands.
        let parts = digits.split(separator: last, omittingEmptySubsequences: false)
        let integer = parts[0]
        let fractionLength = parts[1].count
        // Thousands groups hold exactly three digits after an integer part of one to three non-zero digits.
        if fractionLength != 3 || integer.count > 3 || integer.allSatisfy({ $0 == "0" }) { return last }
        return usualDecimals == 3 ? last : nil
    }

    /// "1.234.567" and Indian "1,23,45,678" are numbers; "15.08.2017" is a date.
    private static func hasValidGrouping(_ digits: String) -> Bool {
        let groups = digits.split(whereSeparator: { !$0.isASCIIDigit }).map(\.count)
        guard groups.count > 1 else { return true }
        guard (1...3).contains(groups[0]), groups.last == 3 else { return false }
        let middle = groups.dropFirst().dropLast()
        return middle.allSatisfy { $0 == 3 } || middle.allSatisfy { $0 == 2 }
    }
}

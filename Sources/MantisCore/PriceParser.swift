import Foundation

/// Reads a price out of text as written on a page: "$1,299.00", "1.299,00 €", "12,99 zł".
/// This is the first cut; the separator rules are the part that matters most: "€68,50" is 68.50, never 6850.
public enum PriceParser {
    public struct Result: Equatable, Sendable {
        public var amount: PriceAmount?
        public var currencyText: String?
    }

    private static let currencySymbols: [String] = [
        "US$", "C$", "A$", "NZ$", "HK$", "R$", "zł", "kr", "Kč", "Ft", "lei", "руб", "CHF",
        "$", "€", "£", "¥", "₹", "₽", "₩", "₺", "₪", "₫", "฿", "₱",
    ]

    public static func parse(_ text: String) -> Result {
        Result(amount: amount(in: text), currencyText: currencyText(in: text))
    }

    public static func currencyText(in text: String) -> String? {
        for symbol in currencySymbols where text.contains(symbol) { return symbol }
        // A three-letter ISO 4217 code written beside the number.
        let words = text.split(whereSeparator: { !$0.isLetter })
        return words.first(where: { $0.count == 3 && $0.allSatisfy(\.isUppercase) }).map(String.init)
    }

    public static func amount(in text: String) -> PriceAmount? {
        guard let chunk = firstNumberChunk(in: text) else { return nil }
        return normalize(chunk)
    }

    /// The first run of digits with the separators that may sit inside a number.
    /// A space only ever groups thousands, which come before the decimal mark, so a space after a "." or ","
    /// ends the number: "12.99 2 for 20" is 12.99 and "299,00 249,00" is 299,00, not one long number.
    static func firstNumberChunk(in text: String) -> String? {
        let separators: Set<Character> = [".", ",", "'", " ", "\u{00A0}", "\u{202F}", "’"]
        var chunk = ""
        var started = false
        for character in text {
            if character.isASCIIDigit {
                started = true
                chunk.append(character)
            } else if started, separators.contains(character),
                !(character.isWhitespace && chunk.contains(where: { $0 == "." || $0 == "," }))
            {
                chunk.append(character)
            } else if started {
                break
            }
        }
        while let last = chunk.last, !last.isASCIIDigit { chunk.removeLast() }
        return chunk.isEmpty ? nil : chunk
    }

    /// Decides which separator is the decimal one. The last "." or "," followed by one or two digits
    /// (or by anything other than exactly three) is decimal; every other separator groups thousands.
    static func normalize(_ chunk: String) -> PriceAmount? {
        let groups = chunk.split(whereSeparator: { !$0.isASCIIDigit }).map(String.init)
        let separatorsUsed = chunk.filter { !$0.isASCIIDigit }
        guard let last = groups.last else { return nil }
        if groups.count == 1 { return PriceAmount(last) }
        let lastSeparator = separatorsUsed.last!
        let decimalCandidate = lastSeparator == "." || lastSeparator == ","
        let otherSeparators = separatorsUsed.dropLast()
        let lastIsDecimal: Bool
        if !decimalCandidate {
            lastIsDecimal = false
        } else if otherSeparators.contains(lastSeparator) {
            // "1,234,567": the same mark repeated groups thousands.
            lastIsDecimal = false
        } else if !otherSeparators.isEmpty {
            // "1.234,56" or "1 234,5": a different mark before it, so this one is decimal.
            lastIsDecimal = true
        } else {
            // A lone "1,299" or "1.299" reads as thousands; "68,50" or "12.5" as decimals.
            lastIsDecimal = last.count != 3 || groups[0] == "0"
        }
        let integer = (lastIsDecimal ? groups.dropLast() : groups[...]).joined()
        return PriceAmount(lastIsDecimal ? "\(integer).\(last)" : integer)
    }
}

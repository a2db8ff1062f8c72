import Testing

@testable import MantisCore

@Suite("PriceParser")
struct PriceParserTests {
    /// One price as a shop writes it, with the amount and currency text the parser must find.
    struct Case: CustomTestStringConvertible, Sendable {
        var text: String
        var amount: String
        var currency: String?
        var testDescription: String { "\"\(text)\" → \(amount) \(currency ?? "-")" }
    }

    @Test(
        "Prices as written on shop pages",
        arguments: [
            Case(text: "$1,299.00", amount: "1299.00", currency: "$"),
            Case(text: "1.890,00 DKK", amount: "1890.00", currency: "DKK"),
            Case(text: "€68,50", amount: "68.50", currency: "€"),
            Case(text: "1 234,5 zł", amount: "1234.5", currency: "zł"),
            Case(text: "1'234.50 CHF", amount: "1234.50", currency: "CHF"),
            Case(text: "12,99 €", amount: "12.99", currency: "€"),
            Case(text: "£0.99", amount: "0.99", currency: "£"),
            Case(text: "US$ 49.95", amount: "49.95", currency: "US$"),
            Case(text: "299 kr.", amount: "299", currency: "kr"),
            Case(text: "EUR 1.234.567,89", amount: "1234567.89", currency: "EUR"),
            Case(text: "Price: 1,234,567 JPY", amount: "1234567", currency: "JPY"),
            Case(text: "¥1,980", amount: "1980", currency: "¥"),
            Case(text: "₹ 1,23,456.00", amount: "123456.00", currency: "₹"),
        ])
    func parsesShopPrices(example: Case) throws {
        let result = PriceParser.parse(example.text)
        let amount = try #require(result.amount)
        // Compare the exact string: equality of PriceAmount would accept "1890" for "1890.00".
        #expect(amount.decimalString == example.amount)
        #expect(result.currencyText == example.currency)
    }

    @Test("A lone comma followed by two digits is a decimal mark: €68,50 is 68.50, never 6850")
    func loneCommaWithTwoDigitsIsDecimal() throws {
        let amount = try #require(PriceParser.amount(in: "€68,50"))
        #expect(amount.decimalString == "68.50")
        #expect(amount != PriceAmount("6850"))
    }

    @Test(
        "A lone separator followed by exactly three digits groups thousands",
        arguments: [
            ("$1,299", "1299"),
            ("1.299 kr", "1299"),
            ("1 299 Kč", "1299"),
            ("1'299 CHF", "1299"),
        ])
    func loneSeparatorWithThreeDigitsGroupsThousands(text: String, expected: String) throws {
        #expect(try #require(PriceParser.amount(in: text)).decimalString == expected)
    }

    @Test(
        "A leading zero makes a lone three-digit group decimal",
        arguments: [
            ("0,125", "0.125"),
            ("0.250 BHD", "0.250"),
        ])
    func leadingZeroMeansDecimal(text: String, expected: String) throws {
        #expect(try #require(PriceParser.amount(in: text)).decimalString == expected)
    }

    @Test(
        "A lone separator followed by one or two digits is decimal, either mark",
        arguments: [
            ("12.5", "12.5"),
            ("12,5", "12.5"),
            ("12.50", "12.50"),
            ("12,50", "12.50"),
        ])
    func loneSeparatorShortGroupIsDecimal(text: String, expected: String) throws {
        #expect(try #require(PriceParser.amount(in: text)).decimalString == expected)
    }

    @Test(
        "Non-breaking, narrow and apostrophe-like group separators are understood",
        arguments: [
            ("1\u{00A0}234,50\u{00A0}€", "1234.50"),
            ("1\u{202F}234,50 €", "1234.50"),
            ("1’234.50 CHF", "1234.50"),
        ])
    func unicodeGroupSeparators(text: String, expected: String) throws {
        #expect(try #require(PriceParser.amount(in: text)).decimalString == expected)
    }

    @Test("The Scandinavian ',-' suffix means whole units")
    func dashSuffixMeansWholeUnits() throws {
        #expect(try #require(PriceParser.amount(in: "1.299,- kr")).decimalString == "1299")
        #expect(try #require(PriceParser.amount(in: "49,-")).decimalString == "49")
    }

    @Test("Only the first number in the text is read")
    func readsFirstNumber() throws {
        #expect(try #require(PriceParser.amount(in: "Now 19,99 € (was 24,99 €)")).decimalString == "19.99")
        #expect(try #require(PriceParser.amount(in: "$15. Save 20%")).decimalString == "15")
    }

    @Test(
        "A space after the decimal part ends the number instead of gluing on the next one",
        arguments: [
            ("12.99 2 for 20", "12.99"),
            ("299,00 249,00 kr", "299.00"),
            ("1.299,00 999,00 kr", "1299.00"),
            ("1 234,50 2 stk.", "1234.50"),
        ])
    func spaceAfterDecimalPartEndsNumber(text: String, expected: String) throws {
        #expect(try #require(PriceParser.amount(in: text)).decimalString == expected)
    }

    @Test(
        "Spaces before the decimal mark still group thousands",
        arguments: [
            ("1 234 567,89 €", "1234567.89"),
            ("12 345.67", "12345.67"),
            ("1 899 kr", "1899"),
        ])
    func spacesBeforeDecimalMarkGroupThousands(text: String, expected: String) throws {
        #expect(try #require(PriceParser.amount(in: text)).decimalString == expected)
    }

    @Test(
        "Text without digits has no amount",
        arguments: [
            "No longer available", "", "   ", "Price on request", "€", "Gratis!",
        ])
    func noDigitsNoAmount(text: String) {
        let result = PriceParser.parse(text)
        #expect(result.amount == nil)
    }

    @Test("\"No longer available\" has neither amount nor currency")
    func unavailableTextHasNothing() {
        #expect(PriceParser.parse("No longer available") == PriceParser.Result(amount: nil, currencyText: nil))
    }

    @Test("A currency symbol is found without an amount, and an amount without a currency")
    func currencyAndAmountAreIndependent() throws {
        #expect(PriceParser.parse("€").currencyText == "€")
        let plain = PriceParser.parse("1299.00")
        #expect(try #require(plain.amount).decimalString == "1299.00")
        #expect(plain.currencyText == nil)
    }

    @Test(
        "Multi-character symbols win over the single symbol they contain",
        arguments: [
            ("NZ$ 12.00", "NZ$"),
            ("R$ 12,00", "R$"),
            ("HK$12.00", "HK$"),
            ("C$12.00", "C$"),
        ])
    func longerSymbolsFirst(text: String, expected: String) {
        #expect(PriceParser.currencyText(in: text) == expected)
    }

    @Test(
        "Three-letter ISO codes are found only in uppercase",
        arguments: [
            ("12.00 GBP", "GBP"),
            ("SEK 99", "SEK"),
            ("12.00 gbp", nil),
            ("12.00 EURO", nil),
        ] as [(String, String?)])
    func isoCodes(text: String, expected: String?) {
        #expect(PriceParser.currencyText(in: text) == expected)
    }

    @Test("Amounts too large for PriceAmount give nil instead of a wrong value")
    func overlongNumbersGiveNil() {
        #expect(PriceParser.amount(in: "1234567890123456 €") == nil)
    }
}

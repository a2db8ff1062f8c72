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
            "No longer available", "", "   ", "Price on request", "€", "Free shipping",
        ])
    func noDigitsNoAmount(text: String) {
        let result = PriceParser.parse(text)
        #expect(result.amount == nil)
    }

    @Test("\"No longer available\" has neither amount nor currency")
    func unavailableTextHasNothing() {
        #expect(PriceParser.parse("No longer available") == PriceParser.Result())
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
        "Three-letter ISO codes count in uppercase anywhere, in lowercase only beside the amount",
        arguments: [
            ("12.00 GBP", "GBP"),
            ("SEK 99", "SEK"),
            ("12.00 gbp", "gbp"),
            ("140,00 pln", "pln"),
            ("gbp and then 12.00", nil),
            ("12.00 EURO", nil),
            ("12.00 ABC", nil),
        ] as [(String, String?)])
    func isoCodes(text: String, expected: String?) {
        #expect(PriceParser.currencyText(in: text) == expected)
    }

    @Test("Amounts too large for PriceAmount give nil instead of a wrong value")
    func overlongNumbersGiveNil() {
        #expect(PriceParser.amount(in: "1234567890123456 €") == nil)
    }

    // MARK: API with hint and decimal separator

    @Test("The ISO code is given where the text names one currency, and the text as written beside it")
    func isoCodeAndWrittenText() {
        #expect(
            PriceParser.parse("1.890,00 DKK")
                == PriceParser.Result(amount: PriceAmount("1890.00"), currency: "DKK", currencyText: "DKK"))
        #expect(
            PriceParser.parse("12,99 €")
                == PriceParser.Result(amount: PriceAmount("12.99"), currency: "EUR", currencyText: "€"))
        #expect(PriceParser.parse("45,00 zł").currency == "PLN")
        #expect(PriceParser.parse("171900 руб.").currencyText == "руб.")
        // "$" alone is shared by many currencies.
        #expect(PriceParser.parse("$12").currency == nil)
        #expect(PriceParser.parse("US$ 12").currency == "USD")
    }

    @Test("The hint names the currency only when the text has none, and never gives the amount")
    func hintGivesCurrencyOnly() throws {
        let fromHint = PriceParser.parse("23,40", hint: "DKK")
        #expect(try #require(fromHint.amount).decimalString == "23.40")
        #expect(fromHint.currencyText == "DKK")
        #expect(PriceParser.parse("$4.00", hint: "USD").currencyText == "$")
        #expect(PriceParser.parse("", hint: "Kč") == PriceParser.Result(currency: "CZK", currencyText: "Kč"))
        #expect(PriceParser.parse("", hint: "50").amount == nil)
        #expect(PriceParser.parse("4.81", hint: "4.81 16 von 5").currencyText == nil)
    }

    @Test(
        "A known decimal separator settles ambiguous numbers",
        arguments: [
            ("1.234", ".", "1.234"),
            ("1,234", ",", "1.234"),
            ("1.234", ",", "1234"),
            ("423.923 KD", ".", "423.923"),
            ("1250€ 60", "€", "1250.60"),
        ] as [(String, Character, String)])
    func decimalSeparatorHint(text: String, separator: Character, expected: String) throws {
        let amount = try #require(PriceParser.parse(text, decimalSeparator: separator).amount)
        #expect(amount.decimalString == expected)
    }

    @Test(
        "Locale formats from around the world",
        arguments: [
            ("₹1,23,456", "123456", "₹"),
            ("CHF 1'049,95", "1049.95", "CHF"),
            ("$1\u{00A0}298,00", "1298.00", "$"),
            ("Rp 169.000", "169000", "Rp"),
            ("880,000 ₫", "880000", "₫"),
            ("8.000.000 ₫", "8000000", "₫"),
            ("2 285,81 грн.", "2285.81", "грн."),
            ("12,000원", "12000", "원"),
            ("3,500円", "3500", "円"),
            ("تومان56,000", "56000", "تومان"),
            ("34.992001", "34.992001", nil),
            ("$.75", "0.75", "$"),
            ("36. 24", "36.24", nil),
            ("1.899,-", "1899", nil),
            ("€ 610,", "610", "€"),
        ] as [(String, String, String?)])
    func worldFormats(text: String, amount: String, currency: String?) throws {
        let result = PriceParser.parse(text)
        #expect(try #require(result.amount).decimalString == amount)
        #expect(result.currencyText == currency)
    }

    @Test("Three-decimal currencies read a lone three-digit group as decimals")
    func threeDecimalCurrencies() throws {
        #expect(try #require(PriceParser.parse("12.345 KWD").amount).decimalString == "12.345")
        #expect(try #require(PriceParser.parse("12.345 EUR").amount).decimalString == "12345")
    }

    @Test(
        "Ranges and \"from\" prices give the first, lowest price",
        arguments: [
            ("841,00 zł – 995,00 zł", "841.00"),
            ("From: $14.97", "14.97"),
            ("ab 2.99 €", "2.99"),
            ("$29.99 – $74.99", "29.99"),
        ])
    func rangesAndFrom(text: String, expected: String) throws {
        #expect(try #require(PriceParser.parse(text).amount).decimalString == expected)
    }

    @Test("The number beside the currency wins over a count before it; percentages are never prices")
    func numberBesideCurrency() throws {
        #expect(try #require(PriceParser.parse("2 Piece - $6.75").amount).decimalString == "6.75")
        #expect(try #require(PriceParser.parse("20% off 19,99 €").amount).decimalString == "19.99")
    }

    @Test("\"Free\" on its own is zero", arguments: ["Free", "FREE!", "Gratis", "kostenlos"])
    func freeIsZero(text: String) throws {
        #expect(try #require(PriceParser.parse(text).amount).decimalString == "0")
    }

    @Test("Dates are not prices")
    func datesAreNotPrices() {
        #expect(PriceParser.parse("15.08.2017").amount == nil)
    }

    @Test("Long hostile input is read in linear time")
    func longInput() {
        let text = String(repeating: "1.1,1 ", count: 20_000) + "€"
        #expect(PriceParser.parse(text).currencyText == "€")
    }
}

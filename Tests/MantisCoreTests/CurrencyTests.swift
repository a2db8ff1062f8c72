import Testing

@testable import MantisCore

@Suite("Currency")
struct CurrencyTests {
    @Test(
        "Symbols and names that name one currency map to its ISO code",
        arguments: [
            ("€", "EUR"), ("zł", "PLN"), ("Zł", "PLN"), ("Kč", "CZK"), ("руб.", "RUB"), ("₹", "INR"),
            ("US$", "USD"), ("R$", "BRL"), ("eur", "EUR"), ("CHF", "CHF"), ("ر.س", "SAR"), ("원", "KRW"),
        ])
    func unambiguous(text: String, code: String) {
        #expect(Currency.code(for: text) == code)
    }

    // "£" is shared too in CLDR (the pounds of the Falklands, Gibraltar, St Helena, South Sudan, Syria).
    @Test("Shared signs need the shop's country", arguments: ["$", "kr", "¥", "Rs", "£"])
    func ambiguousWithoutCountry(text: String) {
        #expect(Currency.code(for: text) == nil)
    }

    @Test(
        "The country settles shared signs",
        arguments: [
            ("$", "ar", "ARS"), ("$", "tw", "TWD"), ("kr", "dk", "DKK"), ("¥", "jp", "JPY"), ("元", "tw", "TWD"),
        ])
    func countrySettles(text: String, country: String, code: String) {
        #expect(Currency.code(for: text, countryCode: country) == code)
    }

    @Test("Unknown text is no currency", arguments: ["", "ABC", "Price", "EURO"])
    func unknown(text: String) {
        #expect(Currency.code(for: text) == nil)
    }

    @Test("A host's country-code domain gives the country; generic domains none")
    func countryFromHost() {
        #expect(Currency.countryCode(forHost: "www.stockcenter.example.com.ar") == "ar")
        #expect(Currency.countryCode(forHost: "shop.example.co.uk") == "gb")
        #expect(Currency.countryCode(forHost: "example.com") == nil)
        #expect(Currency.countryCode(forHost: nil) == nil)
    }
}

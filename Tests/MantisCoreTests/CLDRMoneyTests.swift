import Foundation
import Testing

@testable import MantisCore

/// Money as every CLDR locale writes it (issue 10): formatted by Foundation's `NumberFormatter` (ICU's CLDR
/// data on this machine) and read back by `PriceParser`.
@Suite("CLDR money notation")
struct CLDRMoneyTests {
    struct Sample {
        let locale: String
        let code: String
        let text: String
        let amount: Decimal
    }

    /// Every locale with a region, its own currency plus USD, EUR, GBP and JPY; amounts with the currency's
    /// decimals (5, 12.25, 1,234.56, 1,234,567.89) and without (7, 1,235, 1,234,568).
    static func samples() -> [Sample] {
        var samples: [Sample] = []
        let formatter = NumberFormatter()
        formatter.numberStyle = .currency
        for identifier in Locale.availableIdentifiers.sorted() {
            let locale = Locale(identifier: identifier)
            guard locale.region != nil, let own = locale.currency?.identifier else { continue }
            formatter.locale = locale
            var codes = [own]
            for code in ["USD", "EUR", "GBP", "JPY"] where !codes.contains(code) { codes.append(code) }
            for code in codes {
                formatter.currencyCode = code
                let digits = NumberFormatter.currencyDigits(code, locale: locale)
                for (value, places) in [("5", digits), ("12.25", digits), ("1234.56", digits), ("1234567.89", digits),
                                        ("7", 0), ("1235", 0), ("1234568", 0)] {
                    formatter.minimumFractionDigits = places
                    formatter.maximumFractionDigits = places
                    var amount = Decimal(string: value)!
                    var rounded = Decimal()
                    NSDecimalRound(&rounded, &amount, places, .bankers)
                    guard let text = formatter.string(from: rounded as NSDecimalNumber) else { continue }
                    samples.append(Sample(locale: identifier, code: code, text: text, amount: rounded))
                }
            }
        }
        return samples
    }

    static func symbol(_ code: String, in identifier: String) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .currency
        formatter.locale = Locale(identifier: identifier)
        formatter.currencyCode = code
        return String(String.UnicodeScalarView(formatter.currencySymbol.unicodeScalars.filter {
            !["\u{200E}", "\u{200F}", "\u{061C}", "\u{200B}"].contains($0) && !$0.properties.isWhitespace
        }))
    }

    @Test("Formatted in every locale with a region and read back: ≥ 99.5 % give the amount and the ISO code")
    func roundTrip() {
        let samples = Self.samples()
        #expect(samples.count > 15_000)
        var right = 0
        var ambiguous: [String] = []
        var wrong: [String] = []
        let started = ContinuousClock.now
        for sample in samples {
            let region = Locale(identifier: sample.locale).region?.identifier
            let result = PriceParser.parse(sample.text, countryCode: region, englishFallback: true)
            if result.amount?.decimal == sample.amount, result.currency == sample.code {
                right += 1
                continue
            }
            // Truly ambiguous without the locale: the locale's own decimal mark reads it right ("1.235" where
            // dots group), or the symbol stands for several currencies and the region writes none of them so.
            let separator = Locale(identifier: sample.locale).decimalSeparator?.first
            let withLocale = PriceParser.parse(sample.text, decimalSeparator: separator, countryCode: region, englishFallback: true)
            let sharedSymbol = result.currencyText.flatMap { CLDRMoneyData.symbols[$0] }.map { $0.count > 1 && $0.contains(sample.code) } ?? false
            // Or nothing visible names the currency (Cape Verde's escudo symbol is a zero-width space).
            let invisibleSymbol = result.currencyText == nil && Self.symbol(sample.code, in: sample.locale).isEmpty
            if (withLocale.amount?.decimal == sample.amount && result.currency == sample.code)
                || (result.amount?.decimal == sample.amount && (sharedSymbol || invisibleSymbol)) {
                ambiguous.append("\(sample.locale) \(sample.code) \(sample.text.debugDescription)")
            } else {
                wrong.append("\(sample.locale) \(sample.code) \(sample.text.debugDescription) → \(result.amount?.decimalString ?? "nil") \(result.currency ?? "nil")")
            }
        }
        let seconds = Double((ContinuousClock.now - started).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - started).components.seconds)
        let counted = samples.count - ambiguous.count
        let score = Double(right) / Double(max(1, counted))
        print("CLDR round trip: \(right) of \(counted) right (\(String(format: "%.2f", score * 100)) %), \(ambiguous.count) ambiguous without the locale, \(wrong.count) wrong; \(Int(Double(samples.count * 2) / max(seconds, 0.001))) strings/s")
        for line in ambiguous.prefix(15) { print("  ambiguous: \(line)") }
        for line in wrong.prefix(40) { print("  wrong: \(line)") }
        #expect(score >= 0.995, "\(wrong.prefix(10))")
        #expect(ambiguous.count < samples.count / 20)
    }

    @Test(
        "Notations CLDR has and the hand lists lacked",
        arguments: [
            ("1،234٫56 ر.س.‏", nil, "1234.56", "SAR"), ("‏١٬٢٣٤٬٥٦٧٫٨٩ US$", nil, "1234567.89", "USD"),
            ("‎$۱٬۲۳۴٬۵۶۷٫۸۹", "IR", "1234567.89", "USD"), ("१,२३,४५६.७८ ₹", nil, "123456.78", "INR"),
            ("B/. 1,234.56", nil, "1234.56", "PAB"), ("R 1 234,56", "ZA", "1234.56", "ZAR"), ("5,00 FC", "CD", "5.00", "CDF"),
            ("F CFA 1.234", nil, "1234", "XOF"), ("Ksh 1,234.00", nil, "1234.00", "KES"), ("1 234,56 MTn", nil, "1234.56", "MZN"),
            ("1 234 Lekë", nil, "1234", "ALL"), ("1.234,56 kr.", "DK", "1234.56", "DKK"), ("JP¥1,235", nil, "1235", "JPY"),
            ("CN¥12.25", nil, "12.25", "CNY"), ("NT$99", nil, "99", "TWD"), ("$99", "TW", "99", "TWD"), ("1 234 567$89 ", "CV", "1234567.89", "CVE"),
            ("１，２３４円", nil, "1234", "JPY"), ("€68,50", nil, "68.50", "EUR"),
        ] as [(String, String?, String, String)])
    func notations(text: String, region: String?, amount: String, code: String) {
        let result = PriceParser.parse(text, countryCode: region, englishFallback: true)
        #expect(result.amount == PriceAmount(amount))
        #expect(result.currency == code)
    }

    @Test("A single letter is a currency only right beside the amount")
    func singleLetters() {
        #expect(PriceParser.parse("Size L – 29,99 €").currency == "EUR")
        #expect(PriceParser.parse("R 150", countryCode: "ZA").currency == "ZAR")
        #expect(PriceParser.parse("Grade R pupils: 150").currency == nil)
    }

    @Test("English's reading of a shared symbol is the last resort, and says so")
    func englishFallback() {
        #expect(Currency.resolve("$")?.code == "USD")
        #expect(Currency.resolve("$")?.evidence == .english)
        #expect(Currency.resolve("$", countryCode: "mx")?.code == "MXN")
        #expect(Currency.resolve("$", countryCode: "mx")?.evidence == .region)
        #expect(Currency.resolve("kr") == nil)
        #expect(Currency.code(for: "$") == nil)
        #expect(PriceParser.parse("$5").currency == nil)
        #expect(PriceParser.parse("$5", englishFallback: true).currency == "USD")
    }

    @Test("The generated data still agrees with this machine's ICU")
    func generatedDataAgrees() {
        let formatter = NumberFormatter()
        formatter.numberStyle = .currency
        var checked = 0
        for (index, identifier) in Locale.availableIdentifiers.sorted().enumerated() where index % 5 == 0 {
            let locale = Locale(identifier: identifier)
            guard let own = locale.currency?.identifier else { continue }
            formatter.locale = locale
            formatter.currencyCode = own
            let symbol = String(String.UnicodeScalarView(formatter.currencySymbol.unicodeScalars.filter {
                !["\u{200E}", "\u{200F}", "\u{061C}", "\u{200B}"].contains($0)
            })).trimmingCharacters(in: .whitespaces)
            guard !symbol.isEmpty, symbol != own else { continue }
            #expect(CLDRMoneyData.symbols[symbol]?.contains(own) == true, "\(identifier) \(own) \(symbol)")
            #expect(CLDRMoneyData.isoCodes.contains(own))
            checked += 1
        }
        #expect(checked > 50)
    }
}

extension NumberFormatter {
    /// The currency's own number of decimals as the locale formats it.
    static func currencyDigits(_ code: String, locale: Locale) -> Int {
        CLDRMoneyData.fractionDigits[code] ?? 2
    }
}

@Suite("CLDR money notation, details")
struct CLDRMoneyDetailTests {
    @Test("Icelandic krónur with the region, though \"kr.\" is read as \"kr\" and its dot")
    func icelandic() {
        let result = PriceParser.parse("1.235 kr.", countryCode: "IS", englishFallback: true)
        #expect(result.currency == "ISK", "\(result)")
        #expect(result.amount == PriceAmount("1235"))
    }
}

extension CLDRMoneyDetailTests {
    @Test("A bare form that is a symbol of its own keeps its own currency (Kyrgyz som beside Uzbek сом.)")
    func som() {
        let result = PriceParser.parse("5,00 сом")
        #expect(result.currency == "KGS")
    }
}

extension CLDRMoneyDetailTests {
    @Test("Two ASCII letters match only as written; \"Kr\" is \"kr\"")
    func twoLetters() {
        #expect(PriceParser.parse("AR 12.00").currencyText == nil)
        #expect(PriceParser.parse("12 000 Ar").currency == "MGA")
        #expect(PriceParser.parse("Kr 1.299", countryCode: "NO").currency == "NOK")
        #expect(PriceParser.parse("1 299 ZŁ").currency == "PLN")
    }
}

/// Money for emails (issue 10: "NT$99", "99,00 kr.", never "99.00 $").
@Suite("Money formatting")
struct MoneyFormatterTests {
    private func plain(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
    }

    @Test("Each currency as its home writes it, or as English does where the home's symbol is another's", arguments: [
        ("99", "TWD", "NT$99.00"), ("99.00", "DKK", "99,00 kr."), ("99", "CNY", "CN¥99.00"), ("99.00", "INR", "₹99.00"),
        ("99.00", "MXN", "MX$99.00"), ("1299.5", "PLN", "1299,50 zł"), ("12.345", "KWD", "12.345"), ("99.00", "zł", "99.00 zł"),
    ])
    func formats(amount: String, currency: String, expected: String) {
        let text = plain(MoneyFormatter.format(amount, currency: currency))
        #expect(text.contains(expected), "\(text)")
        #expect(!text.hasSuffix(" $"))
    }
}

/// The page's own evidence settles shared symbols, and the extractor says which (issue 10).
@Suite("Currency evidence on pages")
struct CurrencyEvidenceTests {
    private func page(_ head: String, body: String, url: String) -> ProductPage {
        let html = "<!doctype html><html \(head)><head><title>Kettle</title></head><body><h1>Kettle</h1>\(body)</body></html>"
        return ProductPageExtractor().extract(html: html, pageURL: URL(string: url))
    }

    private let offer = #"<div class="price" itemprop="offers" itemscope itemtype="https://schema.org/Offer"><span itemprop="price">99</span> <span>$</span></div><button>Add to cart</button>"#

    @Test("The country-code domain, html lang, og:locale and the page's own hreflang each settle \"$\"")
    func regions() {
        let tw = page("lang=\"zh-Hant\"", body: "<p class=\"price\">NT$99</p>", url: "https://shop.example.com.tw/p/1")
        #expect(tw.currency == "TWD")
        let tld = page("", body: "<span class=\"price\">$99.00</span><button>Add to cart</button>", url: "https://tienda.example.mx/p/1")
        #expect(tld.currency == "MXN")
        #expect(tld.sources["currency_evidence"] == "tld:mx")
        let lang = page("lang=\"es-AR\"", body: "<span class=\"price\">$ 99.999</span><button>Agregar al carrito</button>", url: "https://shop.example.com/p/1")
        #expect(lang.currency == "ARS")
        #expect(lang.sources["currency_evidence"] == "html-lang:ar")
        let likely = page("lang=\"da\"", body: "<span class=\"price\">99,00 kr.</span><button>Læg i kurv</button>", url: "https://shop.example.com/p/1")
        #expect(likely.currency == "DKK")
        #expect(likely.sources["currency_evidence"] == "html-lang-likely:dk")
        let alone = page("", body: "<span class=\"price\">$99.00</span><button>Add to cart</button>", url: "https://shop.example.com/p/1")
        #expect(alone.currency == "USD")
        #expect(alone.sources["currency_evidence"] == "english")
    }

    @Test("The store's address in its JSON-LD (PostalAddress.addressCountry) settles \"$\" and \"kr\" when the page says nothing else")
    func storeAddress() {
        let store = #"<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Store", "name": "Kettle Corner", "address": {"@type": "PostalAddress", "addressLocality": "Taipei", "addressCountry": "TW"}}</script>"#
        let taipei = page("", body: store + "<span class=\"price\">$99</span><button>Add to cart</button>", url: "https://kettles.example.com/p/1")
        #expect(taipei.currency == "TWD")
        #expect(taipei.sources["currency_evidence"] == "address:tw")
        let swedish = #"<script type="application/ld+json">{"@type": "Organization", "address": {"addressCountry": {"@type": "Country", "name": "SE"}}}</script>"#
        let kr = page("", body: swedish + "<span class=\"price\">199 kr</span><button>Köp</button>", url: "https://shop.example.com/p/1")
        #expect(kr.currency == "SEK")
        // What the page says of itself outranks an address (a marketplace lists sellers from elsewhere).
        let mx = page("", body: store + "<span class=\"price\">$99.00</span><button>Add to cart</button>", url: "https://tienda.example.mx/p/1")
        #expect(mx.currency == "MXN")
    }

    @Test("A generic ccTLD (.io, .co) says nothing about the country")
    func genericDomains() {
        #expect(PageRegion.evidence(pageURL: URL(string: "https://shop.io/p"), htmlLang: nil, meta: [:], links: []).isEmpty)
        #expect(PageRegion.evidence(pageURL: URL(string: "https://shop.ca/p"), htmlLang: "en", meta: [:], links: []).map(\.region) == ["CA", "US"])
        #expect(PageRegion.explicitRegion("zh-Hant-TW") == "TW")
        #expect(PageRegion.explicitRegion("es-419") == nil)
        #expect(PageRegion.likelyRegion("ja") == "JP")
    }
}

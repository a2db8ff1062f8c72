/// Currency symbols and names as shops write them, and the ISO 4217 codes they stand for.
public enum Currency {
    /// One way of writing a currency. `code` is nil when the text alone cannot tell which currency it is
    /// ("$", "kr"): the page's country may still tell (`code(for:countryCode:)`).
    struct Notation: Sendable {
        let text: String
        let code: String?
        /// Also matches at the start of a longer word: "руб" in "рублей".
        var matchesWordPrefix = false
        var caseInsensitive = false
    }

    /// Longer notations are tried first at each position, so "US$" wins over "$" and "руб." over "руб".
    static let notations: [Notation] = {
        var list: [Notation] = [
            // Dollar variants, before "$".
            .init(text: "US $", code: "USD"), .init(text: "US$", code: "USD"), .init(text: "U$S", code: "USD"),
            .init(text: "U$", code: "USD"),
            .init(text: "CA$", code: "CAD"), .init(text: "C$", code: nil), .init(text: "CAN$", code: "CAD"),
            .init(text: "CAD$", code: "CAD"), .init(text: "AU$", code: "AUD"), .init(text: "A$", code: "AUD"),
            .init(text: "NZ$", code: "NZD"), .init(text: "HK$", code: "HKD"), .init(text: "S$", code: "SGD"),
            .init(text: "SG$", code: "SGD"), .init(text: "NT$", code: "TWD"), .init(text: "MX$", code: "MXN"),
            .init(text: "R$", code: "BRL"), .init(text: "AR$", code: "ARS"), .init(text: "CL$", code: "CLP"),
            .init(text: "CO$", code: "COP"), .init(text: "RD$", code: "DOP"), .init(text: "$U", code: "UYU"),
            .init(text: "J$", code: "JMD"), .init(text: "TT$", code: "TTD"), .init(text: "BZ$", code: "BZD"),
            .init(text: "BD$", code: "BMD"), .init(text: "N$", code: "NAD"), .init(text: "Z$", code: "ZWL"),
            .init(text: "Bds$", code: "BBD"), .init(text: "EC$", code: "XCD"), .init(text: "FJ$", code: "FJD"),
            .init(text: "SI$", code: "SBD"), .init(text: "WS$", code: "WST"), .init(text: "T$", code: "TOP"),
            .init(text: "G$", code: "GYD"), .init(text: "L$", code: "LRD"), .init(text: "CUC$", code: "CUC"),
            .init(text: "MOP$", code: "MOP"), .init(text: "BN$", code: "BND"),
            .init(text: "$", code: nil), .init(text: "＄", code: nil),
            // Unambiguous signs.
            .init(text: "€", code: "EUR"), .init(text: "£", code: "GBP"), .init(text: "￡", code: "GBP"),
            .init(text: "E£", code: "EGP"), .init(text: "¥", code: nil),
            .init(text: "￥", code: nil), .init(text: "円", code: "JPY"), .init(text: "元", code: "CNY"),
            .init(text: "RMB", code: "CNY"), .init(text: "₹", code: "INR"), .init(text: "₽", code: "RUB"),
            .init(text: "₩", code: "KRW"), .init(text: "원", code: "KRW"), .init(text: "₺", code: "TRY"),
            .init(text: "₪", code: "ILS"), .init(text: "₫", code: "VND"), .init(text: "฿", code: "THB"),
            .init(text: "₱", code: "PHP"), .init(text: "₴", code: "UAH"), .init(text: "₦", code: "NGN"),
            .init(text: "₭", code: "LAK"), .init(text: "₮", code: "MNT"), .init(text: "₲", code: "PYG"),
            .init(text: "₵", code: "GHS"), .init(text: "₡", code: "CRC"), .init(text: "₸", code: "KZT"),
            .init(text: "₼", code: "AZN"), .init(text: "₾", code: "GEL"), .init(text: "֏", code: "AMD"),
            .init(text: "৳", code: "BDT"), .init(text: "₨", code: nil), .init(text: "؋", code: "AFN"),
            .init(text: "៛", code: "KHR"), .init(text: "₣", code: nil), .init(text: "ƒ", code: nil),
            .init(text: "﷼", code: nil), .init(text: "₿", code: "BTC"),
            // Letters written beside amounts.
            .init(text: "zł", code: "PLN", caseInsensitive: true), .init(text: "Kč", code: "CZK"),
            .init(text: "Ft", code: "HUF"), .init(text: "lei", code: "RON"), .init(text: "Lei", code: "RON"),
            .init(text: "kr", code: nil), .init(text: "Kr", code: nil), .init(text: "kn", code: "HRK"),
            .init(text: "Fr.", code: "CHF"), .init(text: "SFr.", code: "CHF"), .init(text: "Rs.", code: nil),
            .init(text: "Rs", code: nil), .init(text: "Rp", code: "IDR"), .init(text: "RM", code: "MYR"),
            .init(text: "KD", code: "KWD"), .init(text: "Lek", code: "ALL"),
            .init(text: "KM", code: "BAM"), .init(text: "Db", code: "STN"), .init(text: "USh", code: "UGX"),
            .init(text: "KSh", code: "KES"), .init(text: "TSh", code: "TZS"), .init(text: "VT", code: "VUV"),
            .init(text: "Bs.", code: nil), .init(text: "Bs", code: nil), .init(text: "ZK", code: "ZMW"),
            .init(text: "Br", code: nil), .init(text: "Nu.", code: "BTN"),
            .init(text: "S/.", code: "PEN"), .init(text: "S/", code: "PEN"), .init(text: "Gs.", code: "PYG"),
            .init(text: "VNĐ", code: "VND"), .init(text: "đ", code: "VND"), .init(text: "Ks", code: "MMK"),
            .init(text: "Dhs", code: "AED"), .init(text: "Dh", code: nil), .init(text: "DH", code: "MAD"),
            .init(text: "руб.", code: "RUB"), .init(text: "руб", code: "RUB", matchesWordPrefix: true),
            .init(text: "Руб.", code: "RUB"), .init(text: "Руб", code: "RUB", matchesWordPrefix: true),
            .init(text: "р.", code: "RUB"), .init(text: "Р", code: "RUB"), .init(text: "грн.", code: "UAH"),
            .init(text: "грн", code: "UAH"), .init(text: "лв.", code: "BGN"), .init(text: "лв", code: "BGN"),
            .init(text: "тг.", code: "KZT"), .init(text: "тг", code: "KZT"), .init(text: "тңг", code: "KZT"),
            .init(text: "сом", code: "KGS"), .init(text: "дин.", code: "RSD"), .init(text: "дин", code: "RSD"),
            .init(text: "ден", code: "MKD"), .init(text: "ман.", code: "AZN"), .init(text: "Br.", code: "BYN"),
            .init(text: "դր.", code: "AMD"), .init(text: "ლ", code: "GEL"),
            .init(text: "ريال", code: nil), .init(text: "ریال", code: "IRR"), .init(text: "تومان", code: "IRR"),
            .init(text: "درهم", code: nil), .init(text: "جنيه", code: "EGP"), .init(text: "دينار", code: nil),
            .init(text: "ر.س", code: "SAR"), .init(text: "ر.ق", code: "QAR"), .init(text: "ر.ع", code: "OMR"),
            .init(text: "د.إ", code: "AED"), .init(text: "د.ك", code: "KWD"), .init(text: "د.ب", code: "BHD"),
            .init(text: "د.أ", code: "JOD"), .init(text: "د.ا", code: "JOD"), .init(text: "ج.م", code: "EGP"),
            .init(text: "د.م", code: "MAD"), .init(text: "د.ت", code: "TND"), .init(text: "د.ج", code: "DZD"),
            .init(text: "ل.ل", code: "LBP"), .init(text: "ل.س", code: "SYP"), .init(text: "د.ع", code: "IQD"),
            .init(text: "د.ل", code: "LYD"), .init(text: "บาท", code: "THB"), .init(text: "টকা", code: "BDT"),
            .init(text: "yen", code: "JPY"), .init(text: "ש״ח", code: "ILS"), .init(text: "ש\"ח", code: "ILS"),
            .init(text: "ლარი", code: "GEL"), .init(text: "SFr", code: "CHF"), .init(text: "ДЕН", code: "MKD"),
            .init(text: "FBu", code: "BIF"), .init(text: "Fbu", code: "BIF"), .init(text: "圓", code: nil),
            .init(text: "圆", code: "CNY"),
            .init(text: "euro", code: "EUR"), .init(text: "euros", code: "EUR"), .init(text: "Euro", code: "EUR"),
        ]
        list.sort { $0.text.count > $1.text.count }
        return list
    }()

    /// Notations indexed by their first character (lowercased for the case-insensitive ones).
    static let notationsByFirstCharacter: [Character: [Notation]] = {
        var index: [Character: [Notation]] = [:]
        for notation in notations {
            guard let first = notation.text.first else { continue }
            index[first, default: []].append(notation)
            if notation.caseInsensitive {
                for variant in Set([Character(first.uppercased()), Character(first.lowercased())])
                where variant != first {
                    index[variant, default: []].append(notation)
                }
            }
        }
        return index
    }()

    /// Active ISO 4217 codes: three letters count as a currency only when they are one of these.
    static let isoCodes: Set<String> = [
        "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD",
        "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY",
        "COP", "CRC", "CUC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD",
        "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HRK", "HTG", "HUF", "IDR",
        "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD",
        "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP",
        "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB",
        "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG",
        "SEK", "SGD", "SHP", "SLE", "SLL", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT",
        "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VES", "VND", "VUV", "WST",
        "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWL", "RUR", "BYR",
    ]

    /// Codes that are also everyday words ("ALL", "TOP"): taken only right beside an amount.
    static let wordLikeCodes: Set<String> = [
        "ALL", "TOP", "CUP", "MOP", "PEN", "TRY", "SOS", "BOB", "GEL", "MAD", "ANG", "LAK", "BAM", "AMD", "CVE",
        "DOP", "MDL", "SCR", "SHP", "SLE", "TMT", "VES",
    ]

    /// Currencies with three decimal places, where "12.345" is more likely twelve than twelve thousand.
    static let threeDecimalCodes: Set<String> = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]

    /// For symbols several currencies share, the country (ISO 3166 alpha-2, lowercase) that decides.
    private static let ambiguousByCountry: [String: [String: String]] = [
        "$": [
            "us": "USD", "ca": "CAD", "au": "AUD", "nz": "NZD", "mx": "MXN", "ar": "ARS", "cl": "CLP", "co": "COP",
            "tw": "TWD", "hk": "HKD", "sg": "SGD", "uy": "UYU", "br": "BRL", "do": "DOP", "ec": "USD", "sv": "USD",
            "pa": "USD", "pr": "USD", "jm": "JMD", "tt": "TTD", "bs": "BSD", "bb": "BBD", "bz": "BZD", "fj": "FJD",
            "na": "NAD", "cu": "CUP", "gy": "GYD", "lr": "LRD", "sb": "SBD", "bn": "BND", "ky": "KYD",
        ],
        "¥": ["jp": "JPY", "cn": "CNY"],
        "元": ["tw": "TWD", "hk": "HKD", "mo": "MOP", "cn": "CNY"],
        "圓": ["tw": "TWD", "hk": "HKD", "mo": "MOP"],
        "kr": ["se": "SEK", "dk": "DKK", "no": "NOK", "is": "ISK", "fo": "DKK", "gl": "DKK"],
        "Rs": ["in": "INR", "pk": "PKR", "lk": "LKR", "np": "NPR", "mu": "MUR", "sc": "SCR"],
        "₨": ["in": "INR", "pk": "PKR", "lk": "LKR", "np": "NPR", "mu": "MUR", "sc": "SCR"],
        "C$": ["ca": "CAD", "ni": "NIO"],
        "Br": ["by": "BYN", "et": "ETB"],
        "Bs": ["ve": "VES", "bo": "BOB"],
        "ريال": ["sa": "SAR", "ir": "IRR", "qa": "QAR", "om": "OMR", "ye": "YER"],
        "درهم": ["ae": "AED", "ma": "MAD"],
        "دينار": ["kw": "KWD", "bh": "BHD", "jo": "JOD", "iq": "IQD", "ly": "LYD", "tn": "TND", "dz": "DZD"],
        "Dh": ["ae": "AED", "ma": "MAD"],
        "₣": ["ch": "CHF", "fr": "EUR"],
    ]

    /// The ISO 4217 code for a currency as written ("€" → EUR, "zł" → PLN, "usd" → USD), or nil when the
    /// text does not name one currency. `countryCode` (e.g. from the shop's domain) settles shared symbols.
    public static func code(for text: String, countryCode: String? = nil) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        let upper = trimmed.uppercased()
        if upper.count == 3, isoCodes.contains(upper), trimmed.allSatisfy(\.isLetter) { return upper }
        let lookupKey = trimmed.hasSuffix(".") && trimmed.count > 2 ? String(trimmed.dropLast()) : trimmed
        for key in [trimmed, lookupKey] {
            if let country = countryCode?.lowercased(), let code = ambiguousByCountry[key]?[country] { return code }
        }
        if let notation = notations.first(where: {
            $0.caseInsensitive ? $0.text.lowercased() == trimmed.lowercased() : $0.text == trimmed
        }) {
            return notation.code
        }
        return nil
    }

    /// The country a shop's host name points at: its country-code top-level domain ("shop.example.co.uk" → "uk"
    /// is mapped to "gb"). Generic domains (.com, .net) tell nothing.
    public static func countryCode(forHost host: String?) -> String? {
        guard let host, let last = host.lowercased().split(separator: ".").last, last.count == 2 else { return nil }
        return last == "uk" ? "gb" : String(last)
    }
}

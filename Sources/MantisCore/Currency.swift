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
        /// Counts only right beside an amount (single letters such as "R" or "K").
        var needsAdjacency = false
        /// `text` as characters, and lower-cased, for matching in place without building strings.
        let characters: [Character]
        let lowered: [Character]

        init(text: String, code: String?, matchesWordPrefix: Bool = false, caseInsensitive: Bool = false, needsAdjacency: Bool = false) {
            self.text = text
            self.code = code
            self.matchesWordPrefix = matchesWordPrefix
            self.caseInsensitive = caseInsensitive
            self.needsAdjacency = needsAdjacency
            characters = Array(text)
            lowered = text.lowercased().map { $0 }
        }
    }

    /// Every notation: CLDR's symbols (`CLDRMoneyData`, generated from ICU) and the ones shops write that CLDR
    /// lacks (`supplements`). Longer notations are tried first at each position, so "US$" wins over "$".
    static let notations: [Notation] = {
        var codesByText: [String: Set<String>] = [:]
        for (text, codes) in CLDRMoneyData.symbols {
            if text.hasSuffix("."), text.count > 2 {
                let bare = String(text.dropLast())
                // Abbreviation dots are often dropped: "د.إ." is written "د.إ", "лв." "лв" (where the bare
                // form is no symbol of its own: "сом" is the som of Kyrgyzstan, "сом." Uzbekistan's).
                if CLDRMoneyData.symbols[bare] == nil { codesByText[bare, default: []].formUnion(codes) }
                // Where the bare form already stands for all of them ("kr" beside "kr."), the dot says nothing
                // and is more often the sentence's own.
                if let bareCodes = CLDRMoneyData.symbols[bare], Set(bareCodes).isSuperset(of: codes) { continue }
            }
            codesByText[text, default: []].formUnion(codes)
        }
        // A supplement that knows a CLDR symbol to be shared makes it shared ("元" is also Taiwan's dollar).
        var sharedBySupplement = Set<String>()
        for supplement in supplements where supplement.code == nil && codesByText[supplement.text] != nil {
            sharedBySupplement.insert(supplement.text)
        }
        var list: [Notation] = codesByText.map { text, codes in
            let letters = text.filter(\.isLetter)
            // Words of a cased script match in any case ("KSh" and "Ksh"); a single letter ("R", "K", "L") is a
            // currency only right beside an amount, so "Size L 29,99" is no lempira.
            // Two ASCII letters only as written: "AR" in a text is no ariary ("Ar").
            let cased = text.allSatisfy { $0.isLetter || $0 == "." } && letters.contains { $0.isCased }
                && (letters.count >= 3 || (letters.count == 2 && letters.contains { !$0.isASCII }))
            let code = codes.count == 1 && !sharedBySupplement.contains(text) ? codes.first : nil
            return Notation(text: text, code: code, caseInsensitive: cased,
                            needsAdjacency: letters.count == 1 && text.count <= 2)
        }
        let known = Set(codesByText.keys)
        list += supplements.filter { !known.contains($0.text) }
        list.sort { $0.text.count > $1.text.count || ($0.text.count == $1.text.count && $0.text < $1.text) }
        return list
    }()

    /// What shops write that CLDR has no symbol for, with where it is used.
    static let supplements: [Notation] = [
        // Dollar prefixes shops use beside CLDR's ("CA$", "A$", "NZ$"...).
        .init(text: "U$S", code: "USD"), .init(text: "U$", code: "USD"), // US dollars in Uruguay and Argentina
        .init(text: "CAN$", code: "CAD"), .init(text: "CAD$", code: "CAD"), // Canadian shops
        .init(text: "SG$", code: "SGD"), .init(text: "AR$", code: "ARS"), .init(text: "CL$", code: "CLP"),
        .init(text: "CO$", code: "COP"), .init(text: "$U", code: "UYU"), // the Uruguayan peso's own sign
        .init(text: "J$", code: "JMD"), .init(text: "BD$", code: "BMD"), .init(text: "N$", code: "NAD"),
        .init(text: "Z$", code: "ZWL"), .init(text: "G$", code: "GYD"), .init(text: "L$", code: "LRD"),
        .init(text: "CUC$", code: "CUC"), .init(text: "BN$", code: "BND"), // Caribbean, African and Asian shops
        // Full-width signs in Japanese and Chinese text.
        .init(text: "＄", code: nil), .init(text: "￡", code: "GBP"),
        // Written words and signs of East Asia: 円 (yen), 元/圆/圓 (yuan, and the dollars of Taiwan, Hong Kong,
        // Macau), RMB (renminbi, China and Hong Kong), 원 (won).
        .init(text: "円", code: "JPY"), .init(text: "元", code: nil), .init(text: "圆", code: "CNY"), .init(text: "圓", code: nil),
        .init(text: "RMB", code: "CNY"), .init(text: "원", code: "KRW"), .init(text: "yen", code: "JPY"),
        // Unicode currency signs CLDR only uses inside longer symbols: the cedi (Ghana writes GH₵ and ₵), the
        // rupee sign (India, Pakistan, Sri Lanka, Nepal), the franc sign, the florin (Aruba, Curaçao), the rial sign, bitcoin.
        .init(text: "₵", code: "GHS"), .init(text: "₨", code: nil), .init(text: "₣", code: nil), .init(text: "ƒ", code: nil),
        .init(text: "﷼", code: nil), .init(text: "₿", code: "BTC"),
        // Abbreviations shops use where CLDR has a sign: Rs./Rs (South Asia, for ₹ and the other rupees), TL
        // (Turkish lira, Turkish shops), руб./р./Р (Russian shops beside ₽), грн (Ukrainian shops beside ₴), тг
        // (Kazakh shops beside ₸), ман. (Azerbaijani manat), Br. (Belarusian rouble), դր. (Armenian dram), ლ and
        // ლარი (Georgian lari), SFr. (older Swiss notation), KD (Kuwaiti dinar), Lek (Albanian, singular of Lekë),
        // VNĐ and đ (Vietnamese đồng), Ks (Myanmar kyat), Dhs/Dh/DH (dirhams of the UAE and Morocco), FBu (Burundi).
        .init(text: "Rs.", code: nil), .init(text: "Rs", code: nil), .init(text: "TL", code: "TRY"),
        .init(text: "Kr", code: nil), // "kr" capitalised, as Nordic shops also write it
        .init(text: "руб.", code: "RUB", caseInsensitive: true), .init(text: "руб", code: "RUB", matchesWordPrefix: true, caseInsensitive: true),
        .init(text: "р.", code: "RUB"), .init(text: "Р", code: "RUB", needsAdjacency: true),
        .init(text: "грн.", code: "UAH", caseInsensitive: true), .init(text: "грн", code: "UAH", caseInsensitive: true), .init(text: "тг", code: "KZT"), .init(text: "тңг", code: "KZT"),
        .init(text: "ман.", code: "AZN"), .init(text: "Br.", code: "BYN"), .init(text: "դր.", code: "AMD"),
        .init(text: "ლ", code: "GEL"), .init(text: "ლარი", code: "GEL"), .init(text: "SFr.", code: "CHF"), .init(text: "SFr", code: "CHF"),
        .init(text: "KD", code: "KWD"), .init(text: "Lek", code: "ALL"), .init(text: "VNĐ", code: "VND"), .init(text: "đ", code: "VND"),
        .init(text: "Ks", code: "MMK"), .init(text: "Dhs", code: "AED"), .init(text: "Dh", code: nil), .init(text: "DH", code: "MAD"),
        .init(text: "FBu", code: "BIF", caseInsensitive: true), .init(text: "kn", code: "HRK"),
        // Currency names written out beside amounts: Arabic and Persian (rial, toman, dirham, pound, dinar),
        // Thai baht, Bengali taka, Hebrew's abbreviation of shekel, euro.
        .init(text: "ريال", code: nil), .init(text: "ریال", code: "IRR"), .init(text: "تومان", code: "IRR"),
        .init(text: "درهم", code: nil), .init(text: "جنيه", code: "EGP"), .init(text: "دينار", code: nil),
        .init(text: "บาท", code: "THB"), .init(text: "টকা", code: "BDT"), .init(text: "ש״ח", code: "ILS"),
        .init(text: "ש\"ח", code: "ILS"), .init(text: "euro", code: "EUR"), .init(text: "euros", code: "EUR"),
        .init(text: "Euro", code: "EUR"),
    ]

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

    /// ISO 4217 codes: three letters count as a currency only when they are one of these. CLDR's, plus the
    /// codes of currencies replaced lately that old pages and feeds still carry (RUR, BYR, HRK, VEF, SLL, ZWL).
    static let isoCodes: Set<String> = CLDRMoneyData.isoCodes.union(["RUR", "BYR", "HRK", "VEF", "SLL", "ZWL"])

    /// Codes that are also everyday words ("ALL", "TOP"): taken only right beside an amount.
    static let wordLikeCodes: Set<String> = [
        "ALL", "TOP", "CUP", "MOP", "PEN", "TRY", "SOS", "BOB", "GEL", "MAD", "ANG", "LAK", "BAM", "AMD", "CVE",
        "DOP", "MDL", "SCR", "SHP", "SLE", "TMT", "VES",
    ]

    /// Currencies with three decimal places (CLDR's minor units), where "12.345" is more likely twelve than twelve thousand.
    static let threeDecimalCodes: Set<String> = Set(CLDRMoneyData.fractionDigits.filter { $0.value == 3 }.keys)

    /// Which currency a shared notation CLDR lacks stands for in a region (ISO 3166, upper case); CLDR's own
    /// shared symbols ("$", "kr", "¥", "£", "R"...) are resolved from `CLDRMoneyData.regional`.
    private static let supplementRegional: [String: [String: String]] = [
        // 元 and 圓 are the yuan in mainland China and the local dollar in Taiwan, Hong Kong and Macau.
        "元": ["CN": "CNY", "TW": "TWD", "HK": "HKD", "MO": "MOP"],
        "圓": ["TW": "TWD", "HK": "HKD", "MO": "MOP"],
        // The rupees of South Asia and the Indian Ocean.
        "Rs": ["IN": "INR", "PK": "PKR", "LK": "LKR", "NP": "NPR", "MU": "MUR", "SC": "SCR"],
        "Rs.": ["IN": "INR", "PK": "PKR", "LK": "LKR", "NP": "NPR", "MU": "MUR", "SC": "SCR"],
        "₨": ["IN": "INR", "PK": "PKR", "LK": "LKR", "NP": "NPR", "MU": "MUR", "SC": "SCR"],
        // Rials, dirhams and dinars written as words in Arabic and Persian.
        "ريال": ["SA": "SAR", "IR": "IRR", "QA": "QAR", "OM": "OMR", "YE": "YER"],
        "درهم": ["AE": "AED", "MA": "MAD"],
        "دينار": ["KW": "KWD", "BH": "BHD", "JO": "JOD", "IQ": "IQD", "LY": "LYD", "TN": "TND", "DZ": "DZD"],
        "Dh": ["AE": "AED", "MA": "MAD"],
        "₣": ["CH": "CHF", "FR": "EUR"],
    ]

    /// Notations by their text, and (second) by their lower-cased text for those that match in any case.
    private static let notationsByText: (exact: [String: Notation], anyCase: [String: Notation]) = {
        var exact: [String: Notation] = [:]
        var anyCase: [String: Notation] = [:]
        for notation in notations {
            if exact[notation.text] == nil { exact[notation.text] = notation }
            if notation.caseInsensitive, anyCase[notation.text.lowercased()] == nil { anyCase[notation.text.lowercased()] = notation }
        }
        return (exact, anyCase)
    }()

    private static func notation(written text: String) -> Notation? {
        notationsByText.exact[text] ?? notationsByText.anyCase[text.lowercased()]
    }

    /// What decided a currency: the notation itself names one, the page's region settled a shared one, or
    /// nothing on the page did and English's own reading of the symbol was taken ("$" USD, "¥" JPY, "£" GBP).
    public enum Evidence: String, Sendable {
        case notation, region, english
    }

    /// The ISO 4217 code for a currency as written ("€" → EUR, "zł" → PLN, "usd" → USD), or nil when the
    /// text does not name one currency. `countryCode` (ISO 3166, e.g. from the shop's domain or language)
    /// settles shared symbols.
    /// English's reading of a shared symbol is not taken here; `resolve` offers it with its evidence.
    public static func code(for text: String, countryCode: String? = nil) -> String? {
        guard let resolved = resolve(text, countryCode: countryCode), resolved.evidence != .english else { return nil }
        return resolved.code
    }

    /// The code and what decided it. A shared symbol ("$", "kr", "¥") takes the region's own currency when
    /// the region writes it so (CLDR), else English's reading of it where English gives it to one currency.
    public static func resolve(_ text: String, countryCode: String? = nil) -> (code: String, evidence: Evidence)? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        let upper = trimmed.uppercased()
        if upper.count == 3, isoCodes.contains(upper), trimmed.allSatisfy(\.isLetter) { return (upper, .notation) }
        guard let notation = notation(written: trimmed) ?? (trimmed.hasSuffix(".") ? notation(written: String(trimmed.dropLast())) : nil)
        else { return nil }
        if let code = notation.code { return (code, .notation) }
        // Full-width "＄" is "$".
        let key = notation.text == "＄" ? "$" : notation.text
        // "kr" also stands for the "kr." it was folded into (Iceland's and Denmark's own writing).
        var keys = key.hasSuffix(".") ? [key, String(key.dropLast())] : [key, key + "."]
        if key.lowercased() != key { keys += keys.map { $0.lowercased() } }  // "Kr" is "kr"
        if let region = countryCode?.uppercased() {
            for key in keys {
                if let code = CLDRMoneyData.regional[key]?[region] ?? supplementRegional[key]?[region] { return (code, .region) }
            }
        }
        for key in keys {
            if let code = CLDRMoneyData.english[key] { return (code, .english) }
        }
        return nil
    }

    /// The country a shop's host name points at: its country-code top-level domain ("shop.example.co.uk" → "uk"
    /// is mapped to "gb"). Generic domains (.com, .net) tell nothing.
    public static func countryCode(forHost host: String?) -> String? {
        guard let host, let last = host.lowercased().split(separator: ".").last, last.count == 2,
              last.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        return last == "uk" ? "gb" : String(last)
    }
}

import Foundation

/// Where a page says it is, for settling shared currency symbols ("$", "kr", "¥"): each piece of evidence that
/// names a region (ISO 3166), strongest first — the country-code domain, then the region the page's own
/// language tags carry (`<html lang>`, `og:locale`, its own `hreflang` alternate, `Content-Language`), then the
/// likely region of a bare language (CLDR's likely subtags: `da` → DK, `ja` → JP, `zh-Hant` → TW).
struct PageRegion: Sendable, Equatable {
    let region: String
    /// What said so, as the extractor reports it: "tld", "html-lang", "og:locale", "hreflang",
    /// "content-language", "address", "html-lang-likely".
    let source: String

    /// Country-code domains sold for any use, which say nothing about the shop's country: Google's list of
    /// generic ccTLDs (Search Central, "Managing multi-regional sites").
    static let genericCountryDomains: Set<String> = [
        "ad", "as", "bz", "cc", "cd", "co", "dj", "fm", "io", "la", "me", "ms", "nu", "sc", "sr", "su", "tv", "tk", "ws",
    ]

    static func evidence(
        pageURL: URL?, htmlLang: String?, meta: [String: String], links: [HTMLNode], addressCountries: [String] = []
    ) -> [PageRegion] {
        var found: [PageRegion] = []
        func add(_ region: String?, _ source: String) {
            guard let region, region.count == 2, region.allSatisfy({ $0.isASCII && $0.isLetter }) else { return }
            let upper = region.uppercased()
            if !found.contains(where: { $0.region == upper }) { found.append(PageRegion(region: upper, source: source)) }
        }
        if let country = Currency.countryCode(forHost: pageURL?.host), !genericCountryDomains.contains(country) {
            add(country, "tld")
        }
        add(htmlLang.flatMap(explicitRegion), "html-lang")
        add(meta["og:locale"].flatMap(explicitRegion), "og:locale")
        add(selfAlternate(links, pageURL: pageURL).flatMap(explicitRegion), "hreflang")
        add(meta["content-language"].flatMap(explicitRegion), "content-language")
        // The store's address (schema.org PostalAddress.addressCountry in its JSON-LD): weaker than what the
        // page says of itself, as a marketplace lists sellers from elsewhere; stronger than a bare language.
        if let country = addressCountries.first { add(country, "address") }
        add(htmlLang.flatMap(likelyRegion), "html-lang-likely")
        return found
    }

    /// The region subtag a language tag states: "zh-TW", "en_GB", "zh-Hant-TW", "es-419" (none: a UN area).
    static func explicitRegion(_ tag: String) -> String? {
        let parts = tag.trimmingCharacters(in: .whitespaces).split(whereSeparator: { $0 == "-" || $0 == "_" })
        guard parts.count >= 2 else { return nil }
        return parts.dropFirst().first { $0.count == 2 && $0.allSatisfy(\.isLetter) }.map { String($0).uppercased() }
    }

    /// The region CLDR's likely subtags give a bare language ("da" → DK); nil for a tag with its own region.
    static func likelyRegion(_ tag: String) -> String? {
        guard explicitRegion(tag) == nil, !tag.isEmpty else { return nil }
        let maximal = Locale.Language(identifier: tag.trimmingCharacters(in: .whitespaces)).maximalIdentifier
        return explicitRegion(maximal)
    }

    /// The `hreflang` of the page's own alternate link (`<link rel="alternate" hreflang="en-ca" href="…">`
    /// pointing at this URL).
    private static func selfAlternate(_ links: [HTMLNode], pageURL: URL?) -> String? {
        guard let pageURL else { return nil }
        let here = normalized(pageURL.absoluteString)
        for link in links where link.attribute("rel")?.lowercased().contains("alternate") == true {
            guard let lang = link.attribute("hreflang"), lang.lowercased() != "x-default",
                  let href = link.attribute("href"), let target = URL(string: href, relativeTo: pageURL)?.absoluteURL
            else { continue }
            if normalized(target.absoluteString) == here { return lang }
        }
        return nil
    }

    private static func normalized(_ url: String) -> String {
        var text = url.lowercased()
        if let hash = text.firstIndex(of: "#") { text = String(text[..<hash]) }
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}

import Foundation

/// Reads title, price, currency, availability and image from a product page.
///
/// Every method that can find a price proposes candidates with a trust score: JSON-LD offers, microdata and
/// RDFa, OpenGraph/product meta tags, embedded framework state, known store layouts and, last, the visible
/// text. Candidates with the same amount pool their evidence, so two methods agreeing beat one alone, and the
/// best-scored amount wins if it is trusted enough. Stateless and `Sendable`: share one instance freely.
public struct ProductPageExtractor: Sendable {
    /// Below this, no price is better than a guessed one.
    static let minimumPriceScore = 0.45

    /// The extraction time: sale prices and offers are valid between dates. A parameter so tests (and a
    /// re-read of a saved page) can say when "now" is.
    let now: @Sendable () -> Date

    /// Creating an extractor also sets libxml2 up, once per process: make one at start-up and share it.
    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
        HTMLDocument.prepareLibrary()
    }

    /// - Parameters:
    ///   - rule: the user's choice of price for this product, read first; see `ProductPage.ruleOutcome`.
    ///   - allCandidates: report the visible text's prices even when structured data settles the price (the
    ///     text is then read for the report only, which costs about as much as parsing the page).
    public func extract(html: String, pageURL: URL?, rule: PriceRule? = nil, allCandidates: Bool = false) -> ProductPage {
        guard let document = HTMLDocument(html: html) else { return ProductPage() }
        return extract(document, pageURL: pageURL, rule: rule, allCandidates: allCandidates)
    }

    /// For bytes as fetched: the page's charset is honoured when they are not UTF-8.
    public func extract(data: Data, pageURL: URL?, rule: PriceRule? = nil, allCandidates: Bool = false) -> ProductPage {
        guard let document = HTMLDocument(data: data) else { return ProductPage() }
        return extract(document, pageURL: pageURL, rule: rule, allCandidates: allCandidates)
    }

    public enum ReadError: Error, Equatable {
        case unreadableFile(String)
    }

    /// For a saved page, plain or gzipped (`.html.gz`).
    public func extract(
        contentsOfFile path: String, pageURL: URL?, rule: PriceRule? = nil, allCandidates: Bool = false
    ) throws -> ProductPage {
        guard let data = HTMLDocument.contents(ofFile: path) else { throw ReadError.unreadableFile(path) }
        return extract(data: data, pageURL: pageURL, rule: rule, allCandidates: allCandidates)
    }

    /// Candidates reported in `ProductPage.candidates`: more than a person reads through.
    public static let reportedCandidates = 20
    /// The runner-up price within this of the best makes the choice uncertain.
    static let uncertaintyMargin = 0.1

    func extract(_ document: HTMLDocument, pageURL: URL?, rule: PriceRule? = nil, allCandidates: Bool = false) -> ProductPage {
        let index = PageIndex(document)
        let layout = StoreLayout.matching(host: pageURL?.host, index: index)
        let time = now()
        var addressCountries: [String] = []
        let items = JSONLDReader.items(in: index, now: time, addressCountries: &addressCountries)
        let microdata = MicrodataReader(index: index, now: time)
        let regions = PageRegion.evidence(
            pageURL: pageURL, htmlLang: index.htmlLang, meta: microdata.meta, links: index.links,
            addressCountries: addressCountries)
        let mainItem = items.first { $0.isProduct && !$0.isNested } ?? items.first { !$0.isNested }

        var page = ProductPage()
        readTitle(into: &page, layout: layout, mainItem: mainItem, microdata: microdata, index: index)

        var candidates: [PriceCandidate] = []
        if let layout { candidates += layoutPrices(layout, index: index) }
        candidates += jsonLDPrices(items)
        candidates += microdataPrices(microdata)
        candidates += metaPrices(microdata.meta, time: time)
        let platform = layout == nil ? PlatformPriceMarkup.read(index) : nil
        if let platform {
            candidates += platform.current.map { found in
                PriceCandidate(
                    amount: found.amount, currency: found.currency, currencyText: found.currencyText,
                    source: platform.platform, score: 0.78, locator: "current", element: found.node)
            }
        }
        candidates += EmbeddedStateReader.prices(in: index).enumerated().map { position, found in
            PriceCandidate(
                amount: found.amount, currency: found.currency.flatMap { Currency.code(for: $0) },
                currencyText: found.currency, source: "embedded-state", score: found.underProductKey ? 0.6 : 0.45,
                locator: "price[\(position)]")
        }
        // A recognised store layout knows where the price is; text elsewhere on its pages is other products'.
        // So does a shop whose structured offer for the product states no price (or 0): it shows none.
        let offersWithoutPrice =
            mainItem.map { item in
                !item.offers.isEmpty && !item.offers.contains { ($0.amount?.decimal ?? 0) > 0 }
            } ?? false
        // The visible text is read when structured data is missing or contradicts itself; walking it costs
        // as much as parsing the page, and a single consistent structured price needs no second opinion.
        let trusted = Set(candidates.filter { $0.score >= 0.6 && $0.amount.decimal > 0 }.map(\.amount))
        let needsVisibleText = trusted.count != 1 && (!offersWithoutPrice || !trusted.isEmpty)
        // A rule may point at any candidate, and a user who says the price is wrong chooses among all of them,
        // so with either the visible text is read, but its prices join the automatic choice only when needed.
        var shownOnly: [PriceCandidate] = []
        if layout == nil, needsVisibleText || rule != nil || allCandidates {
            let visible = VisiblePriceFinder.candidates(in: document, title: page.title).map { found in
                PriceCandidate(
                    amount: found.amount, currency: found.currency, currencyText: found.currencyText,
                    source: "visible-text", score: min(found.score, 1) * 0.7,
                    element: HTMLNode(pointer: found.node, document: document), text: found.text)
            }
            if needsVisibleText { candidates += visible } else { shownOnly = visible }
        }
        // A price the page itself calls the former, list or recommended one, beside a different current price,
        // is not what the buyer pays, whichever method read it.
        var references = Set(items.filter { !$0.isNested }.flatMap { $0.offers.flatMap(\.referenceAmounts) })
        references.formUnion(microdata.referencePrices)
        references.formUnion(platform?.references ?? [])
        if let original = microdata.meta["product:original_price:amount"].flatMap({ PriceAmount($0) }) {
            references.insert(original)
        }
        let currentAmounts = Set(candidates.filter { $0.score >= 0.6 }.map(\.amount))
        if !currentAmounts.subtracting(references).isEmpty {
            for index in candidates.indices where references.contains(candidates[index].amount) {
                candidates[index].score -= 0.4
            }
            for index in shownOnly.indices where references.contains(shownOnly[index].amount) {
                shownOnly[index].score -= 0.4
            }
        }
        let priced = candidates.filter { $0.amount.decimal > 0 }
        let considered = priced + shownOnly.filter { $0.amount.decimal > 0 }
        var chosen = choosePrice(priced)
        if let rule {
            if let followed = considered.first(where: { $0.source == rule.source && $0.resolvedLocator() == rule.locator }) {
                chosen = (followed, considered.filter { $0.amount == followed.amount }, false)
                page.ruleOutcome = .followed
                page.sources["price_rule"] = "followed"
            } else {
                page.ruleOutcome = .unmatched
                page.sources["price_rule"] = "unmatched"
            }
        }
        page.isUncertain = page.ruleOutcome != .followed && (chosen?.isClose ?? false)
        page.candidates = report(considered, chosen: chosen?.best)
        if let chosen {
            page.price = chosen.best.amount
            page.sources["price"] = chosen.best.source
            readCurrency(into: &page, cluster: chosen.cluster, meta: microdata.meta, regions: regions)
        }
        readAvailability(
            into: &page, layout: layout, cluster: chosen?.cluster ?? [], mainItem: mainItem, microdata: microdata,
            index: index)
        readImage(into: &page, layout: layout, mainItem: mainItem, microdata: microdata, index: index)
        if let image = page.imageURL { page.imageURL = absolute(image, relativeTo: pageURL) }
        return page
    }

    // MARK: price

    /// Groups candidates by amount; a group scores its best candidate plus a little for each other method
    /// that agrees.
    /// `isClose`: a different amount scored within `uncertaintyMargin` of the winner.
    private func choosePrice(_ candidates: [PriceCandidate]) -> (best: PriceCandidate, cluster: [PriceCandidate], isClose: Bool)? {
        var clusters: [(amount: PriceAmount, members: [PriceCandidate])] = []
        for candidate in candidates {
            if let index = clusters.firstIndex(where: { $0.amount == candidate.amount }) {
                clusters[index].members.append(candidate)
            } else {
                clusters.append((candidate.amount, [candidate]))
            }
        }
        var best: (score: Double, best: PriceCandidate, cluster: [PriceCandidate])?
        var runnerUp = -1.0
        for cluster in clusters {
            let top = cluster.members.max { $0.score < $1.score }!
            let agreeing = Set(cluster.members.filter { $0.score >= 0.4 && $0.source != top.source }.map(\.source))
            let score = top.score + 0.08 * Double(min(agreeing.count, 3))
            if score > (best?.score ?? -1) {
                runnerUp = max(runnerUp, best?.score ?? -1)
                best = (score, top, cluster.members)
            } else {
                runnerUp = max(runnerUp, score)
            }
        }
        guard let best, best.score >= Self.minimumPriceScore else { return nil }
        return (best.best, best.cluster, runnerUp >= best.score - Self.uncertaintyMargin)
    }

    /// The candidates as reported: one per method and place (the best-scored), best first.
    private func report(_ candidates: [PriceCandidate], chosen: PriceCandidate?) -> [ConsideredPrice] {
        let chosenLocator = chosen?.resolvedLocator()
        var seen: Set<String> = []
        var result: [ConsideredPrice] = []
        for candidate in candidates.sorted(by: { $0.score > $1.score }) {
            let locator = candidate.resolvedLocator()
            guard seen.insert(candidate.source + "\u{0}" + locator).inserted else { continue }
            let isChosen = chosen.map { $0.source == candidate.source && $0.amount == candidate.amount } == true
                && locator == chosenLocator
            result.append(
                ConsideredPrice(
                    amount: candidate.amount, currency: candidate.currency, currencyText: candidate.currencyText,
                    source: candidate.source, locator: locator, score: (candidate.score * 1000).rounded() / 1000,
                    text: candidate.text, isChosen: isChosen))
            if result.count == Self.reportedCandidates { break }
        }
        return result
    }

    private func layoutPrices(_ layout: StoreLayout, index: PageIndex) -> [PriceCandidate] {
        for locator in layout.price {
            for node in locator.nodes(in: index).prefix(3) {
                let text = HTMLText.collapseWhitespace(node.attribute("content") ?? node.text)
                guard text.count <= 80 else { continue }
                let parsed = PriceParser.parse(text)
                if let amount = parsed.amount, amount.decimal > 0 {
                    return [
                        PriceCandidate(
                            amount: amount, currency: parsed.currency, currencyText: parsed.currencyText,
                            source: layout.name, score: 0.95, element: node, text: text)
                    ]
                }
            }
        }
        return []
    }

    private func jsonLDPrices(_ items: [JSONLDReader.Item]) -> [PriceCandidate] {
        var result: [PriceCandidate] = []
        for (itemIndex, item) in items.enumerated() {
            // Offers of an Event or other non-product still price the page's subject, with less certainty.
            var base = item.isProduct ? 0.9 : 0.6
            if item.isNested { base -= 0.4 }
            // Offers from several sellers for the same product (a marketplace) compete: the buyer pays the
            // lowest. Offers without distinct sellers are variants or conditions, where the shop lists the one
            // it shows first.
            let sellers = Set(item.offers.compactMap(\.seller))
            var rank = Array(item.offers.indices)
            if sellers.count > 1 {
                rank.sort { (item.offers[$0].amount?.decimal ?? .greatestFiniteMagnitude, $0)
                    < (item.offers[$1].amount?.decimal ?? .greatestFiniteMagnitude, $1) }
            }
            for (position, index) in rank.enumerated() {
                let offer = item.offers[index]
                guard let amount = offer.amount else { continue }
                var score = base - 0.01 * Double(min(position, 5))
                // An offer not open today, or one for a bulk quantity, is not what one buyer pays now; a stale
                // priceValidUntil only loses to an offer without one.
                if !offer.isCurrent { score -= 0.3 }
                if offer.isBulk { score -= 0.3 }
                if offer.priceValidityPassed { score -= 0.02 }
                result.append(
                    PriceCandidate(
                        amount: amount, currency: offer.currency.flatMap { Currency.code(for: $0) },
                        currencyText: offer.currency, source: "json-ld", score: score,
                        availability: offer.availability, locator: "item[\(itemIndex)].offers[\(index)]"))
            }
        }
        return result
    }

    private func microdataPrices(_ microdata: MicrodataReader) -> [PriceCandidate] {
        microdata.prices.enumerated().map { index, price in
            let base = price.isMainProduct ? (price.fromAttribute ? 0.85 : 0.8) : 0.4
            return PriceCandidate(
                amount: price.amount, currency: price.currency, currencyText: price.currencyText, source: "microdata",
                score: base - 0.01 * Double(min(index, 5)), availability: price.availability,
                locator: "price[\(index)]", element: price.node)
        }
    }

    private func metaPrices(_ meta: [String: String], time: Date) -> [PriceCandidate] {
        var result: [PriceCandidate] = []
        // A sale price tag (Open Graph's product:sale_price) is what the buyer pays now, unless its
        // product:sale_price_dates say the sale is over or yet to begin.
        let saleIsOn = SchemaDate.contains(
            time, from: meta["product:sale_price_dates:start"], through: meta["product:sale_price_dates:end"])
        let keys = [
            ("product:sale_price:amount", "product:sale_price:currency", saleIsOn ? 0.82 : 0.4),
            ("product:price:amount", "product:price:currency", 0.8),
            ("og:price:amount", "og:price:currency", 0.8),
        ]
        for (amountKey, currencyKey, score) in keys {
            guard let text = meta[amountKey]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { continue }
            let parsed = PriceParser.parse(text)
            guard let amount = PriceAmount(text) ?? parsed.amount else { continue }
            let currency = meta[currencyKey]?.trimmingCharacters(in: .whitespaces) ?? parsed.currencyText
            result.append(
                PriceCandidate(
                    amount: amount, currency: currency.flatMap { Currency.code(for: $0) }, currencyText: currency,
                    source: amountKey, score: score,
                    currencySource: meta[currencyKey] == nil ? nil : currencyKey, locator: "meta"))
        }
        return result
    }

    /// The currency of the chosen price: an ISO code the page states for it (JSON-LD `priceCurrency`,
    /// microdata), else its symbol — settled, when shared, by the page's region (`PageRegion`), else by the
    /// currency the page states once for all prices (`product:price:currency`), else by English's reading of
    /// the symbol. `sources["currency_evidence"]` says which decided.
    private func readCurrency(
        into page: inout ProductPage, cluster: [PriceCandidate], meta: [String: String], regions: [PageRegion]
    ) {
        let ordered = cluster.sorted { $0.score > $1.score }
        var english: (code: String, text: String)?
        if let withText = ordered.first(where: { $0.currencyText != nil }), let text = withText.currencyText {
            page.currencyText = text
            page.sources["currency"] = withText.currencySource ?? withText.source
            // The symbol read on its own, once: it names one currency, or English's reading is the last resort.
            let alone = withText.currency == nil ? Currency.resolve(text) : nil
            if let code = withText.currency {
                page.currency = code
                page.sources["currency_evidence"] = withText.currencySource ?? "stated"
            } else if let alone, alone.evidence == .notation {
                page.currency = alone.code
                page.sources["currency_evidence"] = "symbol"
            } else {
                for region in regions {
                    if let resolved = Currency.resolve(text, countryCode: region.region), resolved.evidence == .region {
                        page.currency = resolved.code
                        page.sources["currency_evidence"] = "\(region.source):\(region.region.lowercased())"
                        break
                    }
                }
                if page.currency == nil, let alone, alone.evidence == .english { english = (alone.code, text) }
            }
        }
        if page.currency == nil, let coded = ordered.first(where: { $0.currency != nil }) {
            page.currency = coded.currency
            page.sources["currency"] = coded.currencySource ?? coded.source
            page.sources["currency_evidence"] = "stated"
        }
        if page.currency == nil {
            // The page may state its currency once for all prices.
            for key in ["product:price:currency", "og:price:currency", "pricecurrency"] {
                if let stated = meta[key], let code = Currency.code(for: stated) {
                    page.currency = code
                    page.currencyText = page.currencyText ?? stated
                    page.sources["currency"] = key
                    page.sources["currency_evidence"] = key
                    break
                }
            }
        }
        if page.currency == nil, let english {
            page.currency = english.code
            page.sources["currency_evidence"] = "english"
        }
    }

    // MARK: title, image, availability

    private func readTitle(
        into page: inout ProductPage, layout: StoreLayout?, mainItem: JSONLDReader.Item?, microdata: MicrodataReader,
        index: PageIndex
    ) {
        func take(_ text: String?, _ source: String) -> Bool {
            guard let text = text.map(cleanText), !text.isEmpty else { return false }
            page.title = text
            page.sources["title"] = source
            return true
        }
        if let layout {
            for locator in layout.title where take(locator.nodes(in: index).first?.text, layout.name) { return }
        }
        if take(mainItem?.name, "json-ld") { return }
        for key in ["og:title", "twitter:title"] where take(microdata.meta[key], key) { return }
        if take(microdata.name, "microdata") { return }
        if take(index.headings.lazy.map(\.text).first { !cleanText($0).isEmpty }, "h1") { return }
        _ = take(index.titles.first?.text, "title")
    }

    private func readImage(
        into page: inout ProductPage, layout: StoreLayout?, mainItem: JSONLDReader.Item?, microdata: MicrodataReader,
        index: PageIndex
    ) {
        func take(_ link: String?, _ source: String) -> Bool {
            guard let link = link?.trimmingCharacters(in: .whitespacesAndNewlines), !link.isEmpty,
                !link.hasPrefix("data:")
            else { return false }
            page.imageURL = link
            page.sources["image"] = source
            return true
        }
        if let layout {
            for locator in layout.image {
                guard let image = locator.nodes(in: index).first else { continue }
                for attribute in layout.imageAttributes where take(image.attribute(attribute), layout.name) { return }
            }
        }
        if take(mainItem?.image, "json-ld") { return }
        for key in ["og:image:secure_url", "og:image"] where take(microdata.meta[key], key) { return }
        if take(microdata.image, "microdata") { return }
        for key in ["twitter:image", "twitter:image:src"] where take(microdata.meta[key], key) { return }
        _ = take(index.links.first { $0.attribute("rel") == "image_src" }?.attribute("href"), "image_src")
    }

    private func readAvailability(
        into page: inout ProductPage, layout: StoreLayout?, cluster: [PriceCandidate], mainItem: JSONLDReader.Item?,
        microdata: MicrodataReader, index: PageIndex
    ) {
        func take(_ value: ProductPage.Availability?, _ source: String) -> Bool {
            guard let value else { return false }
            page.availability = value
            page.sources["availability"] = source
            return true
        }
        if let layout, take(layoutAvailability(layout, index: index), layout.name) { return }
        // The offers behind the chosen price; one buyable variant makes the product buyable.
        let stated = cluster.compactMap(\.availability)
        if !stated.isEmpty, take(stated.contains(.inStock) ? .inStock : .outOfStock, cluster[0].source) { return }
        let offers = mainItem?.offers.compactMap(\.availability) ?? []
        if !offers.isEmpty, take(offers.contains(.inStock) ? .inStock : .outOfStock, "json-ld") { return }
        // An availability Mantis cannot read ("", another vocabulary's URL): the shop said something, just not
        // in stock or out of it.
        if mainItem?.offers.contains(where: { $0.statedAvailability != nil }) == true { return }
        if take(microdata.availability, "microdata") { return }
        for key in ["product:availability", "og:availability"] {
            if take(StockText.schemaValue(microdata.meta[key]), key) { return }
        }
        guard page.price != nil || page.title != nil else { return }
        if take(visibleAvailability(index), "visible-text") { return }
        // A product shown with a price and nothing saying otherwise can be bought.
        if page.price != nil { _ = take(.inStock, "price") }
    }

    private func layoutAvailability(_ layout: StoreLayout, index: PageIndex) -> ProductPage.Availability? {
        if layout.outOfStock.contains(where: { !$0.nodes(in: index).isEmpty }) { return .outOfStock }
        for locator in layout.availabilityText {
            for node in locator.nodes(in: index) {
                if let stated = HTMLNode.shortText(node.pointer, limit: 200).flatMap({ StockText.phrase(in: $0) }) {
                    return stated
                }
            }
        }
        if layout.inStock.contains(where: { !$0.nodes(in: index).isEmpty }) { return .inStock }
        return nil
    }

    /// Stock labels (elements whose class or id mentions stock or availability) and buy buttons.
    private func visibleAvailability(_ index: PageIndex) -> ProductPage.Availability? {
        let document = index.document
        // The label scan walks the whole document with `translate()` on every element; skip it when no class
        // or id on the page could match.
        let mayHaveLabels = index.classTokens.contains { Self.namesStock($0) } || index.elementsByID.keys.contains { Self.namesStock($0) }
        let labels = !mayHaveLabels ? [] : document.nodes(
            xpath: """
                //*[contains(translate(@class,'STOCKAVILB','stockavilb'),'stock') \
                or contains(translate(@class,'STOCKAVILB','stockavilb'),'availab') \
                or contains(translate(@id,'STOCKAVILB','stockavilb'),'stock') \
                or contains(translate(@id,'STOCKAVILB','stockavilb'),'availab')]
                """)
        for label in labels.prefix(50) {
            if let text = HTMLNode.shortText(label.pointer, limit: 120), let stated = StockText.phrase(in: text) {
                return stated
            }
        }
        let buttons = document.nodes(
            xpath:
                "//button | //input[@type='submit' or @type='button']"
                + " | //a[contains(@class,'cart') or contains(@class,'buy')]"
        )
        for button in buttons.prefix(200) {
            let text = button.attribute("value") ?? HTMLNode.shortText(button.pointer, limit: 80) ?? ""
            if StockText.phrase(in: text) == .inStock { return .inStock }
        }
        return nil
    }

    // MARK: helpers

    /// What the label XPath looks for in a class or id: "stock" or "availab", in any case.
    private static func namesStock(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered.contains("stock") || lowered.contains("availab")
    }

    private func cleanText(_ text: String) -> String {
        HTMLText.collapseWhitespace(HTMLText.decodeEntities(text))
    }

    private func absolute(_ link: String, relativeTo base: URL?) -> String {
        let trimmed = link.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let resolved = URL(string: trimmed, relativeTo: base)?.absoluteURL,
            let scheme = resolved.scheme?.lowercased(), scheme == "http" || scheme == "https"
        else { return trimmed }
        return resolved.absoluteString
    }
}

import Foundation

/// The current and the former price as shop platforms' own templates mark them up. Each platform writes an
/// on-sale product's price block the same way in every shop built on it, whatever the theme's looks: a
/// WooCommerce `<del>`/`<ins>` pair, Magento's `data-price-type="finalPrice"`/`"oldPrice"`, and so on. A rule
/// names the platform, the price block, where in it the price paid now is and where the struck one is.
struct PlatformPriceMarkup {
    struct Found {
        var amount: PriceAmount
        var currency: String?
        var currencyText: String?
        /// The element the price was read from (the whole block for a price read from what is left of it).
        var node: HTMLNode? = nil
    }

    /// The rule's platform, reported as the price's source ("woocommerce").
    var platform: String
    var current: [Found]
    /// Former, compare-at or recommended prices in the same block.
    var references: Set<PriceAmount>

    struct Rule {
        let platform: String
        /// The price blocks, in document order; the first outside related-product and site furniture counts.
        let block: String
        /// Relative to the block, tried in order; the first that yields a visible amount is the price now.
        let current: [String]
        /// Relative to the block: the former prices.
        let old: [String]
        /// When no current locator applies, the block's text without the old prices is the current price.
        var currentIsRemainder = false

        /// The class names the block selector requires (its `cls(…)`s; only the first where it offers a
        /// choice with `or`), so a page without them skips the XPath.
        let markers: [String]
        /// For a block written `//*[cls(name)]…`: that class (its elements come from `PageIndex`) and the rest
        /// of the selector as a test of each (`self::*[…]`, nil when there is no rest).
        let blockClass: String?
        let blockTest: String?

        init(platform: String, block: String, current: [String], old: [String], currentIsRemainder: Bool = false) {
            self.platform = platform
            self.block = block
            self.current = current
            self.old = old
            self.currentIsRemainder = currentIsRemainder
            var names: [String] = []
            var rest = block[...]
            while let range = rest.range(of: "contains(@class,'") {
                rest = rest[range.upperBound...]
                guard let end = rest.firstIndex(of: "'") else { break }
                let name = String(rest[..<end])
                if !names.contains(name) { names.append(name) }
            }
            markers = block.contains(" or ") || block.contains("|") ? Array(names.prefix(1)) : names
            let head = "//*[\(PlatformPriceMarkup.cls(names.first ?? ""))]"
            // Only predicates may follow (`/ancestor::…` selects other elements than the class's).
            if let first = names.first, block.hasPrefix(head), !block.contains("|"),
               block.dropFirst(head.count).first.map({ $0 == "[" }) ?? true
            {
                blockClass = first
                let rest = block.dropFirst(head.count)
                blockTest = rest.isEmpty ? nil : "self::*" + rest
            } else {
                blockClass = nil
                blockTest = nil
            }
        }

        /// The rule's first `limit` price blocks, in document order.
        func blocks(in index: PageIndex, limit: Int) -> [HTMLNode] {
            guard let blockClass else { return Array(index.document.nodes(xpath: block).prefix(limit)) }
            let candidates = index.elementsByClass[blockClass] ?? []
            guard let blockTest else { return Array(candidates.prefix(limit)) }
            return Array(candidates.lazy.filter { !$0.nodes(xpath: blockTest).isEmpty }.prefix(limit))
        }
    }

    /// `contains(concat(' ', normalize-space(@class), ' '), ' name ')`: a whole class name, as CSS matches it.
    /// The plain `contains` first: libxml2 short-circuits `and`, and building the padded string for every
    /// element of a large page doubled the extraction time.
    fileprivate static func cls(_ name: String) -> String {
        "(contains(@class,'\(name)') and contains(concat(' ',normalize-space(@class),' '),' \(name) '))"
    }

    static let rules: [Rule] = [
        // WooCommerce's `wc_format_sale_price()`: `<del>` regular, `<ins>` sale, each a
        // `woocommerce-Price-amount`; a product not on sale has one amount (a variable one, a range from the
        // lowest).
        Rule(
            platform: "woocommerce",
            block: "//*[\(cls("price"))][.//*[\(cls("woocommerce-Price-amount"))]]",
            current: [
                ".//ins//*[\(cls("woocommerce-Price-amount"))]",
                ".//*[\(cls("woocommerce-Price-amount"))][not(ancestor::del)]",
            ],
            old: [".//del//*[\(cls("woocommerce-Price-amount"))]"]),
        // Magento 2 / Adobe Commerce price boxes: each amount carries `data-price-type` and a machine-readable
        // `data-price-amount`; "oldPrice" is the regular price of a product on special.
        Rule(
            platform: "magento",
            block: "//*[\(cls("price-box"))][.//*[@data-price-type]]",
            current: [".//*[@data-price-type='finalPrice']", ".//*[@data-price-type='minPrice']"],
            old: [".//*[@data-price-type='oldPrice']"]),
        // Magento 1 / OpenMage: `special-price` beside `old-price`; `regular-price` is the price of a product
        // with no special (unlike PrestaShop, where it is the former one).
        Rule(
            platform: "magento",
            block: "//*[\(cls("price-box"))][.//*[\(cls("special-price")) or \(cls("regular-price"))]]",
            current: [
                ".//*[\(cls("special-price"))]//*[\(cls("price"))]", ".//*[\(cls("regular-price"))]//*[\(cls("price"))]",
            ],
            old: [".//*[\(cls("old-price"))]//*[\(cls("price"))]"]),
        // PrestaShop 1.7/8 `product-prices.tpl`: `current-price` (its `current-price-value` or itemprop price with
        // `content`), and `regular-price` inside `product-discount` for the price before the discount.
        Rule(
            platform: "prestashop",
            block: "//*[\(cls("product-prices"))]",
            current: [
                ".//*[\(cls("current-price"))]//*[@content]", ".//*[\(cls("current-price-value"))]",
                ".//*[\(cls("current-price"))]",
            ],
            old: [".//*[\(cls("regular-price"))]"]),
        // PrestaShop 1.6: `#our_price_display` and `#old_price_display`.
        Rule(
            platform: "prestashop",
            block: "//*[\(cls("content_prices"))]",
            current: [".//*[@id='our_price_display']"],
            old: [".//*[@id='old_price_display']"]),
        // BigCommerce Cornerstone `product-view.html`/`price.html`: `data-product-price-with-tax` (or
        // -without-tax) is the price now; `price--non-sale` ("Was:") and `price--rrp` ("RRP:") are comparisons.
        // The tax variant the shop does not display sits in a `display: none` section.
        Rule(
            platform: "bigcommerce",
            block: "//*[\(cls("productView-price"))]",
            current: [".//*[@data-product-price-with-tax]", ".//*[@data-product-price-without-tax]"],
            old: [
                ".//*[@data-product-non-sale-price-with-tax or @data-product-non-sale-price-without-tax"
                    + " or @data-product-rrp-with-tax or @data-product-rrp-without-tax]"
            ]),
        // Shopware 6 `buy-widget-price.html.twig`: `product-detail-price`, and `list-price-price` inside
        // `product-detail-list-price-wrapper` for the list price.
        Rule(
            platform: "shopware",
            block: "//*[\(cls("product-detail-price-container"))]",
            current: [".//*[\(cls("product-detail-price"))]"],
            old: [".//*[\(cls("list-price-price"))]", ".//*[\(cls("product-detail-list-price"))]"]),
        // Salesforce Commerce Cloud SFRA `price.isml`: `sales` holds the price now, `strike-through list` the
        // list price; each `value` carries the amount in `content`.
        Rule(
            platform: "sfcc",
            block: "//*[\(cls("prices"))][.//*[\(cls("sales"))]]",
            current: [".//*[\(cls("sales"))]//*[\(cls("value"))]", ".//*[\(cls("sales"))]"],
            old: [".//*[\(cls("strike-through"))]//*[\(cls("value"))]", ".//*[\(cls("strike-through"))]"]),
        // SFCC SiteGenesis: `price-sales` and `price-standard`.
        Rule(
            platform: "sfcc",
            block: "//*[\(cls("product-price"))][.//*[\(cls("price-sales"))]]",
            current: [".//*[\(cls("price-sales"))]"],
            old: [".//*[\(cls("price-standard"))]"]),
        // OpenCart themes (and OpenCart 4's product page): `price-new` beside `price-old`.
        Rule(
            platform: "opencart",
            block: "//*[\(cls("price-new"))]/ancestor::*[.//*[\(cls("price-old"))]][1]",
            current: [".//*[\(cls("price-new"))]"],
            old: [".//*[\(cls("price-old"))]"]),
        // Wix Stores: `data-hook="formatted-primary-price"` is the price paid, `formatted-secondary-price`
        // the struck original one.
        Rule(
            platform: "wix",
            block: "//*[@data-hook='product-price'] | //*[@data-hook='formatted-primary-price']/..",
            current: [".//*[@data-hook='formatted-primary-price']"],
            old: [".//*[@data-hook='formatted-secondary-price']"]),
        // Squarespace: `product-price` holds the sale price as text, followed by its `original-price`. Only
        // read when on sale; otherwise Squarespace's own JSON-LD states the single price.
        Rule(
            platform: "squarespace",
            block: "//*[\(cls("product-price"))][.//*[\(cls("original-price"))]]",
            current: [],
            old: [".//*[\(cls("original-price"))]"],
            currentIsRemainder: true),
        // Shopify's Dawn and the themes built on its `price.liquid` (Debut had the same classes): the block
        // says `price--on-sale` when a compare-at price applies, and then `price-item--sale` is the price
        // paid and `price-item--regular` in `price__sale` (an `<s>`) the compare-at price. Not on sale, the
        // price is `price__regular`'s `price-item--regular`.
        Rule(
            platform: "shopify",
            block: "//*[\(cls("price"))][.//*[\(cls("price-item"))]]",
            current: [
                "self::*[\(cls("price--on-sale"))]//*[\(cls("price-item--sale"))]",
                ".//*[\(cls("price__regular"))]//*[\(cls("price-item--regular"))]", ".//*[\(cls("price-item"))]",
            ],
            old: [
                "self::*[\(cls("price--on-sale"))]//*[\(cls("price__sale"))]//*[\(cls("price-item--regular"))]",
                ".//s[\(cls("price-item--regular"))]",
            ]),
    ]

    /// Attributes holding an amount as a plain number: Magento's `data-price-amount`, microdata's `content`.
    private static let amountAttributes = ["data-price-amount", "content"]

    /// The first rule that finds a current price in a product's price block.
    static func read(_ index: PageIndex) -> PlatformPriceMarkup? {
        for rule in rules {
            // The block's own class must be on the page before its XPath is worth running.
            if !rule.markers.allSatisfy(index.classTokens.contains) { continue }
            for block in rule.blocks(in: index, limit: 8) where !isAside(block) {
                let old = rule.old.flatMap { block.nodes(xpath: $0) }
                var references = Set(old.compactMap { amount(in: $0)?.amount })
                var current: Found?
                for locator in rule.current {
                    current = block.nodes(xpath: locator).lazy.filter { !isHidden($0, below: block) }
                        .compactMap(amount(in:)).first
                    if current != nil { break }
                }
                if current == nil, rule.currentIsRemainder {
                    var text = HTMLText.collapseWhitespace(block.text)
                    for node in old {
                        let oldText = HTMLText.collapseWhitespace(node.text)
                        if !oldText.isEmpty, let range = text.range(of: oldText) { text.removeSubrange(range) }
                    }
                    current = found(inText: text)
                    current?.node = block
                }
                guard let current else { continue }
                references.remove(current.amount)
                return PlatformPriceMarkup(platform: rule.platform, current: [current], references: references)
            }
        }
        return nil
    }

    private static func amount(in node: HTMLNode) -> Found? {
        let text = HTMLText.collapseWhitespace(HTMLText.decodeEntities(node.text))
        for name in amountAttributes {
            if let value = node.attribute(name)?.trimmingCharacters(in: .whitespaces), let amount = PriceAmount(value),
                amount.decimal > 0
            {
                let parsed = PriceParser.parse(text)
                return Found(amount: amount, currency: parsed.currency, currencyText: parsed.currencyText, node: node)
            }
        }
        var result = found(inText: text)
        result?.node = node
        return result
    }

    private static func found(inText text: String) -> Found? {
        // A block's text beyond this is a paragraph, not a price.
        guard !text.isEmpty, text.count <= 80 else { return nil }
        let parsed = PriceParser.parse(text)
        guard let amount = parsed.amount, amount.decimal > 0 else { return nil }
        return Found(amount: amount, currency: parsed.currency, currencyText: parsed.currencyText)
    }

    /// Hidden by the shop between the block and the node (`display: none`, `hidden`): a price for another
    /// tax display or variant.
    private static func isHidden(_ node: HTMLNode, below block: HTMLNode) -> Bool {
        var current: HTMLNode? = node
        while let element = current, element != block {
            if element.attribute("hidden") != nil { return true }
            if let style = element.attribute("style")?.lowercased().filter({ $0 != " " }), style.contains("display:none") {
                return true
            }
            current = element.parent
        }
        return false
    }

    /// Words in class or id values of blocks about other products or the site around the product.
    private static let asideWords = [
        "related", "recommend", "upsell", "up-sell", "crosssell", "cross-sell", "carousel", "slider", "swiper",
        "recently", "viewed", "minicart", "mini-cart", "cart-drawer", "similar", "also-like", "accessor",
    ]

    private static func isAside(_ block: HTMLNode) -> Bool {
        var current: HTMLNode? = block
        var steps = 0
        while let element = current, steps < 60 {
            if element.hasName("footer") || element.hasName("nav") || element.hasName("aside") { return true }
            let words = ((element.attribute("class") ?? "") + " " + (element.attribute("id") ?? "")).lowercased()
            if asideWords.contains(where: words.contains) { return true }
            if let style = element.attribute("style")?.lowercased().filter({ $0 != " " }), style.contains("display:none") {
                return true
            }
            current = element.parent
            steps += 1
        }
        return false
    }
}

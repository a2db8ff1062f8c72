import Foundation
import Testing

@testable import MantisCore

/// The price to track is what the buyer pays now: a sale price over the regular one it replaces, today's
/// price over an expired or future one. Every page here is written the way the standard or the platform's
/// own template writes it.
@Suite("Sale versus regular price")
struct SalePriceTests {
    /// 2025-06-15 12:00 UTC: the extraction time of every page below.
    private static let today = Date(timeIntervalSince1970: 1_749_988_800)
    private let pageURL = URL(string: "https://shop.example.com/products/chair")!

    private func price(_ html: String, at date: Date = today) -> String? {
        ProductPageExtractor(now: { date }).extract(html: html, pageURL: pageURL).price?.decimalString
    }

    private func source(_ html: String) -> String? {
        ProductPageExtractor(now: { Self.today }).extract(html: html, pageURL: pageURL).sources["price"]
    }

    private func page(jsonLD json: String, body: String = "") -> String {
        """
        <!DOCTYPE html><html><head><title>Chair</title>
        <script type="application/ld+json">\(json)</script>
        </head><body>\(body)</body></html>
        """
    }

    /// A product page without structured data: a title, the price block, a buy button.
    private func page(body: String) -> String {
        """
        <!DOCTYPE html><html><head><title>Oak Garden Chair</title></head><body>
        <main><h1>Oak Garden Chair</h1>
        \(body)
        <button>Add to cart</button></main></body></html>
        """
    }

    private func offer(_ body: String) -> String {
        """
        {"@context": "https://schema.org", "@type": "Product", "name": "Oak Garden Chair",
         "offers": {"@type": "Offer", "priceCurrency": "EUR", \(body)}}
        """
    }

    // MARK: schema.org priceSpecification and validity

    @Test("A SalePrice specification valid today beats the regular Offer.price")
    func salePriceSpecificationValidToday() {
        let json = offer(
            """
            "price": "120.00", "priceSpecification": [
              {"@type": "UnitPriceSpecification", "priceType": "https://schema.org/SalePrice", "price": "89.00",
               "priceCurrency": "EUR", "validFrom": "2025-06-01", "validThrough": "2025-06-30"}]
            """)
        #expect(price(page(jsonLD: json)) == "89.00")
    }

    @Test("A sale that ended or has not begun is not today's price: the regular price is")
    func saleOutsideItsWindow() {
        let ended = offer(
            """
            "price": "89.00", "priceSpecification": [
              {"@type": "UnitPriceSpecification", "priceType": "SalePrice", "price": "89.00",
               "validThrough": "2025-05-31T23:59:59Z"},
              {"@type": "UnitPriceSpecification", "priceType": "https://schema.org/ListPrice", "price": "120.00"}]
            """)
        #expect(price(page(jsonLD: ended)) == "120.00")
        let future = offer(
            """
            "price": "120.00", "priceSpecification": {"@type": "UnitPriceSpecification",
              "priceType": "https://schema.org/SalePrice", "price": "89.00", "validFrom": "2025-07-01"}
            """)
        #expect(price(page(jsonLD: future)) == "120.00")
    }

    @Test("The clock is the extractor's: the same page read during and after the sale")
    func injectedClock() {
        let json = offer(
            """
            "price": "120.00", "priceSpecification": {"@type": "UnitPriceSpecification",
              "priceType": "https://schema.org/SalePrice", "price": "89.00", "validThrough": "2025-06-30"}
            """)
        #expect(price(page(jsonLD: json), at: Self.today) == "89.00")
        #expect(price(page(jsonLD: json), at: Self.today.addingTimeInterval(30 * 86_400)) == "120.00")
        // A bare validThrough date includes that whole day.
        #expect(price(page(jsonLD: json), at: SchemaDate.parse("2025-06-30T22:00:00Z")!) == "89.00")
    }

    @Test(
        "Comparison price types are never the price paid",
        arguments: [
            "https://schema.org/StrikethroughPrice", "https://schema.org/ListPrice", "http://schema.org/MSRP",
            "SRP", "https://schema.org/InvoicePrice", "https://schema.org/MinimumAdvertisedPrice",
        ])
    func comparisonPriceTypes(priceType: String) {
        let json = offer(
            """
            "priceSpecification": [
              {"@type": "UnitPriceSpecification", "priceType": "\(priceType)", "price": "150.00"},
              {"@type": "UnitPriceSpecification", "price": "99.00"}]
            """)
        #expect(price(page(jsonLD: json)) == "99.00")
    }

    @Test("Offer.price repeating the strikethrough price gives way to the plain specification")
    func priceRepeatingTheStrikethrough() {
        let json = offer(
            """
            "price": "150.00", "priceSpecification": [
              {"@type": "UnitPriceSpecification", "priceType": "https://schema.org/StrikethroughPrice", "price": "150.00"},
              {"@type": "UnitPriceSpecification", "price": "99.00"}]
            """)
        #expect(price(page(jsonLD: json)) == "99.00")
    }

    @Test("A unit price per 100 g and a compound's components are not the item's price")
    func unitAndCompoundSpecifications() {
        let perUnit = offer(
            """
            "priceSpecification": [
              {"@type": "UnitPriceSpecification", "price": "2.49",
               "referenceQuantity": {"@type": "QuantitativeValue", "value": 100, "unitCode": "GRM"}},
              {"@type": "UnitPriceSpecification", "price": "4.98"}]
            """)
        #expect(price(page(jsonLD: perUnit)) == "4.98")
        let compound = offer(
            """
            "priceSpecification": {"@type": "CompoundPriceSpecification", "price": "129.00", "priceComponent": [
              {"@type": "UnitPriceSpecification", "priceType": "https://schema.org/ListPrice", "price": "159.00"},
              {"@type": "UnitPriceSpecification", "priceComponentType": "https://schema.org/ActivationFee",
               "price": "10.00"}]}
            """)
        #expect(price(page(jsonLD: compound)) == "129.00")
    }

    @Test("Among several offers, an expired one and a bulk-quantity one give way to the one a buyer takes now")
    func severalOffers() {
        let json = """
            {"@context": "https://schema.org", "@type": "Product", "name": "Oak Garden Chair", "offers": [
              {"@type": "Offer", "price": "79.00", "priceCurrency": "EUR", "validThrough": "2025-05-01"},
              {"@type": "Offer", "price": "69.00", "priceCurrency": "EUR",
               "eligibleQuantity": {"@type": "QuantitativeValue", "minValue": 10}},
              {"@type": "Offer", "price": "99.00", "priceCurrency": "EUR", "priceValidUntil": "2025-12-31"}]}
            """
        #expect(price(page(jsonLD: json)) == "99.00")
    }

    @Test("Offers from several sellers compete: the lowest current one; variants without sellers keep their order")
    func marketplaceOffers() {
        let sellers = """
            {"@context": "https://schema.org", "@type": "Product", "name": "Oak Garden Chair", "offers": [
              {"@type": "Offer", "price": "99.00", "priceCurrency": "EUR", "seller": {"@type": "Organization", "name": "A"}},
              {"@type": "Offer", "price": "59.00", "priceCurrency": "EUR", "validThrough": "2025-01-01",
               "seller": {"@type": "Organization", "name": "B"}},
              {"@type": "Offer", "price": "89.00", "priceCurrency": "EUR", "seller": {"@type": "Organization", "name": "C"}}]}
            """
        #expect(price(page(jsonLD: sellers)) == "89.00")
        let variants = """
            {"@context": "https://schema.org", "@type": "Product", "name": "Oak Garden Chair", "offers": [
              {"@type": "Offer", "price": "99.00", "priceCurrency": "EUR"},
              {"@type": "Offer", "price": "89.00", "priceCurrency": "EUR"}]}
            """
        #expect(price(page(jsonLD: variants)) == "99.00")
    }

    @Test("A JSON-LD regular price loses to the sale the platform's own markup shows with it struck out")
    func structuredRegularPriceAgainstPlatformSale() {
        let json = offer(#""price": "120.00""#)
        let body = """
            <h1>Oak Garden Chair</h1><div class="summary"><p class="price">
            <del aria-hidden="true"><span class="woocommerce-Price-amount amount"><bdi><span
              class="woocommerce-Price-currencySymbol">&euro;</span>120.00</bdi></span></del>
            <ins aria-hidden="true"><span class="woocommerce-Price-amount amount"><bdi><span
              class="woocommerce-Price-currencySymbol">&euro;</span>89.00</bdi></span></ins></p></div>
            """
        #expect(price(page(jsonLD: json, body: body)) == "89.00")
    }

    @Test("Open Graph: a sale price outside its product:sale_price_dates gives way to product:price")
    func openGraphSaleDates() {
        func html(end: String) -> String {
            """
            <html><head><meta property="og:title" content="Oak Garden Chair">
            <meta property="product:price:amount" content="120.00"><meta property="product:price:currency" content="EUR">
            <meta property="product:sale_price:amount" content="89.00">
            <meta property="product:sale_price:currency" content="EUR">
            <meta property="product:sale_price_dates:end" content="\(end)"></head><body></body></html>
            """
        }
        #expect(price(html(end: "2025-06-30")) == "89.00")
        #expect(price(html(end: "2025-06-01")) == "120.00")
    }

    // MARK: microdata

    @Test("Microdata: a price inside <del> is the old one, the one inside <ins> the price now")
    func microdataDelIns() {
        let html = page(
            body: """
                <div itemscope itemtype="https://schema.org/Product"><span itemprop="name">Oak Garden Chair</span>
                <div itemprop="offers" itemscope itemtype="https://schema.org/Offer">
                <meta itemprop="priceCurrency" content="USD">
                <del>$<span itemprop="price">120.00</span></del> <ins>$<span itemprop="price">89.00</span></ins>
                </div></div>
                """)
        #expect(price(html) == "89.00")
    }

    @Test("Microdata: a PriceSpecification typed ListPrice is a comparison, an expired one is not today's")
    func microdataPriceSpecification() {
        let html = page(
            body: """
                <div itemscope itemtype="https://schema.org/Product"><span itemprop="name">Oak Garden Chair</span>
                <div itemprop="offers" itemscope itemtype="https://schema.org/Offer">
                  <div itemprop="priceSpecification" itemscope itemtype="https://schema.org/UnitPriceSpecification">
                    <link itemprop="priceType" href="https://schema.org/ListPrice">
                    <meta itemprop="priceCurrency" content="EUR"><span itemprop="price" content="150.00">150,00 €</span>
                  </div>
                  <div itemprop="priceSpecification" itemscope itemtype="https://schema.org/UnitPriceSpecification">
                    <meta itemprop="validThrough" content="2025-01-31">
                    <meta itemprop="priceCurrency" content="EUR"><span itemprop="price" content="79.00">79,00 €</span>
                  </div>
                  <div itemprop="priceSpecification" itemscope itemtype="https://schema.org/UnitPriceSpecification">
                    <meta itemprop="priceCurrency" content="EUR"><span itemprop="price" content="119.00">119,00 €</span>
                  </div>
                </div></div>
                """)
        #expect(price(html) == "119.00")
    }

    // MARK: platform markup

    @Test("WooCommerce: <del> regular and <ins> sale woocommerce-Price-amount")
    func wooCommerce() {
        let html = page(
            body: """
                <div class="summary entry-summary"><p class="price"><del aria-hidden="true"><span
                class="woocommerce-Price-amount amount"><bdi><span class="woocommerce-Price-currencySymbol">&#36;</span>120.00</bdi></span></del>
                <span class="screen-reader-text">Original price was: &#36;120.00.</span><ins aria-hidden="true"><span
                class="woocommerce-Price-amount amount"><bdi><span class="woocommerce-Price-currencySymbol">&#36;</span>89.00</bdi></span></ins>
                <span class="screen-reader-text">Current price is: &#36;89.00.</span></p></div>
                """)
        #expect(price(html) == "89.00")
        #expect(source(html) == "woocommerce")
    }

    @Test("Shopify Dawn: price--on-sale, price-item--sale paid, <s> price-item--regular compared")
    func shopifyDawn() {
        let html = page(
            body: """
                <div class="price price--large price--on-sale price--show-badge"><div class="price__container">
                <div class="price__regular"><span class="visually-hidden visually-hidden--inline">Regular price</span>
                  <span class="price-item price-item--regular">$89.00 USD</span></div>
                <div class="price__sale"><span class="visually-hidden visually-hidden--inline">Regular price</span>
                  <span><s class="price-item price-item--regular">$120.00 USD</s></span>
                  <span class="visually-hidden visually-hidden--inline">Sale price</span>
                  <span class="price-item price-item--sale price-item--last">$89.00 USD</span></div>
                </div></div>
                <div class="related-products"><div class="price price--on-sale"><div class="price__sale">
                  <span class="price-item price-item--sale">$15.00 USD</span></div></div></div>
                """)
        #expect(price(html) == "89.00")
        #expect(source(html) == "shopify")
    }

    @Test("Magento 2: data-price-type finalPrice is paid, oldPrice (listed after it) compared")
    func magento2() {
        let html = page(
            body: """
                <div class="product-info-price"><div class="price-box price-final_price" data-role="priceBox">
                <span class="special-price"><span class="price-container price-final_price tax weee">
                  <span class="price-label">Special Price</span>
                  <span id="product-price-42" data-price-amount="89" data-price-type="finalPrice" class="price-wrapper "><span
                  class="price">$89.00</span></span></span></span>
                <span class="old-price"><span class="price-container price-final_price tax weee">
                  <span class="price-label">Regular Price</span>
                  <span id="old-price-42" data-price-amount="120" data-price-type="oldPrice" class="price-wrapper "><span
                  class="price">$120.00</span></span></span></span>
                </div></div>
                """)
        #expect(price(html) == "89")
        #expect(source(html) == "magento")
    }

    @Test("Magento 1: special-price beside old-price")
    func magento1() {
        let html = page(
            body: """
                <div class="price-box"><p class="old-price"><span class="price-label">Regular Price:</span>
                <span class="price" id="old-price-7">$120.00</span></p>
                <p class="special-price"><span class="price-label">Special Price</span>
                <span class="price" id="product-price-7">$89.00</span></p></div>
                """)
        #expect(price(html) == "89.00")
    }

    @Test("PrestaShop 1.7/8: current-price paid, product-discount's regular-price compared")
    func prestaShop() {
        let html = page(
            body: """
                <div class="product-prices js-product-prices"><div class="product-discount">
                <span class="regular-price">120,00&nbsp;€</span></div>
                <div class="product-price h5 has-discount"><div class="current-price">
                <span class="current-price-value" content="89">89,00&nbsp;€</span>
                <span class="discount discount-percentage">-26%</span></div></div></div>
                """)
        #expect(price(html) == "89")
        #expect(source(html) == "prestashop")
    }

    @Test("PrestaShop 1.6: #our_price_display paid, #old_price_display compared")
    func prestaShop16() {
        let html = page(
            body: """
                <div class="content_prices clearfix"><p class="our_price_display">
                <span id="our_price_display" class="price">89,00 €</span></p>
                <p id="old_price" class=""><span id="old_price_display"><span class="price">120,00 €</span></span></p></div>
                """)
        #expect(price(html) == "89.00")
    }

    @Test("BigCommerce Cornerstone: data-product-price-with-tax paid, hidden sections and Was/RRP skipped")
    func bigCommerce() {
        let html = page(
            body: """
                <div class="productView-price">
                <div class="price-section price-section--withoutTax rrp-price--withoutTax" style="display: none;">
                  RRP: <span data-product-rrp-price-without-tax class="price price--rrp"></span></div>
                <div class="price-section price-section--withTax non-sale-price--withTax">
                  Was: <span data-product-non-sale-price-with-tax class="price price--non-sale">$120.00</span></div>
                <div class="price-section price-section--withoutTax" style="display: none;">
                  <span data-product-price-without-tax class="price price--withoutTax">$74.17</span></div>
                <div class="price-section price-section--withTax"><span class="price-label"></span>
                  <span class="price-now-label">Now:</span>
                  <span data-product-price-with-tax class="price price--withTax">$89.00</span></div>
                </div>
                """)
        #expect(price(html) == "89.00")
        #expect(source(html) == "bigcommerce")
    }

    @Test("Shopware 6: product-detail-price paid, list-price-price compared")
    func shopware() {
        let html = page(
            body: """
                <div class="product-detail-price-container"><meta itemprop="priceCurrency" content="EUR">
                <p class="product-detail-price with-list-price">89,00 €*</p>
                <span class="list-price-badge">%</span>
                <span class="product-detail-list-price-wrapper"><span class="list-price-price">120,00 €*</span>
                <span class="list-price-percentage">(25.83% saved)</span></span></div>
                """)
        #expect(price(html) == "89.00")
        #expect(source(html) == "shopware")
    }

    @Test("Salesforce Commerce Cloud SFRA: sales value paid, strike-through list compared")
    func salesforceSFRA() {
        let html = page(
            body: """
                <div class="prices"><div class="price"><span>
                <del><span class="strike-through list"><span class="value" content="120.00">$120.00</span></span></del>
                <span class="sales"><span class="value" content="89.00">$89.00</span></span></span></div></div>
                """)
        #expect(price(html) == "89.00")
        #expect(source(html) == "sfcc")
    }

    @Test("Salesforce Commerce Cloud SiteGenesis: price-sales paid, price-standard compared")
    func salesforceSiteGenesis() {
        let html = page(
            body: """
                <div class="product-price"><span class="price-standard">$120.00</span>
                <span class="price-sales">$89.00</span></div>
                """)
        #expect(price(html) == "89.00")
    }

    @Test("OpenCart: price-new paid, price-old compared")
    func openCart() {
        let html = page(
            body: """
                <div class="price"><span class="price-old">$120.00</span> <span class="price-new">$89.00</span>
                <span class="price-tax">Ex Tax: $74.17</span></div>
                """)
        #expect(price(html) == "89.00")
        #expect(source(html) == "opencart")
    }

    @Test("Wix Stores: formatted-primary-price paid, formatted-secondary-price compared")
    func wix() {
        let html = page(
            body: """
                <div data-hook="product-price" class="cell"><span data-hook="formatted-secondary-price">$120.00</span>
                <span data-hook="formatted-primary-price">$89.00</span></div>
                """)
        #expect(price(html) == "89.00")
        #expect(source(html) == "wix")
    }

    @Test("Squarespace: product-price's own text paid, original-price compared")
    func squarespace() {
        let html = page(
            body: """
                <div class="product-price"><span class="visually-hidden">Sale Price:</span>$89.00
                <span class="visually-hidden">Original Price:</span><div class="original-price">$120.00</div></div>
                """)
        #expect(price(html) == "89.00")
        #expect(source(html) == "squarespace")
    }

    // MARK: visual cues in visible text

    @Test(
        "Former-price labels in several languages: the price now is tracked",
        arguments: [
            (#"<span>Was £120.00</span> <span>Now £89.00</span>"#, "89.00"),
            (#"<span class="p">89,00 €</span> <span>statt 120,00 €</span>"#, "89.00"),
            (#"<span class="p">89,00 €</span> <span>au lieu de 120,00 €</span>"#, "89.00"),
            (#"<span>Antes: 120,00 €</span> <span>Ahora: 89,00 €</span>"#, "89.00"),
            (#"<span>De R$ 120,00</span> <span>por R$ 89,00</span>"#, "89.00"),
            (#"<span>UVP 120,00 €</span> <span class="p">89,00 €</span>"#, "89.00"),
            (#"<span>RRP £120.00</span> <span>£89.00</span> <span>You save £31.00</span>"#, "89.00"),
            (#"<div>List price: <span>$120.00</span></div> <div><span>$89.00</span> (-26%)</div>"#, "89.00"),
            (#"<p>Was $120.00 now $89.00</p>"#, "89.00"),
            (#"<p>Statt 120,00 € nur 89,00 €</p>"#, "89.00"),
            (#"<p>De R$ 120,00 por R$ 89,00</p>"#, "89.00"),
        ])
    func formerPriceLabels(block: String, expected: String) {
        #expect(price(page(body: block)) == expected)
    }

    @Test("The EU Omnibus 'lowest price in the last 30 days' is not the price")
    func omnibusLowestPrice() {
        let html = page(
            body: """
                <div><span class="p">89,00 €</span></div>
                <p>Niedrigster Preis der letzten 30 Tage: <span>79,00 €</span></p>
                """)
        #expect(price(html) == "89.00")
    }
}

import Foundation
import Testing

@testable import MantisCore

@Suite("ProductPageExtractor")
struct ProductPageExtractorTests {
    private let pageURL = URL(string: "https://shop.example.com/products/kettle?variant=2")!

    private func extract(_ html: String, pageURL: URL? = nil) -> ProductPage {
        ProductPageExtractor().extract(html: html, pageURL: pageURL ?? self.pageURL)
    }

    /// Extracts from a minimal page holding this JSON-LD block, after any extra `head` markup.
    private func extract(jsonLD json: String, head: String = "") -> ProductPage {
        extract(
            """
            <!DOCTYPE html><html><head>\(head)
            <script type="application/ld+json">\(json)</script>
            </head><body></body></html>
            """)
    }

    private func fixture(_ name: String) throws -> String {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "html", subdirectory: "Fixtures"),
            "missing fixture \(name).html"
        )
        return try String(contentsOf: url, encoding: .utf8)
    }

    // MARK: JSON-LD

    @Test("JSON-LD Product with a single offers object gives title, price, currency, availability and image")
    func jsonLDProductWithOfferObject() throws {
        let json = """
            {
              "@context": "https://schema.org",
              "@type": "Product",
              "name": "Electric Kettle 1.7 L",
              "image": "https://cdn.example.com/kettle.jpg",
              "offers": {
                "@type": "Offer",
                "price": "49.90",
                "priceCurrency": "EUR",
                "availability": "https://schema.org/InStock"
              }
            }
            """
        let page = extract(jsonLD: json)
        #expect(page.title == "Electric Kettle 1.7 L")
        #expect(try #require(page.price).decimalString == "49.90")
        #expect(page.currency == "EUR")
        #expect(page.availability == .inStock)
        #expect(page.imageURL == "https://cdn.example.com/kettle.jpg")
        #expect(
            page.sources == [
                "title": "json-ld", "price": "json-ld", "currency": "json-ld", "availability": "json-ld",
                "image": "json-ld", "currency_evidence": "stated",
            ])
    }

    @Test("A Product nested in @graph is found among other node types")
    func jsonLDGraph() throws {
        let json = """
            {
              "@context": "https://schema.org",
              "@graph": [
                { "@type": "WebSite", "name": "Example Shop" },
                { "@type": "BreadcrumbList", "itemListElement": [] },
                { "@type": "Product", "name": "Graph Kettle",
                  "offers": { "@type": "Offer", "price": "35.00", "priceCurrency": "GBP" } }
              ]
            }
            """
        let page = extract(jsonLD: json)
        #expect(page.title == "Graph Kettle")
        #expect(try #require(page.price).decimalString == "35.00")
        #expect(page.currency == "GBP")
    }

    @Test("A top-level array of nodes is searched for the Product")
    func jsonLDTopLevelArray() throws {
        let json = """
            [
              { "@type": "Organization", "name": "Example Shop" },
              { "@type": ["Product", "Thing"], "name": "Array Kettle", "offers": { "price": "20" } }
            ]
            """
        let page = extract(jsonLD: json)
        #expect(page.title == "Array Kettle")
        #expect(try #require(page.price).decimalString == "20")
    }

    @Test("With an offers array, the first offer that has a price is used, with its own currency and availability")
    func jsonLDOffersArray() throws {
        let json = """
            {
              "@type": "Product",
              "name": "Kettle",
              "offers": [
                { "@type": "Offer", "priceCurrency": "SEK", "availability": "https://schema.org/OutOfStock" },
                { "@type": "Offer", "price": "399.00", "priceCurrency": "NOK",
                  "availability": "https://schema.org/InStock" },
                { "@type": "Offer", "price": "10.00", "priceCurrency": "DKK" }
              ]
            }
            """
        let page = extract(jsonLD: json)
        #expect(try #require(page.price).decimalString == "399.00")
        #expect(page.currency == "NOK")
        #expect(page.availability == .inStock)
    }

    @Test("An AggregateOffer gives its lowPrice")
    func jsonLDAggregateOffer() throws {
        let json = """
            {
              "@type": "Product",
              "name": "Kettle (many sellers)",
              "offers": {
                "@type": "AggregateOffer",
                "lowPrice": "89.00",
                "highPrice": "120.00",
                "offerCount": 5,
                "priceCurrency": "EUR"
              }
            }
            """
        let page = extract(jsonLD: json)
        #expect(try #require(page.price).decimalString == "89.00")
        #expect(page.currency == "EUR")
    }

    @Test("An AggregateOffer with nested offers still gives lowPrice first")
    func jsonLDAggregateOfferWithNestedOffers() throws {
        let json = """
            {
              "@type": "Product",
              "name": "Kettle",
              "offers": {
                "@type": "AggregateOffer", "lowPrice": 75, "priceCurrency": "EUR",
                "offers": [ { "@type": "Offer", "price": "99.00", "priceCurrency": "USD" } ]
              }
            }
            """
        let page = extract(jsonLD: json)
        #expect(try #require(page.price).decimalString == "75")
        #expect(page.currency == "EUR")
    }

    @Test("A price inside priceSpecification is used, with the specification's currency")
    func jsonLDPriceSpecification() throws {
        let json = """
            {
              "@type": "Product",
              "name": "Kettle",
              "offers": {
                "@type": "Offer",
                "priceSpecification": {
                  "@type": "UnitPriceSpecification",
                  "price": "49.95",
                  "priceCurrency": "CHF"
                }
              }
            }
            """
        let page = extract(jsonLD: json)
        #expect(try #require(page.price).decimalString == "49.95")
        #expect(page.currency == "CHF")
    }

    @Test("A priceSpecification array gives the first entry with a price")
    func jsonLDPriceSpecificationArray() throws {
        let json = """
            {
              "@type": "Product", "name": "Kettle",
              "offers": { "@type": "Offer", "priceCurrency": "EUR", "priceSpecification": [
                { "@type": "UnitPriceSpecification", "priceType": "https://schema.org/ListPrice" },
                { "@type": "UnitPriceSpecification", "price": "59.00" }
              ] }
            }
            """
        let page = extract(jsonLD: json)
        #expect(try #require(page.price).decimalString == "59.00")
        #expect(page.currency == "EUR")
    }

    @Test(
        "Numeric JSON prices become exact decimal strings",
        arguments: [
            ("12.5", "12.5"),
            ("1299", "1299"),
            ("1299.0", "1299"),
            ("19.99", "19.99"),
            ("0.5", "0.5"),
            ("7", "7"),
            ("2", "2"),
        ])
    func jsonLDNumericPrice(json: String, expected: String) throws {
        let page = extract(jsonLD: #"{"@type":"Product","name":"Kettle","offers":{"price":\#(json)}}"#)
        #expect(try #require(page.price).decimalString == expected)
    }

    @Test("Numeric price 1 is a price, not a boolean")
    func jsonLDNumericOne() {
        let page = extract(jsonLD: #"{"@type":"Product","name":"Kettle","offers":{"price":1}}"#)
        #expect(page.price?.decimalString == "1")
    }

    @Test("A price of 0 is a placeholder for \"no price shown\", and no other price is guessed instead")
    func jsonLDZeroPriceMeansNone() {
        let page = extract(
            """
            <script type="application/ld+json">
            {"@type":"Product","name":"Kettle","offers":{"price":0,"availability":"https://schema.org/OutOfStock"}}
            </script>
            <h1>Kettle</h1><p>Delivery from <span>€ 4,95</span></p>
            """)
        #expect(page.price == nil)
        #expect(page.availability == .outOfStock)
    }

    @Test("A boolean is not a price")
    func jsonLDBooleanPriceIgnored() {
        let page = extract(jsonLD: #"{"@type":"Product","name":"Kettle","offers":{"price":true}}"#)
        #expect(page.price == nil)
        #expect(page.title == "Kettle")
    }

    @Test("String prices in shop notation fall back to the text parser")
    func jsonLDTextPriceFallback() throws {
        let page = extract(jsonLD: #"{"@type":"Product","name":"Kettle","offers":{"price":"1.299,00"}}"#)
        #expect(try #require(page.price).decimalString == "1299.00")
    }

    @Test(
        "Availability is read from schema.org URLs and bare names",
        arguments: [
            ("https://schema.org/OutOfStock", ProductPage.Availability.outOfStock),
            ("http://schema.org/OutOfStock", .outOfStock),
            ("OutOfStock", .outOfStock),
            ("https://schema.org/SoldOut", .outOfStock),
            ("https://schema.org/Discontinued", .outOfStock),
            ("https://schema.org/InStock", .inStock),
            ("InStock", .inStock),
            ("https://schema.org/LimitedAvailability", .inStock),
            ("https://schema.org/OnlineOnly", .inStock),
            // Orders are taken: Mantis stores in stock.
            ("https://schema.org/PreOrder", .inStock),
            ("https://schema.org/BackOrder", .inStock),
            ("https://schema.org/InStoreOnly", .outOfStock),
        ])
    func jsonLDAvailability(value: String, expected: ProductPage.Availability) {
        let json = """
            {"@type":"Product","name":"Kettle","offers":{"price":"10","availability":"\(value)"}}
            """
        let page = extract(jsonLD: json)
        #expect(page.availability == expected)
    }

    @Test(
        "Unknown availability values give no availability",
        arguments: [
            "https://example.org/vocab/Pending", "pending", "",
        ])
    func jsonLDUnknownAvailability(value: String) {
        let json = """
            {"@type":"Product","name":"Kettle","offers":{"price":"10","availability":"\(value)"}}
            """
        let page = extract(jsonLD: json)
        #expect(page.availability == nil)
    }

    @Test("Availability is taken from an unpriced offer when no priced offer states one")
    func jsonLDAvailabilityWithoutPrice() {
        let json = """
            {"@type":"Product","name":"Kettle","offers":[{"availability":"https://schema.org/OutOfStock"}]}
            """
        let page = extract(jsonLD: json)
        #expect(page.price == nil)
        #expect(page.availability == .outOfStock)
    }

    @Test(
        "Images given as arrays or ImageObjects are read",
        arguments: [
            (#"["https://cdn.example.com/a.jpg","https://cdn.example.com/b.jpg"]"#, "https://cdn.example.com/a.jpg"),
            (#"{"@type":"ImageObject","url":"https://cdn.example.com/c.jpg"}"#, "https://cdn.example.com/c.jpg"),
            (
                #"[{"@type":"ImageObject","contentUrl":"https://cdn.example.com/d.jpg"}]"#,
                "https://cdn.example.com/d.jpg"
            ),
        ])
    func jsonLDImageShapes(json: String, expected: String) {
        let page = extract(jsonLD: #"{"@type":"Product","name":"Kettle","image":\#(json)}"#)
        #expect(page.imageURL == expected)
    }

    @Test("HTML entities in JSON-LD names are decoded and whitespace collapsed")
    func jsonLDNameEntities() {
        let page = extract(jsonLD: #"{"@type":"Product","name":"  Salt &amp; Pepper\n  Mill &#8211; Oak  "}"#)
        #expect(page.title == "Salt & Pepper Mill – Oak")
    }

    @Test("Invalid JSON-LD is skipped without a crash and a later valid block is used")
    func invalidJSONLDSkipped() throws {
        let html = """
            <html><head>
            <script type="application/ld+json">{ "@type": "Product", "name": "Broken", </script>
            <script type="application/ld+json"></script>
            <script type="application/ld+json">
              {"@type": "Product", "name": "Valid Kettle", "offers": {"price": "15.00"}}
            </script>
            </head></html>
            """
        let page = extract(html)
        #expect(page.title == "Valid Kettle")
        #expect(try #require(page.price).decimalString == "15.00")
    }

    @Test("Scripts that are not JSON-LD are ignored")
    func nonJSONLDScriptsIgnored() {
        let html = """
            <script>var product = {"@type":"Product","name":"From JS","offers":{"price":"1"}};</script>
            <script type="application/json">{"@type":"Product","name":"From JSON","offers":{"price":"2"}}</script>
            """
        let page = extract(html)
        #expect(page.title == nil)
        #expect(page.price == nil)
    }

    // MARK: meta tags

    @Test("OpenGraph title and product:price meta tags are used when there is no JSON-LD")
    func openGraphFallback() throws {
        let html = """
            <html><head>
            <meta property="og:title" content="Meta Kettle">
            <meta property="product:price:amount" content="68.50">
            <meta property="product:price:currency" content="EUR">
            <meta property="og:availability" content="instock">
            <meta property="og:image" content="https://cdn.example.com/meta.jpg">
            </head></html>
            """
        let page = extract(html)
        #expect(page.title == "Meta Kettle")
        #expect(try #require(page.price).decimalString == "68.50")
        #expect(page.currency == "EUR")
        #expect(page.availability == .inStock)
        #expect(page.imageURL == "https://cdn.example.com/meta.jpg")
        #expect(
            page.sources == [
                "title": "og:title", "price": "product:price:amount", "currency": "product:price:currency", "currency_evidence": "product:price:currency",
                "availability": "og:availability", "image": "og:image",
            ])
    }

    @Test("og:price tags and microdata itemprop meta tags are also read")
    func otherPriceMetaTags() throws {
        let og = extract(
            #"<meta property="og:price:amount" content="12.00"><meta property="og:price:currency" content="USD">"#)
        #expect(try #require(og.price).decimalString == "12.00")
        #expect(og.currency == "USD")

        let microdata = extract(
            #"<meta itemprop="price" content="1.299,00"><meta itemprop="priceCurrency" content="DKK">"#)
        #expect(try #require(microdata.price).decimalString == "1299.00")
        #expect(microdata.currency == "DKK")
    }

    @Test("A meta currency without a meta price is not taken")
    func metaCurrencyNeedsPrice() {
        let page = extract(#"<meta property="product:price:currency" content="EUR">"#)
        #expect(page.currency == nil)
        #expect(page.price == nil)
    }

    @Test("twitter:title is used when og:title is missing")
    func twitterTitleFallback() {
        let page = extract(#"<meta name="twitter:title" content="Tweeted Kettle"><title>Page Title</title>"#)
        #expect(page.title == "Tweeted Kettle")
        #expect(page.sources["title"] == "twitter:title")
    }

    @Test("JSON-LD values win over meta tags, and the meta currency does not replace the JSON-LD one")
    func jsonLDWinsOverMeta() throws {
        let page = extract(
            jsonLD: #"{"@type":"Product","name":"LD Kettle","offers":{"price":"10.00","priceCurrency":"EUR"}}"#,
            head: """
                <meta property="og:title" content="OG Kettle">
                <meta property="product:price:amount" content="12.00">
                <meta property="product:price:currency" content="USD">
                <meta property="og:image" content="https://cdn.example.com/og.jpg">
                """
        )
        #expect(page.title == "LD Kettle")
        #expect(try #require(page.price).decimalString == "10.00")
        #expect(page.currency == "EUR")
        // JSON-LD had no image, so the meta image fills the gap.
        #expect(page.imageURL == "https://cdn.example.com/og.jpg")
        #expect(page.sources["image"] == "og:image")
    }

    @Test("Meta fills a price the JSON-LD Product lacks")
    func metaFillsMissingJSONLDPrice() throws {
        let page = extract(
            jsonLD: #"{"@type":"Product","name":"LD Kettle"}"#,
            head: #"<meta property="product:price:amount" content="33.00">"#
        )
        #expect(page.title == "LD Kettle")
        #expect(try #require(page.price).decimalString == "33.00")
        #expect(page.sources["price"] == "product:price:amount")
    }

    // MARK: <title>

    @Test("<title> is the last resort for the title, decoded and whitespace-collapsed")
    func titleFallback() {
        let page = extract("<html><head><title>\n  Blue   Kettle &amp; Stand &#x2013; Shop\n</title></head></html>")
        #expect(page.title == "Blue Kettle & Stand – Shop")
        #expect(page.sources["title"] == "title")
    }

    @Test("An empty <title> gives no title")
    func emptyTitleIgnored() {
        #expect(extract("<title>   </title>").title == nil)
    }

    @Test("Element names like <titlebar> are not mistaken for <title>")
    func similarTagNamesIgnored() {
        #expect(extract("<titlebar>Not a title</titlebar>").title == nil)
    }

    @Test("Entities in og:title are decoded")
    func openGraphTitleEntities() {
        let page = extract(#"<meta property="og:title" content="Tom &amp; Jerry&#39;s &quot;Mug&quot;">"#)
        #expect(page.title == "Tom & Jerry's \"Mug\"")
    }

    // MARK: images

    @Test(
        "Relative image URLs are resolved against the page URL",
        arguments: [
            ("/images/kettle.jpg", "https://shop.example.com/images/kettle.jpg"),
            ("img/kettle.jpg", "https://shop.example.com/products/img/kettle.jpg"),
            ("//cdn.example.com/kettle.jpg", "https://cdn.example.com/kettle.jpg"),
            ("  /padded.jpg ", "https://shop.example.com/padded.jpg"),
        ])
    func relativeImageResolved(link: String, expected: String) {
        let page = extract(#"<meta property="og:image" content="\#(link)">"#)
        #expect(page.imageURL == expected)
    }

    @Test("og:image:secure_url is preferred over og:image")
    func secureImagePreferred() {
        let page = extract(
            """
            <meta property="og:image" content="http://cdn.example.com/a.jpg">
            <meta property="og:image:secure_url" content="https://cdn.example.com/a.jpg">
            """)
        #expect(page.imageURL == "https://cdn.example.com/a.jpg")
    }

    @Test("Without a page URL a relative image stays as written")
    func relativeImageWithoutPageURL() {
        let page = ProductPageExtractor().extract(
            html: #"<meta property="og:image" content="/images/kettle.jpg">"#, pageURL: nil)
        #expect(page.imageURL == "/images/kettle.jpg")
    }

    // MARK: nothing to find

    @Test(
        "A page with nothing product-like gives no values",
        arguments: [
            "",
            "<html><body><p>Hello</p></body></html>",
            "<html><head><meta name=\"description\" content=\"A shop\"></head></html>",
            "not html at all",
            "<<<>>><title",
        ])
    func emptyPage(html: String) {
        let page = extract(html)
        #expect(page == ProductPage())
        #expect(page.sources.isEmpty)
    }

    // MARK: fixtures

    @Test("Fixture: JSON-LD in @graph beats OpenGraph, with the priced offer's availability")
    func jsonLDFixture() throws {
        let page = extract(
            try fixture("jsonld-product"), pageURL: URL(string: "https://coffee.example.com/p/barista-pro")!)
        #expect(page.title == "Barista Pro & Grinder Bundle")
        #expect(try #require(page.price).decimalString == "1299.00")
        #expect(page.currency == "USD")
        #expect(page.availability == .inStock)
        #expect(page.imageURL == "https://coffee.example.com/media/barista-pro-front.jpg")
        #expect(page.sources["price"] == "json-ld")
    }

    @Test("Fixture: OpenGraph page with broken JSON-LD and a European price")
    func openGraphFixture() throws {
        let page = extract(
            try fixture("opengraph-product"), pageURL: URL(string: "https://koekken.example.dk/elkedel")!)
        #expect(page.title == "Elkedel 1,7 L & termometer")
        #expect(try #require(page.price).decimalString == "1890.00")
        #expect(page.currency == "DKK")
        #expect(page.availability == .outOfStock)
        #expect(page.imageURL == "https://koekken.example.dk/billeder/elkedel-1-7.jpg")
        #expect(
            page.sources == [
                "title": "og:title", "price": "product:price:amount", "currency": "product:price:currency", "currency_evidence": "product:price:currency",
                "availability": "product:availability", "image": "og:image",
            ])
    }

    @Test("Fixture: a page with no product data gives nothing")
    func plainFixture() throws {
        let page = extract(try fixture("plain-page"))
        #expect(page == ProductPage())
    }

    // MARK: currency text

    @Test("The currency as written is kept beside the ISO code")
    func currencyTextKept() throws {
        let page = extract(
            jsonLD: #"{"@type":"Product","name":"Kettle","offers":{"price":"10","priceCurrency":"EUR"}}"#)
        #expect(page.currency == "EUR")
        #expect(page.currencyText == "EUR")
        let visible = extract("<h1>Kettle</h1><p class=price>12,50 zł</p>")
        #expect(visible.currency == "PLN")
        #expect(visible.currencyText == "zł")
    }

    @Test("A shared sign takes its currency from the shop's country domain")
    func sharedSignFromDomain() {
        let page = extract(
            "<h1>Mate</h1><p class=price>$ 3.499</p>", pageURL: URL(string: "https://tienda.example.com.ar/p/1")!)
        #expect(page.price?.decimalString == "3499")
        #expect(page.currency == "ARS")
        #expect(page.currencyText == "$")
    }

    // MARK: more structured data

    @Test("JSON-LD wrapped in CDATA comments or with trailing commas is still read")
    func lenientJSONLD() throws {
        let page = extract(
            """
            <script type="application/ld+json">/*<![CDATA[*/
            {"@type":"Product","name":"Shelf","offers":{"price":"99.95","priceCurrency":"EUR",},}
            /*]]>*/</script>
            """)
        #expect(try #require(page.price).decimalString == "99.95")
        #expect(page.title == "Shelf")
    }

    @Test("A ProductGroup's price is read from its variants")
    func productGroupVariants() throws {
        let page = extract(
            jsonLD: """
                {"@type":"ProductGroup","name":"Boots","hasVariant":[
                  {"@type":"Product","name":"Boots 38","offers":{"price":"70.50","priceCurrency":"EUR",
                   "availability":"https://schema.org/OutOfStock"}},
                  {"@type":"Product","name":"Boots 39","offers":{"price":"70.50","priceCurrency":"EUR",
                   "availability":"https://schema.org/InStock"}}]}
                """)
        #expect(try #require(page.price).decimalString == "70.50")
        #expect(page.title == "Boots")
        // One buyable variant makes the product buyable.
        #expect(page.availability == .inStock)
    }

    @Test("Related products in JSON-LD do not lend their price")
    func relatedProductsIgnored() throws {
        let page = extract(
            jsonLD: """
                {"@type":"Product","name":"Lamp","isRelatedTo":[{"@type":"Product","name":"Bulb","offers":{"price":"3"}}],
                 "offers":{"price":"25","priceCurrency":"GBP"}}
                """)
        #expect(try #require(page.price).decimalString == "25")
    }

    @Test("Prices nested in objects, as some shops write them, are read")
    func nestedPriceObjects() throws {
        let page = extract(
            jsonLD: """
                {"@type":"Product","name":"Boots","offers":{"@type":"AggregateOffer",
                 "lowprice":{"sales":{"value":3499,"currency":"ARS"}},"availability":"http://schema.org/InStock"}}
                """)
        #expect(try #require(page.price).decimalString == "3499")
    }

    @Test("Microdata: the main product's price wins over a related product's, content over text")
    func microdataMainProduct() throws {
        let page = extract(
            """
            <div itemscope itemtype="https://schema.org/Product">
              <h1 itemprop="name">Drill</h1>
              <div itemprop="offers" itemscope itemtype="https://schema.org/Offer">
                <span itemprop="price" content="119.01">119,01 €</span>
                <meta itemprop="priceCurrency" content="EUR">
                <link itemprop="availability" href="http://schema.org/InStock">
              </div>
            </div>
            <div itemscope itemtype="https://schema.org/Product">
              <span itemprop="name">Bits</span>
              <div itemprop="offers" itemscope itemtype="https://schema.org/Offer"><span itemprop="price">9,99 €</span></div>
            </div>
            """)
        #expect(try #require(page.price).decimalString == "119.01")
        #expect(page.currency == "EUR")
        #expect(page.availability == .inStock)
        #expect(page.title == "Drill")
        #expect(page.sources["price"] == "microdata")
    }

    @Test("Two methods agreeing beat one that disagrees")
    func agreementWins() throws {
        let page = extract(
            """
            <meta property="product:price:amount" content="10.14">
            <h1>Book</h1>
            <span itemprop="price">10,75 €</span> <s>11,95 €</s>
            """)
        #expect(try #require(page.price).decimalString == "10.75")
    }

    @Test("Embedded Next.js state gives the product's price")
    func nextData() throws {
        let page = extract(
            """
            <script id="__NEXT_DATA__" type="application/json">
            {"props":{"pageProps":{"product":{"name":"Chair","price":{"value":149.5,"currency":"EUR"}},
             "recommendations":[{"name":"Table","price":20}]}}}
            </script>
            """)
        #expect(try #require(page.price).decimalString == "149.5")
        #expect(page.currency == "EUR")
        #expect(page.sources["price"] == "embedded-state")
    }

    // MARK: store layouts

    private let amazonPage = """
        <html><body>
        <div id="dp-container">
          <span id="productTitle"> Squirrel Feeder </span>
          <img id="landingImage" data-old-hires="https://m.media-amazon.example/feeder.jpg" src="data:image/gif;base64,R0">
          <div id="corePrice_feature_div">
            <span class="a-price"><span class="a-offscreen">34,98 €</span><span aria-hidden="true">34,98 €</span></span>
          </div>
          <div id="availability"><span>Auf Lager.</span></div>
          <input id="add-to-cart-button" type="submit">
          <div class="a-carousel"><span class="a-color-price">12,00 €</span></div>
        </div>
        </body></html>
        """

    @Test("Amazon: the buy-box price, title, large image and stock line")
    func amazonLayout() throws {
        let page = ProductPageExtractor().extract(
            html: amazonPage, pageURL: URL(string: "https://www.amazon.de/dp/B000")!)
        #expect(try #require(page.price).decimalString == "34.98")
        #expect(page.currency == "EUR")
        #expect(page.title == "Squirrel Feeder")
        #expect(page.imageURL == "https://m.media-amazon.example/feeder.jpg")
        #expect(page.availability == .inStock)
        #expect(page.sources["price"] == "amazon")
    }

    @Test("Amazon without a buy box shows no price, whatever other products cost")
    func amazonWithoutBuyBox() {
        let html = """
            <div id="dp-container"><span id="productTitle">Dog Hair Dye</span>
            <div id="availability"><span>Currently unavailable.</span></div>
            <div id="outOfStock">Currently unavailable.</div>
            <ul class="a-carousel"><li><span class="a-color-price">$2.86</span></li></ul></div>
            """
        let page = ProductPageExtractor().extract(html: html, pageURL: URL(string: "https://www.amazon.com/dp/B1")!)
        #expect(page.price == nil)
        #expect(page.availability == .outOfStock)
        #expect(page.title == "Dog Hair Dye")
    }

    // MARK: visible text

    @Test("Visible text: the current price after the title, not the struck one, nor related products'")
    func visiblePrice() throws {
        let page = extract(
            """
            <header><div class="minicart">Cart: <span>€ 0,00</span></div></header>
            <h1>Wool Coat</h1>
            <div class="price-box"><del>€ 199,00</del> <span class="price">€ 129,00</span></div>
            <p>Shipping: <span>€ 4,95</span></p>
            <section class="related-products"><h2>You may also like</h2><span class="price">€ 59,00</span></section>
            """)
        #expect(try #require(page.price).decimalString == "129.00")
        #expect(page.currencyText == "€")
        #expect(page.sources["price"] == "visible-text")
        // A price shown with nothing saying otherwise means the product can be bought.
        #expect(page.availability == .inStock)
    }

    @Test(
        "Visible text: former, per-unit and instalment prices are put aside",
        arguments: [
            "<h1>Tea</h1><p>Was <span>£12.00</span></p><p><span class=now>£9.00</span></p>",
            "<h1>Tea</h1><p><span>£9.00</span></p><p>(<span>£18.00</span>/kg)</p>",
            "<h1>Tea</h1><p>RRP <span>£15.00</span></p><p class=price>£9.00</p>",
            "<h1>Tea</h1><p class=\"old-price\">£12.00</p><p class=\"special-price\">£9.00</p>",
            "<h1>Tea</h1><p style=\"text-decoration: line-through\">£12.00</p><p>£9.00</p>",
        ])
    func visibleAsidePrices(html: String) throws {
        #expect(try #require(extract(html).price).decimalString == "9.00")
    }

    @Test("Visible text: an out-of-stock label is read")
    func visibleOutOfStock() {
        let page = extract("<h1>Tea</h1><p class=price>£9.00</p><div class=\"stock-status\">Sold out</div>")
        #expect(page.availability == .outOfStock)
    }

    @Test("Bytes are extracted like text")
    func extractFromData() throws {
        let page = ProductPageExtractor().extract(
            data: Data(amazonPage.utf8), pageURL: URL(string: "https://www.amazon.de/dp/B000"))
        #expect(try #require(page.price).decimalString == "34.98")
    }

    @Test("One extractor serves many concurrent tasks")
    func concurrentExtraction() async {
        let extractor = ProductPageExtractor()
        let html = amazonPage
        let prices = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<32 {
                group.addTask {
                    extractor.extract(html: html, pageURL: URL(string: "https://www.amazon.de/dp/B000")).price?
                        .decimalString
                }
            }
            return await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(prices == Array(repeating: "34.98", count: 32))
    }

    @Test("Saved pages are read from files, gzipped or not")
    func extractFromFile() throws {
        let gzipped = try #require(
            Bundle.module.url(forResource: "opengraph-product.html", withExtension: "gz", subdirectory: "Fixtures"))
        let page = try ProductPageExtractor().extract(contentsOfFile: gzipped.path, pageURL: nil)
        #expect(try #require(page.price).decimalString == "1890.00")
        #expect(throws: ProductPageExtractor.ReadError.unreadableFile("/nonexistent.html")) {
            try ProductPageExtractor().extract(contentsOfFile: "/nonexistent.html", pageURL: nil)
        }
    }

    @Test("Pathologically deep or long pages finish without exhausting the stack")
    func hostilePages() {
        // libxml2 gives up nesting at some depth; reaching the end without a crash is the point.
        let deep = "<title>Deep</title>" + String(repeating: "<div><span>", count: 20_000) + "<b>€ 5,00</b>"
        #expect(extract(deep).title == "Deep")
        let deepJSON = String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
        #expect(extract(jsonLD: deepJSON).price == nil)
        let long = "<h1>Long</h1><p>" + String(repeating: "12,99 € ", count: 50_000) + "</p>"
        #expect(extract(long).title == "Long")
    }

    // MARK: common shop software

    @Test("WooCommerce: the <ins> sale price, not the <del> regular one")
    func wooCommerceSale() throws {
        let page = extract(
            """
            <div class="product"><h1 class="product_title entry-title">Mug</h1>
            <p class="price"><del><span class="woocommerce-Price-amount amount"><bdi>24,00&nbsp;<span
              class="woocommerce-Price-currencySymbol">&euro;</span></bdi></span></del>
            <ins><span class="woocommerce-Price-amount amount"><bdi>19,00&nbsp;<span
              class="woocommerce-Price-currencySymbol">&euro;</span></bdi></span></ins></p>
            <button type="submit" class="single_add_to_cart_button">In den Warenkorb</button></div>
            <section class="related products"><span class="woocommerce-Price-amount">9,00 €</span></section>
            """)
        #expect(try #require(page.price).decimalString == "19.00")
        #expect(page.currency == "EUR")
        #expect(page.availability == .inStock)
    }

    @Test("Shopify: variants in JSON-LD with different prices; the shown one wins")
    func shopifyVariants() throws {
        let page = extract(
            """
            <meta property="og:price:amount" content="39.00"><meta property="og:price:currency" content="USD">
            <script type="application/ld+json">{"@type":"Product","name":"Tee","offers":[
              {"@type":"Offer","price":"45.00","priceCurrency":"USD","availability":"http://schema.org/InStock"},
              {"@type":"Offer","price":"39.00","priceCurrency":"USD","availability":"http://schema.org/InStock"}]}
            </script>
            <h1>Tee</h1><span class="price">$39.00</span>
            """)
        #expect(try #require(page.price).decimalString == "39.00")
        #expect(page.currency == "USD")
    }
}

/// Where big shops that publish no structured data put their product fields.
/// A layout that recognises the page is trusted over guessing from visible text: when it finds no price,
/// the page shows none for this product (Amazon lists other products' prices all around it).
struct StoreLayout: Sendable {
    /// An element by id (found through the page's id index, not a tree scan), optionally narrowed by an XPath
    /// relative to it; or, for shops without stable ids, a document XPath.
    enum Locator: Sendable {
        case id(String, within: String? = nil)
        case xpath(String)

        func nodes(in index: PageIndex) -> [HTMLNode] {
            switch self {
            case .id(let id, let within):
                guard let node = index.elementsByID[id] else { return [] }
                return within.map { node.nodes(xpath: $0) } ?? [node]
            case .xpath(let expression):
                return index.document.nodes(xpath: expression)
            }
        }
    }

    let name: String
    /// Host names containing this (e.g. "amazon.") may use the layout...
    let hostContains: String
    /// ...when one of these is on the page, so a redesign falls back to the generic methods.
    let signature: [Locator]
    /// Tried in order; the first that yields an amount wins.
    let price: [Locator]
    let title: [Locator]
    let image: [Locator]
    /// Attribute names tried on the image element, in order.
    let imageAttributes: [String]
    /// Elements whose text states availability.
    let availabilityText: [Locator]
    /// Present only when the product cannot be bought.
    let outOfStock: [Locator]
    /// Present only when the product can be bought, from the shop or other sellers.
    let inStock: [Locator]

    static let known: [StoreLayout] = [
        StoreLayout(
            name: "amazon",
            hostContains: "amazon.",
            signature: [.id("productTitle"), .id("dp-container"), .id("ppd")],
            price: [
                .id("corePrice_feature_div", within: ".//span[contains(@class,'a-offscreen')]"),
                .id("corePriceDisplay_desktop_feature_div", within: ".//span[contains(@class,'priceToPay')]"),
                .id(
                    "apex_desktop",
                    within: ".//span[contains(@class,'priceToPay')]//span[contains(@class,'a-offscreen')]"),
                .id("priceblock_dealprice"), .id("priceblock_ourprice"), .id("priceblock_saleprice"),
                .id("price_inside_buybox"), .id("newBuyBoxPrice"), .id("kindle-price"), .id("priceblock_pospromoprice"),
                .id("buybox", within: ".//*[contains(@class,'offer-price')]"),
                // No buy box: the lowest price among other sellers ("New & used (7) from €99.12").
                .id("olp-upd-new-used", within: ".//*[contains(@class,'a-color-price')]"),
                .id("olp-upd-new", within: ".//*[contains(@class,'a-color-price')]"),
                .id("olp-new", within: ".//*[contains(@class,'a-color-price')]"),
            ],
            title: [.id("productTitle"), .id("ebooksProductTitle")],
            image: [.id("landingImage"), .id("imgBlkFront"), .id("ebooksImgBlkFront")],
            imageAttributes: ["data-old-hires", "src"],
            availabilityText: [.id("availability")],
            outOfStock: [.id("outOfStock")],
            inStock: [.id("add-to-cart-button"), .id("buy-now-button"), .id("buybox-see-all-buying-choices")]
        ),
        StoreLayout(
            name: "ebay",
            hostContains: "ebay.",
            signature: [
                .id("prcIsum"), .id("prcIsum_bidPrice"), .id("mm-saleDscPrc"),
                .xpath("//*[contains(@class,'x-price-primary')]"),
            ],
            // An auction's current (or starting) bid first, in `x-bid-price` (the older page's
            // `prcIsum_bidPrice`): it is what the item costs at this moment. A listing with a bid and a Buy It
            // Now price is tracked by its bid; the fixed price is read when there is no auction.
            price: [
                .xpath("//*[contains(@class,'x-bid-price')]//*[contains(@class,'x-price-primary')]"),
                .id("prcIsum_bidPrice"), .id("prcIsum"), .id("mm-saleDscPrc"),
                .xpath("//*[contains(@class,'x-bin-price')]//*[contains(@class,'x-price-primary')]"),
                .xpath("//*[contains(@class,'x-price-primary')]"),
            ],
            title: [.id("itemTitle"), .xpath("//h1[contains(@class,'x-item-title')]")],
            image: [.id("icImg")],
            imageAttributes: ["src"],
            availabilityText: [.id("qtySubTxt"), .xpath("//*[contains(@class,'d-quantity__availability')]")],
            outOfStock: [],
            inStock: [.id("binBtn_btn"), .id("isCartBtn_btn")]
        ),
    ]

    static func matching(host: String?, index: PageIndex) -> StoreLayout? {
        guard let host = host?.lowercased() else { return nil }
        return known.first { layout in
            host.contains(layout.hostContains) && layout.signature.contains { !$0.nodes(in: index).isEmpty }
        }
    }
}

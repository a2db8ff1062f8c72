/// Where big shops that publish no structured data put their product fields.
/// A layout that recognises the page is trusted over guessing from visible text: when it finds no price,
/// the page shows none for this product (Amazon lists other products' prices all around it).
struct StoreLayout: Sendable {
    let name: String
    /// Host names containing this (e.g. "amazon.") may use the layout...
    let hostContains: String
    /// ...when this XPath finds something, so a redesign falls back to the generic methods.
    let signature: String
    /// Tried in order; the first that yields an amount wins.
    let priceXPaths: [String]
    let titleXPaths: [String]
    /// Attribute names tried on each image element, in order.
    let imageXPaths: [String]
    let imageAttributes: [String]
    /// Elements whose text states availability.
    let availabilityXPaths: [String]
    /// Present only when the product cannot be bought.
    let outOfStockXPaths: [String]
    /// Present only when the product can be bought, from the shop or other sellers.
    let inStockXPaths: [String]

    static let known: [StoreLayout] = [
        StoreLayout(
            name: "amazon",
            hostContains: "amazon.",
            signature: "//*[@id='productTitle' or @id='dp-container' or @id='ppd']",
            priceXPaths: [
                "//*[@id='corePrice_feature_div']//span[contains(@class,'a-offscreen')]",
                "//*[@id='corePriceDisplay_desktop_feature_div']//span[contains(@class,'priceToPay')]",
                "//*[@id='apex_desktop']//span[contains(@class,'priceToPay')]//span[contains(@class,'a-offscreen')]",
                "//*[@id='priceblock_dealprice']", "//*[@id='priceblock_ourprice']", "//*[@id='priceblock_saleprice']",
                "//*[@id='price_inside_buybox']", "//*[@id='newBuyBoxPrice']", "//*[@id='kindle-price']",
                "//*[@id='priceblock_pospromoprice']",
                "//*[@id='buybox']//*[contains(@class,'offer-price')]",
                // No buy box: the lowest price among other sellers ("New & used (7) from €99.12").
                "//*[@id='olp-upd-new-used' or @id='olp-upd-new' or @id='olp-new']//*[contains(@class,'a-color-price')]",
            ],
            titleXPaths: ["//*[@id='productTitle']", "//*[@id='ebooksProductTitle']"],
            imageXPaths: ["//img[@id='landingImage']", "//img[@id='imgBlkFront']", "//img[@id='ebooksImgBlkFront']"],
            imageAttributes: ["data-old-hires", "src"],
            availabilityXPaths: ["//*[@id='availability']"],
            outOfStockXPaths: ["//*[@id='outOfStock']"],
            inStockXPaths: [
                "//*[@id='add-to-cart-button']", "//*[@id='buy-now-button']", "//*[@id='buybox-see-all-buying-choices']",
            ]
        ),
        StoreLayout(
            name: "ebay",
            hostContains: "ebay.",
            signature: "//*[@id='prcIsum' or @id='mm-saleDscPrc' or contains(@class,'x-price-primary')]",
            priceXPaths: [
                "//*[@id='prcIsum']", "//*[@id='mm-saleDscPrc']", "//*[contains(@class,'x-price-primary')]",
            ],
            titleXPaths: ["//h1[@id='itemTitle']", "//h1[contains(@class,'x-item-title')]"],
            imageXPaths: ["//img[@id='icImg']"],
            imageAttributes: ["src"],
            availabilityXPaths: ["//*[@id='qtySubTxt']", "//*[contains(@class,'d-quantity__availability')]"],
            outOfStockXPaths: [],
            inStockXPaths: ["//*[@id='binBtn_btn']", "//*[@id='isCartBtn_btn']"]
        ),
    ]

    static func matching(host: String?, document: HTMLDocument) -> StoreLayout? {
        guard let host = host?.lowercased() else { return nil }
        return known.first { layout in
            host.contains(layout.hostContains) && !document.nodes(xpath: layout.signature).isEmpty
        }
    }
}

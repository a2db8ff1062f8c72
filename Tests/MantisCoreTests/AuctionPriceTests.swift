import Foundation
import Testing

@testable import MantisCore

/// Auctions and classifieds: the current bid (or, before any bid, the starting bid) or the asking price —
/// never the house's estimate, the buyer's premium or the shipping.
@Suite("Auction and classified prices")
struct AuctionPriceTests {
    private func price(_ html: String, url: String = "https://auctions.example.com/lot/118") -> String? {
        ProductPageExtractor().extract(html: html, pageURL: URL(string: url)!).price?.decimalString
    }

    private func page(_ body: String) -> String {
        """
        <!DOCTYPE html><html><head><title>Lot 118: Art Deco Bronze Figure</title></head><body>
        <main><h1>Art Deco Bronze Figure</h1>\(body)<button>Place bid</button></main></body></html>
        """
    }

    @Test("An auction house lot: the current bid, not the estimate range or the buyer's premium")
    func auctionHouseLot() {
        let html = page(
            """
            <dl class="lot-details"><dt>Estimate</dt><dd><span>$1,000</span> – <span>$1,500</span></dd></dl>
            <div class="bidding"><span class="label">Current bid:</span> <span class="amount">$800</span></div>
            <p>Buyer's premium: <span>$200</span></p>
            """)
        #expect(price(html) == "800")
    }

    @Test("Before any bid, the starting bid; the estimate stays aside when written in one line")
    func startingBid() {
        let html = page(
            """
            <p class="estimate">Estimate: €2,000 - €3,000</p>
            <div><span>Starting bid</span> <span>€1,200</span></div>
            """)
        #expect(price(html) == "1200")
    }

    @Test("Postage and shipping lines are not the bid")
    func shippingIsNotTheBid() {
        let html = page(
            """
            <div><span>Postage:</span> <span>£12.50</span></div>
            <div><span>Current bid:</span> <span>£45.00</span></div>
            """)
        #expect(price(html) == "45.00")
    }

    @Test("eBay: the current bid in x-bid-price comes before the Buy It Now price")
    func eBayAuctionWithBuyItNow() {
        let html = """
            <html><head><title>Vintage camera | eBay</title></head><body>
            <h1 class="x-item-title__mainTitle"><span class="ux-textspans">Vintage camera</span></h1>
            <div class="x-bid-price"><div class="x-bid-price__label"><span class="ux-textspans">Current bid:</span></div>
            <div class="x-price-primary"><span class="ux-textspans">US $20.50</span></div></div>
            <div class="x-bin-price"><div class="x-price-primary"><span class="ux-textspans">US $75.00</span></div></div>
            <div class="ux-labels-values--shipping"><span class="ux-textspans">US $9.99 Standard Shipping</span></div>
            </body></html>
            """
        #expect(price(html, url: "https://www.ebay.com/itm/1234567890") == "20.50")
    }

    @Test("eBay: a fixed-price listing is read from its Buy It Now price")
    func eBayBuyItNowOnly() {
        let html = """
            <html><head><title>Vintage camera | eBay</title></head><body>
            <h1 class="x-item-title__mainTitle"><span class="ux-textspans">Vintage camera</span></h1>
            <div class="x-bin-price"><div class="x-price-primary"><span class="ux-textspans">US $75.00</span></div></div>
            </body></html>
            """
        #expect(price(html, url: "https://www.ebay.com/itm/1234567890") == "75.00")
    }

    @Test("A classified ad: the asking price, not the estimated monthly payment")
    func classifiedAskingPrice() {
        let html = page(
            """
            <div class="ad-price"><span>Asking price</span> <span>€4,500</span></div>
            <p>Finance from <span>€120</span> per month</p>
            """)
        #expect(price(html) == "4500")
    }
}

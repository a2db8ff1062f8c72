@testable import App
import Foundation
import AsyncHTTPClient
import Logging
import NIOPosix
import Testing

/// Pages whose price only a script writes: rendered in a real headless Chromium (`FETCH_RENDER`), with a hard
/// time limit, and with the app's own address policy on every request the browser makes.
@Suite("Script-rendered pages", .serialized, .timeLimit(.minutes(3)))
struct RenderingTests {
    /// The price appears 200 ms after load, written by a script; the HTML alone has none.
    static let scriptPrice = """
        <!doctype html><html lang="de-DE"><head><title>Script Kettle</title></head><body><main><h1>Script Kettle</h1>
        <div class="price" id="price"></div><button>In den Warenkorb</button>
        <script>setTimeout(function () { document.getElementById('price').textContent = '12,34 €'; }, 200);</script>
        </main></body></html>
        """
    /// A script that never finishes: the load event never fires.
    static let forever = """
        <!doctype html><html><head><title>Endless Lamp</title></head><body><h1>Endless Lamp</h1>
        <script>while (true) {}</script></body></html>
        """
    /// The HTML's price is replaced by the script's: what `always` reads and `auto` does not need to.
    static let changedByScript = """
        <!doctype html><html><head><title>Switch Mug</title>
        <meta property="product:price:amount" content="20.00"><meta property="product:price:currency" content="EUR">
        </head><body><h1>Switch Mug</h1><span class="price" id="p">20,00 €</span>
        <script>document.querySelector('meta[property="product:price:amount"]').setAttribute('content', '18.00');
        document.getElementById('p').textContent = '18,00 €';</script></body></html>
        """

    static var chromiumAvailable: Bool { ChromiumBrowser.findExecutable() != nil }

    @Test("FETCH_RENDER=auto renders a page whose price a script writes; never leaves it without a price",
          .enabled(if: chromiumAvailable), arguments: [TestDatabase.sqlite])
    func scriptOnlyPrice(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            await store.setPage("kettle", Self.scriptPrice)
            try await withApp(database, environment: ["FETCH_RENDER": "auto", "FETCH_RENDER_TIMEOUT_SECONDS": "10"]) { t in
                let account = try await t.verifiedAccount()
                let response = try await t.client.post("/products/fetch", ["url": store.url("/page/kettle")], token: account.accessToken)
                #expect(response.status == .created, "\(response.text)")
                #expect(response.string("current_price") == "12.34")
                #expect(response.string("currency") == "EUR")
                #expect(response.string("title") == "Script Kettle")
            }
            try await withApp(database, environment: ["FETCH_RENDER": "never"]) { t in
                let account = try await t.verifiedAccount()
                let response = try await t.client.post("/products/fetch", ["url": store.url("/page/kettle")], token: account.accessToken)
                #expect(response.status == .created)
                #expect(response["current_price"] == nil || response["current_price"] is NSNull)
            }
        }
    }

    @Test("A script that never finishes costs the time limit and no more, and the browser renders the next page",
          .enabled(if: chromiumAvailable))
    func neverFinishingScript() async throws {
        try await withFixtureStore { store in
            await store.setPage("lamp", Self.forever)
            await store.setPage("kettle", Self.scriptPrice)
            try await withApp(.sqlite, environment: ["FETCH_RENDER": "auto", "FETCH_RENDER_TIMEOUT_SECONDS": "3"]) { t in
                let account = try await t.verifiedAccount()
                let started = ContinuousClock.now
                let stuck = try await t.client.post("/products/fetch", ["url": store.url("/page/lamp")], token: account.accessToken)
                let took = ContinuousClock.now - started
                // The HTML's own reading (a title, no price) stands when rendering runs out of time.
                #expect(stuck.status == .created, "\(stuck.text)")
                #expect(stuck.string("title") == "Endless Lamp")
                #expect(took < .seconds(15), "took \(took)")
                let next = try await t.client.post("/products/fetch", ["url": store.url("/page/kettle")], token: account.accessToken)
                #expect(next.string("current_price") == "12.34", "\(next.text)")
            }
        }
    }

    @Test("FETCH_RENDER=always reads every page from the browser; auto keeps the HTML's price when it has one",
          .enabled(if: chromiumAvailable))
    func alwaysRenders() async throws {
        try await withFixtureStore { store in
            await store.setPage("mug", Self.changedByScript)
            try await withApp(.sqlite, environment: ["FETCH_RENDER": "always"]) { t in
                let account = try await t.verifiedAccount()
                let response = try await t.client.post("/products/fetch", ["url": store.url("/page/mug")], token: account.accessToken)
                #expect(response.string("current_price") == "18.00", "\(response.text)")
            }
            try await withApp(.sqlite, environment: ["FETCH_RENDER": "auto"]) { t in
                let account = try await t.verifiedAccount()
                let response = try await t.client.post("/products/fetch", ["url": store.url("/page/mug")], token: account.accessToken)
                #expect(response.string("current_price") == "20.00", "\(response.text)")
            }
        }
    }

    @Test("Every request of a rendered page passes the app's address policy: private and metadata addresses are refused in the browser",
          .enabled(if: chromiumAvailable))
    func browserRequestsAreVetted() async throws {
        try await withFixtureStore { store in
            let endpoint = try #require(URL(string: store.baseURL)).port.map { "127.0.0.1:\($0)" }
            await store.setPage("leaky", """
                <!doctype html><html><head><title>Leaky Page</title></head><body><h1>Leaky Page</h1>
                <img src="http://169.254.169.254/latest/meta-data/">
                <script>fetch('http://10.0.0.1/admin').catch(function () {});
                fetch('http://127.0.0.1:9/internal').catch(function () {});</script></body></html>
                """)
            let group = MultiThreadedEventLoopGroup.singleton
            let client = HTTPClient(eventLoopGroup: group, configuration: HTTPPageFetcher.clientConfiguration())
            var vetting = HTTPPageFetcher(
                eventLoopGroup: group, sharedClient: client, settings: .init(allowPrivateAddresses: false),
                resolve: { _ in nil })
            // The fixture shop stands in for a public store; everything else is held to the policy.
            vetting.trustedEndpoints = Set([endpoint].compactMap { $0 })
            let guardFetcher = vetting
            let renderer = ChromiumRenderer(browser: ChromiumBrowser(), maximumTabs: 1, pageTimeout: .seconds(15)) { url in
                await guardFetcher.allows(url)
            }
            let page = try await renderer.render(try #require(URL(string: store.url("/page/leaky"))))
            #expect(page.html.contains("Leaky Page"))
            #expect(page.blockedRequests.contains { $0.hasPrefix("http://169.254.169.254/") })
            #expect(page.blockedRequests.contains { $0.hasPrefix("http://10.0.0.1/") })
            #expect(page.blockedRequests.contains { $0.hasPrefix("http://127.0.0.1:9/") })
            // A page on a private address is refused before a tab opens.
            await #expect(throws: RenderError.blocked) {
                _ = try await renderer.render(URL(string: "http://192.168.1.1/router")!)
            }
            await renderer.browser.shutdown()
            try await client.shutdown()
        }
    }

    @Test("The address policy alone: public unicast on 80/443 passes, private, loopback, metadata and other ports do not")
    func addressPolicyForBrowserRequests() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let client = HTTPClient(eventLoopGroup: group, configuration: HTTPPageFetcher.clientConfiguration())
        let vetting = HTTPPageFetcher(
            eventLoopGroup: group, sharedClient: client, settings: .init(allowPrivateAddresses: false),
            resolve: { host in host == "rebind.example" ? ["93.184.216.34", "10.0.0.7"] : ["93.184.216.34"] })
        #expect(await vetting.allows(URL(string: "https://shop.example/p/1")!))
        #expect(await vetting.allows(URL(string: "http://93.184.216.34/")!))
        #expect(!(await vetting.allows(URL(string: "http://127.0.0.1/")!)))
        #expect(!(await vetting.allows(URL(string: "http://[::1]/")!)))
        #expect(!(await vetting.allows(URL(string: "http://169.254.169.254/latest/meta-data/")!)))
        #expect(!(await vetting.allows(URL(string: "http://10.1.2.3/")!)))
        #expect(!(await vetting.allows(URL(string: "https://shop.example:8443/")!)))
        #expect(!(await vetting.allows(URL(string: "https://rebind.example/")!)))
        try await client.shutdown()
    }
}

import Foundation
import Vapor

/// A small web shop on a free loopback port: product pages whose price the test can change, plus pages
/// that fail in the ways real stores do. Mantis reads it over real HTTP.
final class FixtureStore: Sendable {
    actor Catalog {
        struct Item {
            var title: String
            var price: String
            var currency: String
            var inStock = true
        }

        var items: [String: Item] = [:]
        /// Whole pages a test writes itself, served at /page/{slug}.
        var pages: [String: String] = [:]

        /// Requests to /slow in flight now, and the most seen at once, per Host header.
        var inFlight: [String: Int] = [:]
        var maxInFlight: [String: Int] = [:]
        var requestCount = 0

        func set(_ slug: String, _ item: Item) { items[slug] = item }
        func setPage(_ slug: String, _ html: String) { pages[slug] = html }
        func page(_ slug: String) -> String? {
            requestCount += 1
            return pages[slug]
        }
        func item(_ slug: String) -> Item? {
            requestCount += 1
            return items[slug]
        }

        func enter(_ host: String) {
            inFlight[host, default: 0] += 1
            maxInFlight[host] = max(maxInFlight[host] ?? 0, inFlight[host]!)
        }

        func leave(_ host: String) { inFlight[host, default: 1] -= 1 }

        func resetConcurrency() {
            inFlight = [:]
            maxInFlight = [:]
        }
    }

    let app: Application
    let baseURL: String
    let catalog: Catalog

    func url(_ path: String) -> String { baseURL + path }

    func setProduct(_ slug: String, title: String = "Fixture Kettle", price: String, currency: String = "EUR", inStock: Bool = true) async {
        await catalog.set(slug, .init(title: title, price: price, currency: currency, inStock: inStock))
    }

    /// Serves `html` at `/page/{slug}`.
    func setPage(_ slug: String, _ html: String) async {
        await catalog.setPage(slug, html)
    }

    static func start() async throws -> FixtureStore {
        let app = try await Application.make(.testing)
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = 0
        let catalog = Catalog()
        try Routes().register(on: app, catalog: catalog)
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        let port = app.http.server.shared.localAddress!.port!
        return FixtureStore(app: app, baseURL: "http://127.0.0.1:\(port)", catalog: catalog)
    }

    private init(app: Application, baseURL: String, catalog: Catalog) {
        self.app = app
        self.baseURL = baseURL
        self.catalog = catalog
    }

    func stop() async throws {
        await app.server.shutdown()
        try await app.asyncShutdown()
    }

    struct Routes {
        func register(on app: Application, catalog: Catalog) throws {
            // JSON-LD product page, the common case.
            app.get("product", ":slug") { req async throws -> Response in
                guard let item = await catalog.item(req.parameters.get("slug")!) else { throw Abort(.notFound) }
                let availability = item.inStock ? "https://schema.org/InStock" : "https://schema.org/OutOfStock"
                return html("""
                    <!doctype html><html><head><title>\(item.title) | Fixture Shop</title>
                    <meta property="og:image" content="/img/\(req.parameters.get("slug")!).jpg">
                    <script type="application/ld+json">
                    {"@context": "https://schema.org", "@type": "Product", "name": "\(item.title)",
                     "offers": {"@type": "Offer", "price": "\(item.price)", "priceCurrency": "\(item.currency)",
                                "availability": "\(availability)"}}
                    </script></head><body><h1>\(item.title)</h1></body></html>
                    """)
            }
            // A page the test wrote whole.
            app.get("page", ":slug") { req async throws -> Response in
                guard let page = await catalog.page(req.parameters.get("slug")!) else { throw Abort(.notFound) }
                return html(page)
            }
            // OpenGraph-only product page.
            app.get("og", ":slug") { req async throws -> Response in
                guard let item = await catalog.item(req.parameters.get("slug")!) else { throw Abort(.notFound) }
                return html("""
                    <html><head>
                    <meta property="og:title" content="\(item.title)">
                    <meta property="product:price:amount" content="\(item.price)">
                    <meta property="product:price:currency" content="\(item.currency)">
                    </head><body></body></html>
                    """)
            }
            // Answers after a pause, counting how many requests overlap per host.
            app.get("slow", ":millis", ":slug") { req async throws -> Response in
                let host = req.headers.first(name: .host)?.split(separator: ":").first.map(String.init) ?? "?"
                await catalog.enter(host)
                try await Task.sleep(for: .milliseconds(req.parameters.get("millis", as: Int.self) ?? 100))
                await catalog.leave(host)
                guard let item = await catalog.item(req.parameters.get("slug")!) else { throw Abort(.notFound) }
                return html(#"<html><head><meta property="og:title" content="\#(item.title)">"#
                    + #"<meta property="product:price:amount" content="\#(item.price)"></head></html>"#)
            }
            // A chain of redirects: /chain/3/kettle → /chain/2/kettle → … → /product/kettle.
            app.get("chain", ":hops", ":slug") { req -> Response in
                let hops = req.parameters.get("hops", as: Int.self) ?? 0
                let slug = req.parameters.get("slug")!
                return req.redirect(to: hops <= 1 ? "/product/\(slug)" : "/chain/\(hops - 1)/\(slug)")
            }
            // Redirects wherever `to` says: used to point Mantis at addresses it must refuse.
            app.get("redirect-to") { req -> Response in
                req.redirect(to: (try? req.query.get(String.self, at: "to")) ?? "/")
            }
            // Over 8 MB of HTML.
            app.get("huge") { _ -> Response in
                html("<html><body>" + String(repeating: "<p>padding padding padding</p>", count: 300_000) + "</body></html>")
            }
            app.get("robot-check") { _ -> Response in
                html("<html><head><title>Robot Check</title></head><body><form action=\"/errors/validateCaptcha\">"
                    + "Type the characters you see in this image</form></body></html>")
            }
            app.get("status", ":code") { req -> Response in
                Response(status: .init(statusCode: req.parameters.get("code", as: Int.self) ?? 500), body: "no")
            }
            app.get("redirect", ":slug") { req -> Response in
                req.redirect(to: "/product/\(req.parameters.get("slug")!)")
            }
            app.get("not-a-product") { _ in html("<html><body><p>Nothing to see</p></body></html>") }
            app.get("image.png") { _ -> Response in
                Response(status: .ok, headers: ["Content-Type": "image/png"], body: .init(string: "PNG"))
            }
        }

        private func html(_ text: String) -> Response {
            Response(status: .ok, headers: ["Content-Type": "text/html; charset=utf-8"], body: .init(string: text))
        }
    }
}

/// Runs `body` with a fixture store that is stopped afterwards.
func withFixtureStore(_ body: (FixtureStore) async throws -> Void) async throws {
    let store = try await FixtureStore.start()
    do {
        try await body(store)
    } catch {
        try? await store.stop()
        throw error
    }
    try await store.stop()
}

@testable import App
import Fluent
import Foundation
import Testing

@Suite("Fetching pages", .timeLimit(.minutes(3)))
struct FetchingTests {
    private func track(_ t: TestApp, _ account: TestAccount, _ url: String) async throws -> APIResponse {
        try await t.client.post("/products/fetch", ["url": url], token: account.accessToken)
    }

    @Test("A store slower than FETCH_TIMEOUT_SECONDS gives 502 with a timeout reason")
    func slowStoreTimesOut() async throws {
        try await withFixtureStore { store in
            try await withApp(.sqlite, environment: ["FETCH_TIMEOUT_SECONDS": "1"]) { t in
                let account = try await t.verifiedAccount()
                await store.setProduct("kettle", price: "10.00")
                let response = try await track(t, account, store.url("/slow/3000/kettle"))
                #expect(response.status == .badGateway)
                #expect(response.string("reason")?.contains("too long") == true)
            }
        }
    }

    @Test("403, 429 and robot-check pages are reported as the store blocking the check")
    func storeRefusalsAreNamed() async throws {
        try await withFixtureStore { store in
            try await withApp(.sqlite) { t in
                let account = try await t.verifiedAccount()
                for path in ["/status/429", "/status/403", "/robot-check"] {
                    let response = try await track(t, account, store.url(path))
                    #expect(response.status == .badGateway, "\(path)")
                    #expect(response.string("reason")?.contains("blocked the check") == true, "\(path)")
                }
            }
        }
    }

    @Test("Up to 5 redirects are followed; a sixth is refused")
    func redirectChains() async throws {
        try await withFixtureStore { store in
            try await withApp(.sqlite) { t in
                let account = try await t.verifiedAccount()
                await store.setProduct("kettle", price: "10.00")
                #expect(try await track(t, account, store.url("/chain/5/kettle")).status == .created)
                let tooMany = try await track(t, account, store.url("/chain/6/kettle"))
                #expect(tooMany.status == .badGateway)
                #expect(tooMany.string("reason")?.contains("redirected more than 5") == true)
            }
        }
    }

    @Test("Pages over 8 MB and non-HTML answers are refused with a clear reason")
    func hugeAndNonHTML() async throws {
        try await withFixtureStore { store in
            try await withApp(.sqlite) { t in
                let account = try await t.verifiedAccount()
                let huge = try await track(t, account, store.url("/huge"))
                #expect(huge.status == .badGateway)
                #expect(huge.string("reason")?.contains("8 MB") == true)
                let image = try await track(t, account, store.url("/image.png"))
                #expect(image.string("reason")?.contains("not a web page") == true)
                #expect(try await Product.query(on: t.app.db).count() == 0)
            }
        }
    }

    /// The fixture shop is on loopback, so it is trusted explicitly (a test-only hook) to stand in for a public
    /// store; the redirect's target is not, and must be refused before any connection.
    @Test("A redirect to 127.0.0.1 or to a private address is refused, even from an allowed store")
    func redirectToPrivateAddressIsRefused() async throws {
        try await withFixtureStore { store in
            try await withApp(.sqlite, environment: ["FETCH_ALLOW_PRIVATE": "false"]) { t in
                let port = URL(string: store.baseURL)!.port!
                t.useFetcher(trusting: ["127.0.0.1:\(port)"])
                let account = try await t.verifiedAccount()
                await store.setProduct("kettle", price: "10.00")
                #expect(try await track(t, account, store.url("/product/kettle")).status == .created)
                for target in ["http://127.0.0.1/admin", "http://127.0.0.1:\(port + 1)/x", "http://10.0.0.8/", "http://[::ffff:127.0.0.1]/"] {
                    let response = try await track(t, account, store.url("/redirect-to?to=\(target)"))
                    #expect(response.status == .unprocessableEntity, "\(target)")
                    #expect(response.errorCode == "fetch_blocked", "\(target)")
                }
            }
        }
    }

    @Test("A host name that resolves to a private address (10.x) is refused with one generic reason; all its addresses must be public")
    func dnsAnswerInPrivateRangeIsRefused() async throws {
        try await withApp(.sqlite, environment: ["FETCH_ALLOW_PRIVATE": "false"]) { t in
            t.useFetcher(resolving: [
                "intranet.shop.example": ["10.20.30.40"],
                "mixed.shop.example": ["93.184.216.34", "192.168.1.1"],
            ])
            let account = try await t.verifiedAccount()
            var reasons: Set<String> = []
            for host in ["intranet.shop.example", "mixed.shop.example"] {
                let response = try await track(t, account, "http://\(host)/product")
                #expect(response.status == .unprocessableEntity, "\(host)")
                #expect(response.errorCode == "fetch_blocked", "\(host)")
                reasons.insert(response.string("reason") ?? "")
            }
            reasons.insert(try await track(t, account, "http://127.0.0.1/product").string("reason") ?? "")
            reasons.insert(try await track(t, account, "http://[fd00::1]/product").string("reason") ?? "")
            // One generic reason for every blocked address; the resolved address or its kind never shows.
            #expect(reasons.count == 1, "\(reasons)")
            for leak in ["10.20.30.40", "192.168", "private", "loopback", "unique-local", "fd00"] {
                #expect(!(reasons.first ?? "").contains(leak), "\(leak)")
            }
            let port = try await track(t, account, "http://93.184.216.34:8080/product")
            #expect(port.errorCode == "fetch_blocked")
        }
    }

    @Test("Pages in a declared legacy charset are decoded before extraction")
    func declaredCharsetIsHonoured() async throws {
        let latin1 = Array("<html><head><meta charset=\"iso-8859-1\"><title>Cr".utf8) + [0xE8] + Array("me br".utf8) + [0xFB]
            + Array("l".utf8) + [0xE9] + Array("e</title></head></html>".utf8)
        #expect(PageDecoder.decode(latin1, charset: "iso-8859-1").contains("Crème brûlée"))
        #expect(PageDecoder.decode(Array("prix 12€".utf8), charset: nil) == "prix 12€")
    }
}

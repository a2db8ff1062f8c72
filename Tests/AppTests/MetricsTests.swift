@testable import App
import Fluent
import Foundation
import NIOPosix
import SMTPTestServer
import Testing
import Vapor

@Suite("Metrics", .timeLimit(.minutes(3)))
struct MetricsTests {
    static let token = "metrics-token-0123456789abcdef"
    static let enabled = ["METRICS_ENABLED": "true"]

    /// `GET /metrics` from loopback, checked to be Prometheus's text format.
    private func scrape(_ t: TestApp, headers: [(String, String)] = []) async throws -> PrometheusText {
        let response = try await t.client.send(.GET, "/metrics", headers: headers)
        try #require(response.status == .ok, "\(response.status): \(response.text)")
        #expect(response.headers.first(name: "Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        return try PrometheusText(response.text)
    }

    /// Scrapes until `condition` holds (a counter moves after the work it counts has answered or been sent).
    private func scrape(_ t: TestApp, until condition: (PrometheusText) -> Bool) async throws -> PrometheusText {
        var metrics = try await scrape(t)
        for _ in 0..<200 where !condition(metrics) {
            try await Task.sleep(for: .milliseconds(50))
            metrics = try await scrape(t)
        }
        return metrics
    }

    private func trackedProduct(_ t: TestApp, _ account: TestAccount, _ url: String) async throws -> UUID {
        let response = try await t.client.post("/products/fetch", ["url": url], token: account.accessToken)
        try #require(response.status == .created, "\(response.text)")
        return try #require(UUID(uuidString: response.string("id") ?? ""))
    }

    // MARK: - Off by default

    @Test("Without METRICS_ENABLED there is no /metrics (404 like any unknown path) and nothing counts requests")
    func offByDefault() async throws {
        try await withApp(.sqlite, environment: ["METRICS_TOKEN": Self.token]) { t in
            // MUT
            let response = try await t.client.get("/metrics", token: Self.token)
            // validate
            #expect(response.status == .notFound)
            #expect(response.errorCode == "not_found")
            #expect(t.app.mantis.metrics == nil)
            #expect(!t.app.middleware.resolve().contains { $0 is MetricsMiddleware })
        }
    }

    // MARK: - Requests

    @Test("Requests are counted and timed by route pattern; ids, tokens and unmatched paths never become labels", arguments: TestDatabase.all)
    func requestsByRoutePattern(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database, environment: Self.enabled) { t in
                // setup
                let account = try await t.verifiedAccountWithoutEmail()
                await store.setProduct("kettle", price: "12.00")
                let id = try await trackedProduct(t, account, store.url("/product/kettle"))
                // MUT
                for _ in 0..<3 {
                    #expect(try await t.client.get("/products/\(id)", token: account.accessToken).status == .ok)
                }
                #expect(try await t.client.get("/products/\(UUID())", token: account.accessToken).status == .notFound)
                #expect(try await t.client.get("/no-such-page/secret-path-segment").status == .notFound)
                // validate
                let metrics = try await scrape(t)
                let route = ["method": "GET", "route": "/products/:productID"]
                #expect(metrics.value("http_requests_total", route.merging(["status": "200"]) { $1 }) == 3)
                #expect(metrics.value("http_requests_total", route.merging(["status": "404"]) { $1 }) == 1)
                #expect(metrics.value("http_request_duration_seconds_count", route) == 4)
                #expect(metrics.value("http_request_duration_seconds_bucket", route.merging(["le": "+Inf"]) { $1 }) == 4)
                #expect(metrics.value("http_request_duration_seconds_sum", route).map { $0 > 0 } == true)
                #expect(metrics.value("http_requests_total", ["method": "POST", "route": "/products/fetch", "status": "201"]) == 1)
                #expect(metrics.value("http_requests_total", ["method": "GET", "route": "unmatched", "status": "404"]) == 1)
                #expect(metrics.types["http_requests_total"] == "counter")
                #expect(metrics.types["http_request_duration_seconds"] == "histogram")
                // No label value holds a path, an id or a token.
                let values = metrics.samples.flatMap(\.labels.values)
                for secret in [id.uuidString.lowercased(), id.uuidString, "secret-path-segment", account.accessToken] {
                    #expect(!values.contains { $0.contains(secret) }, "\(secret) in a label")
                }
            }
        }
    }

    @Test("A method outside HTTP's registry is labelled other, so clients cannot add series")
    func unknownMethodLabel() {
        #expect(HTTPRequestMetrics.label(.RAW(value: "BREW")) == "other")
        #expect(HTTPRequestMetrics.label(.GET) == "GET")
        #expect(HTTPRequestMetrics.label(.PROPFIND) == "PROPFIND")
    }

    // MARK: - Checks

    @Test("Each recorded check counts by outcome and store host: ok, price_changed, blocked, no_product, failed", arguments: TestDatabase.all)
    func checksByOutcomeAndHost(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            // No browser: a page without a price must stay a page without a product.
            try await withApp(database, environment: Self.enabled.merging(["FETCH_RENDER": "never"]) { $1 }) { t in
                // setup
                let account = try await t.verifiedAccountWithoutEmail()
                await store.setProduct("kettle", price: "10.00")
                let id = try await trackedProduct(t, account, store.url("/product/kettle"))
                let host = try #require(URL(string: store.baseURL)?.host)
                // MUT: the same price, a new price, then a store refusing, a page without a product, a 500.
                #expect(try await t.client.post("/products/\(id)/refresh", token: account.accessToken).status == .ok)
                await store.setProduct("kettle", price: "8.50")
                #expect(try await t.client.post("/products/\(id)/refresh", token: account.accessToken).status == .ok)
                for path in ["/status/429", "/robot-check", "/not-a-product", "/status/500"] {
                    try await Product.query(on: t.app.db).filter(\.$id == id).set(\.$url, to: store.url(path)).update()
                    let product = try #require(try await Product.find(id, on: t.app.db))
                    await #expect(throws: (any Error).self) { try await t.app.mantis.scheduler.check(product) }
                }
                // validate
                let metrics = try await scrape(t)
                func checks(_ outcome: String) -> Double? { metrics.value("mantis_checks_total", ["outcome": outcome, "host": host]) }
                #expect(checks("ok") == 2, "tracking it and the first refresh")
                #expect(checks("price_changed") == 1)
                #expect(checks("blocked") == 2)
                #expect(checks("no_product") == 1)
                #expect(checks("failed") == 1)
                #expect(metrics.samples(named: "mantis_checks_total").map(\.value).reduce(0, +) == 7)
                // The check log holds the same seven.
                #expect(try await ProductCheck.query(on: t.app.db).count() == 7)
            }
        }
    }

    // MARK: - Emails

    @Test("An email sent over SMTP counts as sent by its kind; every kind and outcome is there from the start", arguments: TestDatabase.all)
    func emailSentOverSMTP(database: TestDatabase) async throws {
        try await TestApp.withSMTP(database, environment: Self.enabled) { t, server in
            let before = try await scrape(t)
            #expect(before.value("mantis_emails_total", ["kind": "verification", "outcome": "sent"]) == 0)
            #expect(before.value("mantis_emails_total", ["kind": "price_alert", "outcome": "failed"]) == 0)
            #expect(before.samples(named: "mantis_emails_total").count == 15)
            // MUT
            let account = try await t.register()
            _ = try await server.waitForMessages(to: account.email, subject: "Confirm your email")
            // validate
            let sent = ["kind": "verification", "outcome": "sent"]
            let after = try await scrape(t) { $0.value("mantis_emails_total", sent) == 1 }
            #expect(after.value("mantis_emails_total", sent) == 1)
            #expect(after.value("mantis_emails_total", ["kind": "verification", "outcome": "retry"]) == 0)
        }
    }

    @Test("An email the SMTP server cannot take counts as retry")
    func emailRetryWhileSMTPIsDown() async throws {
        let port = try FreePort.find()
        let environment = Self.enabled.merging(["SMTP_HOST": "127.0.0.1", "SMTP_PORT": "\(port)", "SMTP_USE_TLS": "false"]) { $1 }
        try await withApp(.sqlite, environment: environment) { t in
            // MUT
            _ = try await t.register()
            // validate
            let retry = ["kind": "verification", "outcome": "retry"]
            let metrics = try await scrape(t) { $0.value("mantis_emails_total", retry) == 1 }
            #expect(metrics.value("mantis_emails_total", retry) == 1)
            #expect(metrics.value("mantis_emails_total", ["kind": "verification", "outcome": "sent"]) == 0)
            #expect(metrics.value("mantis_outbox_backlog") == 1)
        }
    }

    // MARK: - Backlogs

    @Test("The backlog gauges are the database's: unsent emails, due unclaimed products, waiting password hashes", arguments: TestDatabase.all)
    func backlogGauges(database: TestDatabase) async throws {
        try await withApp(database, environment: Self.enabled) { t in
            // setup: the account's verification email is sent (file transport) before the rows below are counted.
            let account = try await t.verifiedAccountWithoutEmail()
            var waits = 0
            while try await OutboxEmail.query(on: t.app.db).filter(\.$status == .pending).count() > 0, waits < 200 {
                try await Task.sleep(for: .milliseconds(25))
                waits += 1
            }
            let later = Date().addingTimeInterval(3600), earlier = Date().addingTimeInterval(-60)
            for index in 0..<3 {
                let message = EmailMessage(to: "queued\(index)@example.com", subject: "Queued", text: "Hello", html: nil)
                try await OutboxEmail(userID: nil, kind: .test, message: message, messageID: "<q\(index)@mantis.test>", now: later)
                    .save(on: t.app.db)
            }
            let userID = try #require(UUID(uuidString: account.userID))
            // Due: never checked, and overdue. Not counted: overdue but being checked (leased), and not due yet.
            let products: [(next: Date?, lease: Date?)] = [(nil, nil), (earlier, nil), (earlier, later), (later, nil)]
            for (index, item) in products.enumerated() {
                let product = Product(userID: userID, url: "https://shop.example/\(index)")
                product.nextCheckAt = item.next
                product.leaseExpiresAt = item.lease
                try await product.save(on: t.app.db)
            }
            // One password hash admitted and not picked up by the pool.
            let queue = t.app.mantis.hashingQueue
            let release = AsyncStream<Void>.makeStream()
            let holder = Task { try await queue.run { for await _ in release.stream { break } } }
            while queue.count == 0 { try await Task.sleep(for: .milliseconds(5)) }
            // MUT
            let metrics = try await scrape(t)
            release.continuation.finish()
            try await holder.value
            // validate
            #expect(metrics.value("mantis_outbox_backlog") == 3)
            #expect(metrics.value("mantis_products_due") == 2)
            #expect(metrics.value("mantis_bcrypt_queue") == 1)
            for name in ["mantis_outbox_backlog", "mantis_products_due", "mantis_bcrypt_queue"] {
                #expect(metrics.types[name] == "gauge")
            }
            // Read at each scrape: the sent email and the released hash are gone from the next one.
            try await OutboxEmail.query(on: t.app.db).filter(\.$recipient == "queued0@example.com").set(\.$status, to: .sent).update()
            let next = try await scrape(t)
            #expect(next.value("mantis_outbox_backlog") == 2)
            #expect(next.value("mantis_bcrypt_queue") == 0)
        }
    }

    @Test("The bcrypt queue counts hashes waiting for a pool thread, not the ones running")
    func hashingQueueCountsWaiting() async throws {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        let queue = HashingQueue(limit: 8, threads: 1, secondsPerHash: 0.01)
        let gate = DispatchSemaphore(value: 0)
        // MUT: one job holds the only thread, a second waits behind it.
        let first = Task { try await queue.run(on: pool) { gate.wait() } }
        while queue.count < 1 { try await Task.sleep(for: .milliseconds(5)) }
        let second = Task { try await queue.run(on: pool) { 42 } }
        while queue.count < 2 { try await Task.sleep(for: .milliseconds(5)) }
        // validate
        for _ in 0..<200 where queue.waiting != 1 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(queue.waiting == 1)
        gate.signal()
        try await first.value
        #expect(try await second.value == 42)
        #expect(queue.waiting == 0)
        #expect(queue.count == 0)
        try await pool.shutdownGracefully()
    }

    // MARK: - Access

    @Test("Through the trusted proxy (its header present) /metrics needs METRICS_TOKEN; loopback without the header does not")
    func proxiedRequestsNeedTheToken() async throws {
        let environment = Self.enabled.merging(["METRICS_TOKEN": Self.token, "TRUSTED_PROXY": "CF-Connecting-IP"]) { $1 }
        try await withApp(.sqlite, environment: environment) { t in
            let visitor = ("CF-Connecting-IP", "203.0.113.9")
            // MUT + validate
            _ = try await scrape(t)
            let missing = try await t.client.send(.GET, "/metrics", headers: [visitor])
            #expect(missing.status == .unauthorized)
            #expect(missing.errorCode == "metrics_token_required")
            let wrong = try await t.client.send(.GET, "/metrics", token: Self.token + "x", headers: [visitor])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.errorCode == "invalid_metrics_token")
            let short = try await t.client.send(.GET, "/metrics", token: String(Self.token.dropLast()), headers: [visitor])
            #expect(short.errorCode == "invalid_metrics_token")
            // Any forwarding header counts, not only the one TRUSTED_PROXY names.
            let forwarded = try await t.client.send(.GET, "/metrics", headers: [("X-Forwarded-For", "203.0.113.9")])
            #expect(forwarded.errorCode == "metrics_token_required")
            let allowed = try await scrape(t, headers: [visitor, ("Authorization", "Bearer \(Self.token)")])
            #expect(allowed.types["http_requests_total"] == "counter")
            // The refusals are counted under /metrics like any answer.
            let counted = try await scrape(t)
            #expect(counted.value("http_requests_total", ["method": "GET", "route": "/metrics", "status": "401"]) == 4)
        }
    }

    @Test("Without METRICS_TOKEN /metrics is for loopback only: through a proxy it is 403, whatever token is sent")
    func withoutTokenLoopbackOnly() async throws {
        try await withApp(.sqlite, environment: Self.enabled) { t in
            _ = try await scrape(t)
            let proxied = try await t.client.send(.GET, "/metrics", token: "anything-at-all-long-enough", headers: [("CF-Connecting-IP", "203.0.113.9")])
            #expect(proxied.status == .forbidden)
            #expect(proxied.errorCode == "metrics_loopback_only")
        }
    }

    @Test("MetricsAccess: loopback peers in both families pass; another peer needs the token, compared whole")
    func accessRule() throws {
        let withToken = MetricsAccess(token: Self.token)
        for peer in ["127.0.0.1", "127.0.0.53", "::1", "::ffff:127.0.0.1"] {
            #expect(throws: Never.self) { try withToken.check(peer: peer, headers: [:]) }
        }
        for headers: HTTPHeaders in [[:], ["Authorization": "Bearer wrong-token-0123456789"], ["Authorization": "Basic \(Self.token)"]] {
            #expect(throws: MantisError.self) { try withToken.check(peer: "203.0.113.5", headers: headers) }
            #expect(throws: MantisError.self) { try withToken.check(peer: nil, headers: headers) }
        }
        #expect(throws: Never.self) { try withToken.check(peer: "203.0.113.5", headers: ["Authorization": "Bearer \(Self.token)"]) }
        #expect(throws: MantisError.self) {
            try MetricsAccess(token: nil).check(peer: "192.168.1.20", headers: ["Authorization": "Bearer \(Self.token)"])
        }
        #expect(throws: MantisError.self) { try MetricsAccess(token: nil).check(peer: "127.0.0.1", headers: ["Forwarded": "for=203.0.113.9"]) }
    }

    @Test("METRICS_ENABLED and METRICS_TOKEN are read; a token under 16 characters stops start-up naming it")
    func configuration() throws {
        let config = try AppConfig(environment: ["METRICS_ENABLED": "true", "METRICS_TOKEN": Self.token], isProduction: false)
        #expect(config.metricsEnabled)
        #expect(config.metricsToken == Self.token)
        #expect(try AppConfig(environment: [:], isProduction: false).metricsEnabled == false)
        #expect { try AppConfig(environment: ["METRICS_TOKEN": "short"], isProduction: false) } throws: { error in
            (error as? ConfigurationError)?.variable == "METRICS_TOKEN"
        }
    }
}

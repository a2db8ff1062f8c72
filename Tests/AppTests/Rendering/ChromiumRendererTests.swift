import Foundation
import Logging
import NIOCore
import Testing

@testable import App

#if canImport(Glibc)
import Glibc
#endif

/// Real Chromium against a real local HTTP server. Serialized: each test runs its own browser,
/// and two at once would fight over the two CPU cores.
@Suite(.serialized, .enabled(if: ChromiumBrowser.findExecutable() != nil, "needs chromium on PATH"))
struct ChromiumRendererTests {
    static let pricePage = """
        <html><body><div id="price"></div>
        <script>setTimeout(()=>{document.getElementById('price').textContent='€ 12,34'}, 300)</script>
        </body></html>
        """

    /// The test policy: nothing on 127.0.0.2, nothing under /secret.
    static let policy: @Sendable (URL) async -> Bool = { url in
        url.host != "127.0.0.2" && !url.path.hasPrefix("/secret")
    }

    static func logger() -> Logger {
        var logger = Logger(label: "render-tests")
        logger.logLevel = .notice
        return logger
    }

    /// Starts a fixture server (and a browser) for one test and shuts both down afterwards.
    static func withRenderer<T>(
        maximumTabs: Int = 2,
        pageTimeout: Duration = .seconds(20),
        cleanupTimeout: Duration = .seconds(5),
        routes: (FixtureServer) -> [String: FixtureServer.Response],
        _ body: (ChromiumRenderer, FixtureServer) async throws -> T
    ) async throws -> T {
        let server = try await FixtureServer.start()
        server.setRoutes(routes(server))
        let browser = ChromiumBrowser(logger: logger())
        let renderer = ChromiumRenderer(
            browser: browser, maximumTabs: maximumTabs, pageTimeout: pageTimeout, cleanupTimeout: cleanupTimeout,
            logger: logger(),
            allowRequest: policy)
        do {
            let result = try await body(renderer, server)
            await browser.shutdown()
            await server.shutdown()
            return result
        } catch {
            await browser.shutdown()
            await server.shutdown()
            throw error
        }
    }

    @Test func scriptFilledPriceIsRendered() async throws {
        try await Self.withRenderer(routes: { _ in ["/price": .html(Self.pricePage)] }) { renderer, server in
            let page = try await renderer.render(server.url("/price"))
            #expect(page.html.contains("€ 12,34"))
            #expect(page.finalURL == server.url("/price"))
            #expect(page.blockedRequests.isEmpty)
        }
    }

    @Test func largePageCrossesTheSocket() async throws {
        // ~2.7 MB of HTML in one CDP message: needs the raised WebSocket frame limit. A generous time limit:
        // laying out 80,000 paragraphs takes seconds on a loaded CI machine.
        let filler = String(repeating: "<p>lorem ipsum dolor sit amet</p>\n", count: 80_000)
        try await Self.withRenderer(pageTimeout: .seconds(60), routes: { _ in ["/big": .html("<html><body>\(filler)<b>end</b></body></html>")] }) {
            renderer, server in
            let page = try await renderer.render(server.url("/big"))
            #expect(page.html.utf8.count > 2_500_000)
            #expect(page.html.contains("<b>end</b>"))
        }
    }

    @Test func endlessScriptTimesOutAndDoesNotPoisonLaterRenders() async throws {
        try await Self.withRenderer(
            pageTimeout: .seconds(3),
            routes: { _ in
                [
                    "/loop": .html("<html><body>loop<script>while(true){}</script></body></html>"),
                    "/price": .html(Self.pricePage),
                ]
            }
        ) { renderer, server in
            let clock = ContinuousClock()
            let start = clock.now
            await #expect(throws: RenderError.timeout) {
                try await renderer.render(server.url("/loop"))
            }
            let elapsed = clock.now - start
            #expect(elapsed >= .seconds(3) && elapsed < .seconds(6), "timed out after \(elapsed)")

            let after = clock.now
            let page = try await renderer.render(server.url("/price"))
            #expect(page.html.contains("€ 12,34"))
            #expect(clock.now - after < .seconds(6))
        }
    }

    @Test func hungEvaluateAndMissingLoadEventTimeOut() async throws {
        try await Self.withRenderer(
            pageTimeout: .seconds(2),
            routes: { _ in
                [
                    // Loads, then loops: the settle check and the final Runtime.evaluate hang.
                    "/loop-after-load": .html(
                        "<html><body>x<script>addEventListener('load', () => setTimeout(() => { while(true){} }, 50))</script></body></html>"),
                    // An image that never arrives: no load event.
                    "/never-loads": .html("<html><body><img src='/stalled.png'></body></html>"),
                    "/stalled.png": .html("x", delay: .seconds(30)),
                    "/price": .html(Self.pricePage),
                ]
            }
        ) { renderer, server in
            let clock = ContinuousClock()
            for path in ["/loop-after-load", "/never-loads"] {
                let start = clock.now
                await #expect(throws: RenderError.timeout, "\(path)") {
                    try await renderer.render(server.url(path))
                }
                let elapsed = clock.now - start
                #expect(elapsed >= .seconds(2) && elapsed < .seconds(5), "\(path) took \(elapsed)")
            }
            let page = try await renderer.render(server.url("/price"))
            #expect(page.html.contains("€ 12,34"))
        }
    }

    @Test func guardRefusesSubresourcesBeforeTheyLeaveTheBrowser() async throws {
        let other = try await FixtureServer.start(host: "127.0.0.2")
        other.setRoutes(["/other.png": .html("x")])
        defer { Task { await other.shutdown() } }
        try await Self.withRenderer(routes: { server in
            [
                "/ssrf": .html(
                    """
                    <html><body><div id="out">start</div>
                    <img src="/secret.png">
                    <img src="\(other.baseURL)/other.png">
                    <img src="/redirect-to-secret">
                    <iframe src="http://localhost:\(server.port)/frame"></iframe>
                    <link rel="prefetch" href="/secret-prefetch">
                    <link rel="preload" as="script" href="/secret-preload.js">
                    <script type="speculationrules">{"prefetch": [{"source": "list", "urls": ["/secret-speculative"]}]}</script>
                    <script>
                      fetch('/secret').then(() => 'leak', () => 'refused')
                        .then(r => { document.getElementById('out').textContent = 'fetch ' + r; });
                      new Worker('/worker.js');
                      try { new WebSocket('ws://127.0.0.1:\(server.port)/secret-ws'); } catch (e) {}
                      navigator.serviceWorker.register('/sw.js').catch(() => {});
                      addEventListener('pagehide', () => {
                        navigator.sendBeacon('/secret-beacon', 'x');
                        fetch('/secret-keepalive', { method: 'POST', keepalive: true, body: 'x' });
                      });
                    </script>
                    </body></html>
                    """),
                "/redirect-to-secret": .redirect(to: "/secret-redirected"),
                "/frame": .html("<html><body><script>fetch('/secret-frame')</script><img src='/secret-frame.png'></body></html>"),
                "/worker.js": .javascript("fetch('/secret-worker');"),
                "/sw.js": .javascript("fetch('/secret-sw'); self.addEventListener('install', () => fetch('/secret-sw-install'));"),
            ]
        }) { renderer, server in
            let page = try await renderer.render(server.url("/ssrf"))
            // Keep-alive requests sent while the tab closes arrive late, if at all.
            try await Task.sleep(for: .milliseconds(500))
            #expect(page.html.contains("fetch refused"))
            let blocked = Set(page.blockedRequests)
            for path in ["/secret.png", "/secret", "/secret-redirected", "/secret-worker"] {
                #expect(blocked.contains(server.baseURL + path), "\(path) not in \(blocked)")
            }
            #expect(blocked.contains(other.baseURL + "/other.png"))
            #expect(blocked.contains("http://localhost:\(server.port)/secret-frame"))
            // The page itself, its redirect and the allowed scripts did arrive ...
            #expect(server.hits("/ssrf") == 1)
            #expect(server.hits("/redirect-to-secret") == 1)
            #expect(server.hits("/frame") == 1)
            #expect(server.hits("/worker.js") == 1)
            // ... nothing refused did, nor the WebSocket handshake.
            #expect(server.hits(prefix: "/secret") == 0, "server saw \(server.allPaths)")
            #expect(other.hits(prefix: "/") == 0)
            // (The pagehide requests are either never sent, when the context is disposed first,
            // or refused by the browser-level backstop; the hit count above covers both.)
        }
    }

    @Test func browserLevelBackstopGuardsTabsWithoutAPageGuard() async throws {
        try await Self.withRenderer(routes: { _ in
            [
                "/plain": .html("<html><body>plain</body></html>"),
                "/unguarded": .html("<html><body><img src='/secret-direct.png'><img src='/ok.png'></body></html>"),
                "/ok.png": .html("x"),
            ]
        }) { renderer, server in
            _ = try await renderer.render(server.url("/plain"))  // installs the backstop
            // A tab the renderer knows nothing about: only the browser-level interception applies.
            let connection = try await renderer.browser.connection()
            let target = try await connection.send("Target.createTarget", params: ["url": .string(server.baseURL + "/unguarded")])
            let targetID = try #require(target["targetId"]?.stringValue)
            let clock = ContinuousClock()
            let end = clock.now.advanced(by: .seconds(5))
            while server.hits("/ok.png") == 0 && clock.now < end {
                try await Task.sleep(for: .milliseconds(50))
            }
            try await Task.sleep(for: .milliseconds(200))
            _ = try await connection.send("Target.closeTarget", params: ["targetId": .string(targetID)])
            #expect(server.hits("/unguarded") == 1)
            #expect(server.hits("/ok.png") == 1)
            #expect(server.hits("/secret-direct.png") == 0)
            #expect(await renderer.backstopRefusedRequests.contains(server.baseURL + "/secret-direct.png"))
        }
    }

    @Test func refusedDocumentIsBlocked() async throws {
        try await Self.withRenderer(routes: { _ in
            [
                "/secret-page": .html("<html><body>secret</body></html>"),
                "/to-secret": .redirect(to: "/secret-page"),
                "/script-to-secret": .html("<html><body><script>location.href = '/secret-page'</script></body></html>"),
            ]
        }) { renderer, server in
            // Refused up front ...
            await #expect(throws: RenderError.blocked) {
                try await renderer.render(server.url("/secret-page"))
            }
            // ... and when a redirect of the document leads there.
            await #expect(throws: RenderError.blocked) {
                try await renderer.render(server.url("/to-secret"))
            }
            // ... and when the page's script navigates there.
            await #expect(throws: RenderError.blocked) {
                try await renderer.render(server.url("/script-to-secret"))
            }
            #expect(server.hits("/to-secret") == 1)
            #expect(server.hits("/secret-page") == 0)
        }
    }

    @Test func unsupportedSchemeIsRefused() async throws {
        let renderer = ChromiumRenderer(browser: ChromiumBrowser(logger: Self.logger()), allowRequest: Self.policy)
        await #expect(throws: RenderError.self) {
            try await renderer.render(URL(fileURLWithPath: "/etc/passwd"))
        }
        await renderer.browser.shutdown()
    }

    @Test func browserIsRelaunchedAfterItDies() async throws {
        try await Self.withRenderer(routes: { _ in ["/price": .html(Self.pricePage)] }) { renderer, server in
            _ = try await renderer.render(server.url("/price"))
            let firstPID = try #require(await renderer.browser.processIdentifier)
            // Killed behind the renderer's back, as a crash or the OOM killer would.
            kill(firstPID, SIGKILL)
            try await Task.sleep(for: .milliseconds(300))

            let page = try await renderer.render(server.url("/price"))
            #expect(page.html.contains("€ 12,34"))
            let secondPID = try #require(await renderer.browser.processIdentifier)
            #expect(secondPID != firstPID)

            // And through the test hook.
            await renderer.browser.terminateForTesting()
            let again = try await renderer.render(server.url("/price"))
            #expect(again.html.contains("€ 12,34"))
        }
    }

    @Test func unresponsiveBrowserIsKilledAndReplaced() async throws {
        try await Self.withRenderer(
            pageTimeout: .seconds(2), cleanupTimeout: .seconds(1),
            routes: { _ in
                [
                    "/slow": .html("<html><body>slow</body></html>", delay: .seconds(1)),
                    "/price": .html(Self.pricePage),
                ]
            }
        ) { renderer, server in
            _ = try await renderer.render(server.url("/price"))
            let frozenPID = try #require(await renderer.browser.processIdentifier)
            let clock = ContinuousClock()
            let start = clock.now
            let render = Task { try await renderer.render(server.url("/slow")) }
            try await Task.sleep(for: .milliseconds(300))
            // Frozen, not dead: the socket stays open but nothing answers, not even closeTarget.
            kill(frozenPID, SIGSTOP)
            await #expect(throws: RenderError.timeout) { try await render.value }
            #expect(clock.now - start < .seconds(6))

            let page = try await renderer.render(server.url("/price"))
            #expect(page.html.contains("€ 12,34"))
            let newPID = try #require(await renderer.browser.processIdentifier)
            #expect(newPID != frozenPID)
            #expect(kill(frozenPID, 0) != 0, "the frozen browser was not killed")
        }
    }

    @Test func tabsAreBoundedUnderConcurrency() async throws {
        try await Self.withRenderer(maximumTabs: 2, routes: { _ in
            ["/slow": .html("<html><body><div>slow page</div></body></html>", delay: .milliseconds(500))]
        }) { renderer, server in
            let pages = try await withThrowingTaskGroup(of: RenderedPage.self) { group in
                for index in 0..<4 {
                    group.addTask { try await renderer.render(server.url("/slow?n=\(index)")) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(pages.count == 4)
            #expect(pages.allSatisfy { $0.html.contains("slow page") })
            #expect(renderer.peakOpenTabs == 2)
            #expect(server.hits("/slow") == 4)
            #expect(server.peakInflight <= 2)
        }
    }

    @Test func pendingCallsFailWhenTheSocketCloses() async throws {
        let browser = ChromiumBrowser(logger: Self.logger())
        let connection = try await browser.connection()
        let target = try await connection.send("Target.createTarget", params: ["url": "about:blank"])
        let targetID = try #require(target["targetId"]?.stringValue)
        let attached = try await connection.send(
            "Target.attachToTarget", params: ["targetId": .string(targetID), "flatten": true])
        let sessionID = try #require(attached["sessionId"]?.stringValue)
        let events = connection.events(sessionID: sessionID)

        let pending = Task {
            try await connection.send(
                "Runtime.evaluate", params: ["expression": "new Promise(() => {})", "awaitPromise": true],
                sessionID: sessionID)
        }
        try await Task.sleep(for: .milliseconds(200))
        await browser.terminateForTesting()

        await #expect(throws: CDPError.self) { try await pending.value }
        var eventCount = 0
        for await _ in events { eventCount += 1 }  // finishes instead of hanging
        #expect(connection.isClosed)
        await #expect(throws: CDPError.self) { try await connection.send("Browser.getVersion") }
        await browser.shutdown()
    }
}

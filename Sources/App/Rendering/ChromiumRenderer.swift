import Foundation
import Logging
import NIOConcurrencyHelpers

/// Renders product pages in headless Chromium, with every request of the page passed through
/// `allowRequest` (the SSRF guard) and a hard time limit per page.
///
/// SSRF guard, layer by layer (each one checked against Chromium 156 by the tests):
/// - `Fetch.enable {urlPattern: "*"}` on the page's session pauses every HTTP(S) request of the
///   page: the document and each redirect hop, subresources, XHR/fetch, beacons, preloads,
///   same-process iframes and dedicated workers. Each goes to `RequestPolicy` (http/https →
///   `allowRequest`; data:, blob:, about: pass, as they never reach the network; any other
///   scheme is refused). Refused requests fail with `AccessDenied` and are listed in
///   `blockedRequests`; a refused main-frame document makes the render throw `.blocked`.
/// - Targets Chromium runs separately (out-of-process iframes, service workers, shared and
///   nested workers) are auto-attached *paused* and only resumed once the same interception is
///   on; if that fails they stay paused (fail closed).
/// - `BrowserRequestBackstop`: the same policy on the browser target's own Fetch interception,
///   which covers every target, including keep-alive requests and beacons sent from `pagehide`
///   after the page's session has detached.
/// - WebSockets bypass Fetch entirely (and `Network.setBlockedURLs` does not stop them), so each
///   page gets a browser context whose proxy rules send every non-HTTP(S) scheme to a dead SOCKS
///   proxy (`RenderSession.proxyServer`): ws:// and wss:// never connect.
/// - Speculation-rules prefetch is issued by the browser outside the page's interception; the
///   profile's preferences turn network prediction off (`ChromiumBrowser.writePreferences`).
/// - Service workers: page requests bypass them (`Network.setBypassServiceWorker`), their own
///   requests are guarded (second point), and they die with the per-page browser context.
/// - Launch flags: no WebRTC UDP outside the (dead) proxy, no QUIC, no prerendering. WebTransport
///   is hidden from page scripts (`RenderSession.documentScript`; defence in depth only).
///
/// Time limit: everything from creating the tab to reading the HTML runs under `withDeadline`,
/// which returns after `pageTimeout` even if the page (or `allowRequest`) never answers. Each
/// page has its own browser context and so its own renderer process: a script stuck in a loop
/// cannot block the next page. The tab is then closed from the browser connection
/// (`Runtime.terminateExecution` first); if Chromium does not manage that within
/// `cleanupTimeout`, the browser is killed and the next render relaunches it.
final class ChromiumRenderer: Sendable {
    let browser: ChromiumBrowser
    private let tabs: AsyncSemaphore
    private let pageTimeout: Duration
    private let settleLimit: Duration
    private let cleanupTimeout: Duration
    private let policy: RequestPolicy
    private let logger: Logger
    private let tabCounter = NIOLockedValueBox((open: 0, peak: 0))
    /// The browser-level backstop of the current connection (installed once per launch).
    private let backstop = NIOLockedValueBox<(connection: CDPConnection, installing: Task<BrowserRequestBackstop, any Error>)?>(nil)

    /// - Parameters:
    ///   - browser: the Chromium to use; shared by all renders of this renderer.
    ///   - maximumTabs: pages rendered at once; further `render` calls wait their turn.
    ///   - pageTimeout: hard limit per page, from opening the tab to reading the HTML (the wait
    ///     for a free tab and a browser launch are not counted).
    ///   - settleLimit: how long after the load event to wait at most for network and DOM quiet.
    ///   - cleanupTimeout: budget for closing the tab afterwards; a browser that does not manage
    ///     it is killed. A timed-out render throws after at most `pageTimeout + cleanupTimeout`
    ///     (plus up to 2 s to reap a killed browser); normally ~10 ms after `pageTimeout`.
    ///   - allowRequest: the SSRF guard, asked for every http(s) request of the page. It should
    ///     return promptly; it is not awaited past the page deadline.
    init(
        browser: ChromiumBrowser = ChromiumBrowser(),
        maximumTabs: Int = 2,
        pageTimeout: Duration = .seconds(20),
        settleLimit: Duration = .milliseconds(1500),
        cleanupTimeout: Duration = .seconds(2),
        logger: Logger = Logger(label: "mantis.render"),
        allowRequest: @escaping @Sendable (URL) async -> Bool
    ) {
        self.browser = browser
        self.tabs = AsyncSemaphore(permits: max(1, maximumTabs))
        self.pageTimeout = pageTimeout
        self.settleLimit = settleLimit
        self.cleanupTimeout = cleanupTimeout
        self.policy = RequestPolicy(allowRequest: allowRequest)
        self.logger = logger
    }

    /// Most tabs that were open at the same time so far (for tests and metrics).
    var peakOpenTabs: Int { tabCounter.withLockedValue { $0.peak } }

    func render(_ url: URL) async throws -> RenderedPage {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw RenderError.navigationFailed("unsupported URL scheme")
        }
        // Refused up front: no tab is opened for a page the guard would block anyway.
        guard await policy.permits(url.absoluteString) else { throw RenderError.blocked }

        try await tabs.acquire()
        defer { tabs.release() }

        let connection: CDPConnection
        do {
            connection = try await browser.connection()
            _ = try await installBackstop(on: connection)
        } catch {
            throw RenderError.browserUnavailable(String(describing: error))
        }

        tabCounter.withLockedValue { counter in
            counter.open += 1
            counter.peak = max(counter.peak, counter.open)
        }
        defer { tabCounter.withLockedValue { $0.open -= 1 } }

        let session = RenderSession(
            connection: connection, settleLimit: settleLimit, logger: logger, policy: policy)
        logger.debug("rendering", metadata: ["host": "\(url.host ?? "")"])
        let outcome: Result<RenderedPage, any Error>
        do {
            outcome = .success(try await withDeadline(pageTimeout) { try await session.run(url) })
        } catch {
            outcome = .failure(error)
        }

        // Its own task: cleanup must still talk to Chromium when the caller was cancelled.
        let timedOut: Bool
        if case .failure(let error) = outcome, error is DeadlineExceeded { timedOut = true } else { timedOut = false }
        await Task { await self.closeTab(session, connection: connection, timedOut: timedOut) }.value

        switch outcome {
        case .success(let page):
            return page
        case .failure(let error):
            throw Self.renderError(for: error)
        }
    }

    /// URLs the browser-level backstop refused lately (requests the page-level guard never saw,
    /// typically keep-alive requests sent while a tab was closing).
    var backstopRefusedRequests: [String] {
        get async {
            guard let installing = backstop.withLockedValue({ $0?.installing }) else { return [] }
            return (try? await installing.value.refusedRequests) ?? []
        }
    }

    /// One backstop per browser connection; concurrent renders on a fresh connection share the
    /// one being installed.
    private func installBackstop(on connection: CDPConnection) async throws -> BrowserRequestBackstop {
        let installing = backstop.withLockedValue { current -> Task<BrowserRequestBackstop, any Error> in
            if let current, current.connection === connection { return current.installing }
            let policy = self.policy
            let logger = self.logger
            let task = Task { try await BrowserRequestBackstop.install(on: connection, policy: policy, logger: logger) }
            current = (connection, task)
            return task
        }
        do {
            return try await installing.value
        } catch {
            // Let the next render try again (on this or a relaunched connection).
            backstop.withLockedValue { current in
                if current?.connection === connection { current = nil }
            }
            throw error
        }
    }

    private static func renderError(for error: any Error) -> any Error {
        switch error {
        case let error as RenderError: return error
        case is DeadlineExceeded: return RenderError.timeout
        case is CancellationError: return error
        case CDPError.connectionClosed: return RenderError.browserUnavailable("browser connection closed")
        case let error as CDPError: return RenderError.navigationFailed(error.description)
        default: return RenderError.navigationFailed(String(describing: error))
        }
    }

    /// Closes the tab and disposes its browser context within one `cleanupTimeout` budget; a
    /// browser that does not answer in time is killed, so it cannot hold up (or leak into)
    /// later renders. Runs before `render` returns or throws, so the next render on this
    /// renderer never races with it.
    private func closeTab(_ session: RenderSession, connection: CDPConnection, timedOut: Bool) async {
        let handles = session.teardown()
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: cleanupTimeout)
        if timedOut, let sessionID = handles.sessionID {
            // Stops a script stuck in a loop; Chromium runs this command as an interrupt, so it
            // works while the renderer's main thread is busy.
            _ = try? await withDeadline(min(.milliseconds(500), cleanupTimeout / 4)) {
                try await connection.send("Runtime.terminateExecution", sessionID: sessionID)
            }
        }
        var failure: String?
        if let targetID = handles.targetID {
            failure = await bounded(
                "Target.closeTarget", on: connection, params: ["targetId": .string(targetID)], until: end)
        }
        if failure == nil, let contextID = handles.contextID {
            failure = await bounded(
                "Target.disposeBrowserContext", on: connection, params: ["browserContextId": .string(contextID)],
                until: end)
        }
        if let failure {
            await browser.forceRestart(ifCurrent: connection, reason: failure)
        }
    }

    /// nil when Chromium answered (an error answer, e.g. "target already gone", is an answer).
    private func bounded(
        _ method: String, on connection: CDPConnection, params: [String: JSONValue], until end: ContinuousClock.Instant
    ) async -> String? {
        do {
            try await withDeadline(max(.zero, end - ContinuousClock.now)) {
                try await connection.send(method, params: params)
            }
            return nil
        } catch CDPError.remote {
            return nil
        } catch is DeadlineExceeded {
            return "\(method) timed out"
        } catch {
            return "\(method) failed: \(error)"
        }
    }
}

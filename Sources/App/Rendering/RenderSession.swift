import Foundation
import Logging
import NIOConcurrencyHelpers

/// One page being rendered: its browser context, tab and CDP sessions, the request guard and
/// what the page did so far. Lives for one `ChromiumRenderer.render` call; the renderer owns the
/// deadline and the cleanup, this type does the CDP conversation.
final class RenderSession: Sendable {
    /// Chromium objects created for this render, released by `ChromiumRenderer` afterwards.
    struct Handles: Sendable {
        var contextID: String?
        var targetID: String?
        var sessionID: String?
    }

    /// Per-context proxy rules. http and https go direct, through Fetch interception. Every other
    /// scheme, in practice ws:// and wss:// (which the Fetch domain never sees), is routed to a
    /// SOCKS proxy on loopback's discard port, where nothing answers, so WebSocket handshakes fail
    /// with ERR_PROXY_CONNECTION_FAILED before reaching any host. `<-loopback>` removes Chromium's
    /// implicit proxy bypass for localhost, without which ws://127.0.0.1 would still go direct.
    static let proxyServer = "http=direct://;https=direct://;socks=socks5://127.0.0.1:9"
    static let proxyBypassList = "<-loopback>"

    /// Installed into every document before its scripts: records the time of the last DOM
    /// mutation for the settle check, and hides WebTransport (QUIC, which neither Fetch nor the
    /// proxy rules cover). The script is defence in depth only, not the boundary.
    static let documentScript = """
        (() => {
          const mark = () => { window.__mantisLastMutation = performance.now(); };
          mark();
          try {
            new MutationObserver(mark).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
          } catch (e) {}
          try { Object.defineProperty(globalThis, 'WebTransport', { value: undefined, configurable: false, writable: false }); } catch (e) {}
        })();
        """

    private struct State {
        var handles = Handles()
        var tornDown = false
        var mainFrameID: String?
        var blocked: [String] = []
        var mainDocumentBlocked = false
        var navigationStarted = false
        var loaded = false
        var loadFailure: RenderError?
        var loadWaiter: CheckedContinuation<Void, any Error>?
        var inflightRequests: Set<String> = []
        var lastNetworkActivity = ContinuousClock.now
    }

    let connection: CDPConnection
    private let policy: RequestPolicy
    private let settleLimit: Duration
    private let quietPeriod: Duration
    private let quietMilliseconds: Double
    private let logger: Logger
    private let state = NIOLockedValueBox(State())

    init(
        connection: CDPConnection,
        settleLimit: Duration,
        quietPeriod: Duration = .milliseconds(400),
        logger: Logger,
        policy: RequestPolicy
    ) {
        self.connection = connection
        self.settleLimit = settleLimit
        self.quietPeriod = quietPeriod
        self.quietMilliseconds = Double(quietPeriod.components.seconds) * 1000
            + Double(quietPeriod.components.attoseconds) / 1e15
        self.logger = logger
        self.policy = policy
    }

    var blockedRequests: [String] { state.withLockedValue { $0.blocked } }

    /// Marks the render finished and returns what must be released. Anything created after this
    /// (a call that was in flight when the deadline hit) is released by `adopt`.
    func teardown() -> Handles {
        let (handles, waiter) = state.withLockedValue { state in
            state.tornDown = true
            defer { state.loadWaiter = nil }
            return (state.handles, state.loadWaiter)
        }
        waiter?.resume(throwing: CancellationError())
        return handles
    }

    // MARK: - The page

    func run(_ url: URL) async throws -> RenderedPage {
        // A fresh browser context per page: own renderer processes (a page stuck in a script
        // cannot share its process with the next page), own cookies and service workers, and
        // the proxy rules above. Disposing it kills everything the page started.
        let context = try await connection.send(
            "Target.createBrowserContext",
            params: [
                "disposeOnDetach": true,
                "proxyServer": .string(Self.proxyServer),
                "proxyBypassList": .string(Self.proxyBypassList),
            ])
        guard let contextID = context["browserContextId"]?.stringValue else {
            throw RenderError.browserUnavailable("Target.createBrowserContext returned no id")
        }
        try adopt(contextID: contextID)
        // A price page never needs to write files.
        _ = try? await connection.send(
            "Browser.setDownloadBehavior", params: ["behavior": "deny", "browserContextId": .string(contextID)])

        let target = try await connection.send(
            "Target.createTarget", params: ["url": "about:blank", "browserContextId": .string(contextID)])
        guard let targetID = target["targetId"]?.stringValue else {
            throw RenderError.browserUnavailable("Target.createTarget returned no id")
        }
        state.withLockedValue { $0.handles.targetID = targetID }

        let attached = try await connection.send(
            "Target.attachToTarget", params: ["targetId": .string(targetID), "flatten": true])
        guard let sessionID = attached["sessionId"]?.stringValue else {
            throw RenderError.browserUnavailable("Target.attachToTarget returned no session")
        }
        state.withLockedValue { $0.handles.sessionID = sessionID }

        // Subscribed before any domain is enabled, so no paused request or load event is missed.
        let events = connection.events(sessionID: sessionID)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.pump(events, sessionID: sessionID, isPage: true) }
            defer { group.cancelAll() }
            return try await self.drive(url, sessionID: sessionID, targetID: targetID)
        }
    }

    private func drive(_ url: URL, sessionID: String, targetID: String) async throws -> RenderedPage {
        try await enableInterception(on: sessionID)
        try await connection.send("Network.enable", sessionID: sessionID)
        // Requests a service worker would answer go to the network, i.e. through Fetch.
        try await connection.send("Network.setBypassServiceWorker", params: ["bypass": true], sessionID: sessionID)
        try await connection.send("Page.enable", sessionID: sessionID)
        // For Inspector.targetCrashed, so a crashed renderer fails fast instead of timing out.
        _ = try? await connection.send("Inspector.enable", sessionID: sessionID)
        try await connection.send(
            "Page.addScriptToEvaluateOnNewDocument", params: ["source": .string(Self.documentScript)],
            sessionID: sessionID)
        let tree = try await connection.send("Page.getFrameTree", sessionID: sessionID)
        let mainFrameID = tree["frameTree"]?["frame"]?["id"]?.stringValue ?? targetID
        state.withLockedValue {
            $0.mainFrameID = mainFrameID
            $0.navigationStarted = true
        }

        let navigation = try await connection.send(
            "Page.navigate", params: ["url": .string(url.absoluteString)], sessionID: sessionID)
        if let errorText = navigation["errorText"]?.stringValue, !errorText.isEmpty {
            if state.withLockedValue({ $0.mainDocumentBlocked }) { throw RenderError.blocked }
            throw RenderError.navigationFailed(errorText)
        }
        logger.debug("navigated")
        try await waitForLoad()
        logger.debug("loaded")
        await settle(sessionID: sessionID)
        logger.debug("settled")

        let html = try await evaluate("document.documentElement.outerHTML", sessionID: sessionID)
        logger.debug("html read", metadata: ["bytes": "\(html.stringValue?.utf8.count ?? 0)"])
        let href = try await evaluate("location.href", sessionID: sessionID)
        // A later navigation of the page (script, meta refresh) to a refused URL leaves Chromium's
        // error page in the tab, not the page.
        if state.withLockedValue({ $0.mainDocumentBlocked }) { throw RenderError.blocked }
        guard let htmlText = html.stringValue else {
            throw RenderError.navigationFailed("page has no document element")
        }
        if let href = href.stringValue, href.hasPrefix("chrome-error:") {
            throw RenderError.navigationFailed("navigation ended on an error page")
        }
        let finalURL = href.stringValue.flatMap(URL.init(string:)) ?? url
        return RenderedPage(finalURL: finalURL, html: htmlText, blockedRequests: blockedRequests)
    }

    /// Pauses every request of the target (`Fetch.enable` with `*`) and auto-attaches its
    /// children (out-of-process iframes, workers, service workers) paused, so `guardChild` can
    /// put them under the same interception before they run.
    private func enableInterception(on sessionID: String) async throws {
        try await connection.send(
            "Fetch.enable", params: ["patterns": [["urlPattern": "*"]]], sessionID: sessionID)
        try await connection.send(
            "Target.setAutoAttach", params: ["autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true],
            sessionID: sessionID)
    }

    // MARK: - Events

    private func pump(_ events: AsyncStream<CDPEvent>, sessionID: String, isPage: Bool) async {
        await withDiscardingTaskGroup { group in
            for await event in events {
                switch event.method {
                case "Fetch.requestPaused":
                    group.addTask { await self.decide(event.params, sessionID: sessionID) }
                case "Target.attachedToTarget":
                    group.addTask { await self.guardChild(event.params) }
                case "Page.loadEventFired" where isPage:
                    finishLoad(nil)
                case "Inspector.targetCrashed" where isPage:
                    finishLoad(.navigationFailed("renderer crashed"))
                case "Network.requestWillBeSent":
                    if let id = event.params["requestId"]?.stringValue { trackNetwork(id, started: true) }
                case "Network.loadingFinished", "Network.loadingFailed":
                    if let id = event.params["requestId"]?.stringValue { trackNetwork(id, started: false) }
                default:
                    break
                }
            }
        }
    }

    /// The SSRF guard for one paused request: continue it or fail it with AccessDenied.
    private func decide(_ params: JSONValue, sessionID: String) async {
        guard let requestID = params["requestId"]?.stringValue else { return }
        let rawURL = params["request"]?["url"]?.stringValue ?? ""
        let allowed = await policy.permits(rawURL)

        if allowed {
            do {
                try await connection.send("Fetch.continueRequest", params: ["requestId": .string(requestID)], sessionID: sessionID)
            } catch {
                // Usually the request was cancelled meanwhile (tab closing); nothing to undo.
                logger.trace("Fetch.continueRequest failed", metadata: ["error": "\(error)"])
            }
            return
        }

        let isMainDocument = params["resourceType"]?.stringValue == "Document"
            && params["frameId"]?.stringValue != nil
            && state.withLockedValue { $0.mainFrameID } == params["frameId"]?.stringValue
        state.withLockedValue { state in
            state.blocked.append(rawURL)
            if isMainDocument { state.mainDocumentBlocked = true }
        }
        logger.info(
            "blocked request",
            metadata: ["host": "\(URL(string: rawURL)?.host ?? "?")", "document": "\(isMainDocument)"])
        do {
            try await connection.send(
                "Fetch.failRequest", params: ["requestId": .string(requestID), "errorReason": "AccessDenied"],
                sessionID: sessionID)
        } catch {
            logger.trace("Fetch.failRequest failed", metadata: ["error": "\(error)"])
        }
    }

    /// A child target (OOPIF, worker, service worker) auto-attached paused: put it under the
    /// guard, then let it run. If that fails it stays paused (fail closed) until the context is
    /// disposed.
    private func guardChild(_ params: JSONValue) async {
        guard let childSession = params["sessionId"]?.stringValue else { return }
        let type = params["targetInfo"]?["type"]?.stringValue ?? "unknown"
        let events = connection.events(sessionID: childSession)
        async let pumping: Void = pump(events, sessionID: childSession, isPage: false)
        do {
            if type == "worker" {
                // Dedicated workers have no Fetch domain; their requests are paused by the
                // owning frame's interception instead (checked against Chromium 156). Their own
                // children (nested workers) are still auto-attached.
                try await connection.send(
                    "Target.setAutoAttach", params: ["autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true],
                    sessionID: childSession)
            } else {
                try await enableInterception(on: childSession)
            }
            try await connection.send("Runtime.runIfWaitingForDebugger", sessionID: childSession)
        } catch {
            logger.debug("child target left paused", metadata: ["type": "\(type)", "error": "\(error)"])
        }
        await pumping
    }

    // MARK: - Load and settle

    private func finishLoad(_ failure: RenderError?) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Void, any Error>? in
            guard state.navigationStarted, !state.loaded, state.loadFailure == nil else { return nil }
            if let failure { state.loadFailure = failure } else { state.loaded = true }
            defer { state.loadWaiter = nil }
            return state.loadWaiter
        }
        if let failure { waiter?.resume(throwing: failure) } else { waiter?.resume() }
    }

    private func waitForLoad() async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let ready = state.withLockedValue { state -> Result<Void, any Error>? in
                    if let failure = state.loadFailure { return .failure(failure) }
                    if state.loaded { return .success(()) }
                    if Task.isCancelled || state.tornDown { return .failure(CancellationError()) }
                    state.loadWaiter = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            let waiter = state.withLockedValue { state in
                defer { state.loadWaiter = nil }
                return state.loadWaiter
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    private func trackNetwork(_ requestID: String, started: Bool) {
        state.withLockedValue { state in
            if started { state.inflightRequests.insert(requestID) } else { state.inflightRequests.remove(requestID) }
            state.lastNetworkActivity = .now
        }
    }

    /// After load, waits (at most `settleLimit`) until the network has been idle and the DOM
    /// unchanged for `quietPeriod`, for scripts that fill in the price after load.
    private func settle(sessionID: String) async {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: settleLimit)
        while clock.now < end {
            do { try await Task.sleep(for: .milliseconds(100)) } catch { return }
            let networkIdle = state.withLockedValue { state in
                state.inflightRequests.isEmpty && clock.now - state.lastNetworkActivity >= quietPeriod
            }
            guard networkIdle else { continue }
            let remaining = end - clock.now
            guard remaining > .zero else { return }
            // Bounded: a script busy after load must not hold the settle past its limit.
            let idle = try? await withDeadline(remaining) {
                try await self.evaluate(
                    "performance.now() - (window.__mantisLastMutation || 0)", sessionID: sessionID)
            }
            guard let idleMilliseconds = idle?.doubleValue else { return }
            if idleMilliseconds >= quietMilliseconds { return }
        }
    }

    private func evaluate(_ expression: String, sessionID: String) async throws -> JSONValue {
        let result = try await connection.send(
            "Runtime.evaluate", params: ["expression": .string(expression), "returnByValue": true],
            sessionID: sessionID)
        if let exception = result["exceptionDetails"] {
            throw RenderError.navigationFailed(
                "evaluation failed: \(exception["exception"]?["description"]?.stringValue ?? exception["text"]?.stringValue ?? "exception")")
        }
        return result["result"]?["value"] ?? .null
    }

    // MARK: - Handles

    /// Records the context; if the render was already torn down (the deadline passed while
    /// `createBrowserContext` was in flight), disposes it in the background and stops.
    private func adopt(contextID: String) throws {
        let tornDown = state.withLockedValue { state -> Bool in
            if !state.tornDown { state.handles.contextID = contextID }
            return state.tornDown
        }
        guard tornDown else { return }
        let connection = self.connection
        Task {
            _ = try? await withDeadline(.seconds(3)) {
                try await connection.send("Target.disposeBrowserContext", params: ["browserContextId": .string(contextID)])
            }
        }
        throw CancellationError()
    }
}

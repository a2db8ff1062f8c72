import Foundation
import Logging
import NIOConcurrencyHelpers

/// Fetch interception on the browser target itself, behind the per-page interception.
///
/// The page's own `Fetch.enable` ends when its session detaches, and `Target.closeTarget`
/// detaches before the page's `pagehide`/`unload` handlers run, so a keep-alive `fetch()` or a
/// `sendBeacon()` from such a handler would leave unchecked. Browser-level interception sees the
/// requests of every target for as long as the connection lives. Requests the page's guard
/// already allowed are checked a second time here (same policy, same answer).
final class BrowserRequestBackstop: Sendable {
    let connection: CDPConnection
    private let policy: RequestPolicy
    private let logger: Logger
    private let refused = NIOLockedValueBox<[String]>([])

    private init(connection: CDPConnection, policy: RequestPolicy, logger: Logger) {
        self.connection = connection
        self.policy = policy
        self.logger = logger
    }

    /// Subscribes to the browser target's events, then enables interception on it.
    static func install(on connection: CDPConnection, policy: RequestPolicy, logger: Logger) async throws
        -> BrowserRequestBackstop
    {
        let backstop = BrowserRequestBackstop(connection: connection, policy: policy, logger: logger)
        let events = connection.events(sessionID: nil)
        // Runs until the connection closes, which finishes the stream.
        Task { await backstop.pump(events) }
        try await connection.send("Fetch.enable", params: ["patterns": [["urlPattern": "*"]]])
        return backstop
    }

    /// URLs refused at this level (the most recent 100).
    var refusedRequests: [String] { refused.withLockedValue { $0 } }

    private func pump(_ events: AsyncStream<CDPEvent>) async {
        await withDiscardingTaskGroup { group in
            for await event in events where event.method == "Fetch.requestPaused" {
                group.addTask { await self.decide(event.params) }
            }
        }
    }

    private func decide(_ params: JSONValue) async {
        guard let requestID = params["requestId"]?.stringValue else { return }
        let rawURL = params["request"]?["url"]?.stringValue ?? ""
        do {
            if await policy.permits(rawURL) {
                try await connection.send("Fetch.continueRequest", params: ["requestId": .string(requestID)])
            } else {
                refused.withLockedValue { refused in
                    refused.append(rawURL)
                    if refused.count > 100 { refused.removeFirst(refused.count - 100) }
                }
                logger.info("blocked request at browser level", metadata: ["host": "\(URL(string: rawURL)?.host ?? "?")"])
                try await connection.send(
                    "Fetch.failRequest", params: ["requestId": .string(requestID), "errorReason": "AccessDenied"])
            }
        } catch {
            // The request went away meanwhile, or the browser did.
            logger.trace("browser-level Fetch answer failed", metadata: ["error": "\(error)"])
        }
    }
}

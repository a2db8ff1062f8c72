import Foundation
import Logging
import NIOCore

/// Sets up rendering as `FETCH_RENDER` says: which browser, how many tabs, how long per page, and the SSRF
/// guard every request of a rendered page goes through (the same vetting as `HTTPPageFetcher`'s own hops).
enum PageRendering {
    struct Setup: Sendable {
        let renderer: ChromiumRenderer?
        let always: Bool
        /// For the start-up log line.
        let summary: String
    }

    static func make(config: AppConfig, vetting fetcher: HTTPPageFetcher, eventLoopGroup: any EventLoopGroup, logger: Logger) -> Setup {
        guard config.fetchRender != .never else {
            return Setup(renderer: nil, always: false, summary: "off (FETCH_RENDER=never)")
        }
        guard let path = config.chromiumPath ?? ChromiumBrowser.findExecutable() else {
            return Setup(
                renderer: nil, always: false,
                summary: "off (FETCH_RENDER=\(config.fetchRender.rawValue), but no chromium found: install Debian's chromium or set CHROMIUM_PATH)")
        }
        let browser = ChromiumBrowser(executablePath: path, eventLoopGroup: eventLoopGroup, logger: logger)
        let renderer = ChromiumRenderer(
            browser: browser, maximumTabs: config.renderTabs, pageTimeout: .seconds(config.renderTimeout), logger: logger,
            allowRequest: { url in await fetcher.allows(url) })
        let when = config.fetchRender == .always ? "every page" : "pages whose HTML shows no price"
        return Setup(
            renderer: renderer, always: config.fetchRender == .always,
            summary: "headless Chromium at \(path) for \(when) (FETCH_RENDER=\(config.fetchRender.rawValue)), \(config.renderTabs) tabs, \(config.renderTimeout) s per page")
    }
}

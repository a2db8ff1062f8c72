@testable import App
import Vapor

extension TestApp {
    /// Swaps in a fetcher whose address policy trusts these "host:port" endpoints and/or resolves names from
    /// a table instead of DNS. Everything else about fetching stays real.
    func useFetcher(trusting endpoints: Set<String> = [], resolving table: [String: [String]]? = nil) {
        var settings = HTTPPageFetcher.Settings()
        settings.allowPrivateAddresses = false
        let resolver: HTTPPageFetcher.Resolver = if let table { { table[$0] } } else { HTTPPageFetcher.systemResolver(threadPool: app.threadPool) }
        var fetcher = HTTPPageFetcher(
            eventLoopGroup: app.eventLoopGroup, sharedClient: app.http.client.shared, settings: settings, resolve: resolver)
        fetcher.trustedEndpoints = endpoints
        app.mantis.fetcher = fetcher
    }
}

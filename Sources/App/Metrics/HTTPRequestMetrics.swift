import NIOConcurrencyHelpers
import NIOHTTP1
import Prometheus
import Vapor

/// `http_requests_total{method,route,status}` and `http_request_duration_seconds{method,route}`. `route` is the
/// matched route's pattern (`/products/:productID`), never the path: ids and tokens stay out of the labels,
/// and there are only as many series as routes. A request's series are found by its route object's identity,
/// so once they exist a request costs two dictionary lookups under short locks and no allocation.
final class HTTPRequestMetrics: Sendable {
    private struct Key: Hashable {
        /// nil: no route matched.
        let route: ObjectIdentifier?
        let method: String
    }

    private final class Series: Sendable {
        let method: String
        let route: String
        let duration: DurationHistogram
        let byStatus = NIOLockedValueBox<[UInt: Counter]>([:])

        init(method: String, route: String, duration: DurationHistogram) {
            self.method = method
            self.route = route
            self.duration = duration
        }
    }

    static let unmatchedRoute = "unmatched"
    /// From a cached product list (about a millisecond) to a page read through a slow store.
    static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
        .seconds(10), .seconds(30),
    ]
    static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            metricName: "http_requests", unitName: "total",
            helpText: "HTTP requests answered, by method, route pattern and status.")
    }

    static var duration: MetricNameDescriptor {
        MetricNameDescriptor(
            metricName: "http_request_duration", unitName: "seconds",
            helpText: "Time from routing a request to its response head, by method and route pattern.")
    }

    private let registry: PrometheusCollectorRegistry
    private let series = NIOLockedValueBox<[Key: Series]>([:])

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    func record(route: Route?, method: HTTPMethod, status: UInt, duration: Duration) {
        let key = Key(route: route.map(ObjectIdentifier.init), method: Self.label(method))
        let series = self.series.withLockedValue { $0[key] } ?? makeSeries(key, route: route)
        series.duration.record(duration)
        let counter = series.byStatus.withLockedValue { $0[status] } ?? makeCounter(in: series, status: status)
        counter.increment()
    }

    /// A route's first request: the registry hands back the same series if another request made them meanwhile.
    private func makeSeries(_ key: Key, route: Route?) -> Series {
        let pattern = route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? Self.unmatchedRoute
        let histogram = registry.makeDurationHistogram(
            descriptor: Self.duration, labels: [("method", key.method), ("route", pattern)], buckets: Self.buckets)
        return self.series.withLockedValue { all in
            if let existing = all[key] { return existing }
            let made = Series(method: key.method, route: pattern, duration: histogram)
            all[key] = made
            return made
        }
    }

    private func makeCounter(in series: Series, status: UInt) -> Counter {
        let labels = [("method", series.method), ("route", series.route), ("status", "\(status)")]
        let counter = registry.makeCounter(descriptor: Self.requests, labels: labels)
        series.byStatus.withLockedValue { $0[status] = counter }
        return counter
    }

    /// The method's name; an unknown one (any token a client sends) is `other`, so clients cannot add series.
    static func label(_ method: HTTPMethod) -> String {
        if case .RAW = method { return "other" }
        return method.rawValue
    }
}

import Fluent
import Foundation
import Logging
import Prometheus

/// The Prometheus registry behind `GET /metrics` and the series Mantis counts in it: one per application
/// (`app.mantis.metrics`), made only when METRICS_ENABLED=true. Backlogs are gauges read at scrape time, one
/// cheap query each, so nothing has to keep them up to date between scrapes.
final class MantisMetrics: Sendable {
    enum EmailOutcome: String, CaseIterable, Sendable {
        /// The mail server accepted it.
        case sent
        /// Refused or unreachable; another attempt is scheduled.
        case retry
        /// Given up on (`OutboxRetryPolicy`).
        case failed
    }

    static var checks: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "mantis", metricName: "checks", unitName: "total",
            helpText: "Product checks recorded, by outcome and store host.")
    }

    static var emails: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "mantis", metricName: "emails", unitName: "total",
            helpText: "Delivery attempts of queued emails, by kind and outcome.")
    }

    /// A reset request is not an email: the worker turns it into one (or into nothing).
    static let emailKinds: [OutboxEmail.Kind] = [.verification, .passwordReset, .passwordChanged, .priceAlert, .test]

    let registry = PrometheusCollectorRegistry()
    let http: HTTPRequestMetrics
    private let outboxBacklog: Gauge
    private let productsDue: Gauge
    private let bcryptQueue: Gauge

    init() {
        http = HTTPRequestMetrics(registry: registry)
        outboxBacklog = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "mantis", metricName: "outbox_backlog", unitName: "",
            helpText: "Emails queued and not sent yet."))
        productsDue = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "mantis", metricName: "products_due", unitName: "",
            helpText: "Products due for a check now that no scheduler has claimed."))
        bcryptQueue = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "mantis", metricName: "bcrypt_queue", unitName: "",
            helpText: "Password hashes admitted and waiting for a thread of the bcrypt pool."))
        // Every series from the start at 0: a rate() over a series that appears only at its first email misses it.
        for kind in Self.emailKinds {
            for outcome in EmailOutcome.allCases { _ = emailCounter(kind: kind, outcome: outcome) }
        }
    }

    func recordCheck(_ outcome: CheckOutcome, url: String) {
        let host = URL(string: url)?.host?.lowercased() ?? "unknown"
        let labels = [("outcome", outcome.rawValue), ("host", host)]
        registry.makeCounter(descriptor: Self.checks, labels: labels).increment()
    }

    func recordEmail(kind: OutboxEmail.Kind, outcome: EmailOutcome) {
        emailCounter(kind: kind, outcome: outcome).increment()
    }

    private func emailCounter(kind: OutboxEmail.Kind, outcome: EmailOutcome) -> Counter {
        registry.makeCounter(descriptor: Self.emails, labels: [("kind", kind.rawValue), ("outcome", outcome.rawValue)])
    }

    /// Reads the backlogs for a scrape. A count the database cannot give is NaN, not the last value: a stale
    /// number would look like a healthy one.
    func sampleGauges(on database: any Database, hashingQueue: HashingQueue, now: Date, logger: Logger) async {
        bcryptQueue.set(to: Double(hashingQueue.waiting))
        // Every pending email counts, retries waiting for their time and the one being sent included. A product
        // counts when the scheduler's claim would take it: due and not leased (a leased one is being checked).
        let pending = "SELECT COUNT(*) FROM email_outbox WHERE status = 'pending'"
        await sample(outboxBacklog, pending, [], on: database, logger: logger)
        await sample(
            productsDue,
            """
            SELECT COUNT(*) FROM products
            WHERE (next_check_at IS NULL OR next_check_at <= $1)
              AND (lease_expires_at IS NULL OR lease_expires_at < $1)
            """,
            [.date(now)], on: database, logger: logger)
    }

    private func sample(
        _ gauge: Gauge, _ sql: String, _ binds: [DriverRows.Bind], on database: any Database, logger: Logger
    ) async {
        do {
            let count = try await DriverRows.query(sql, binds, on: database).first?.int64(0) ?? 0
            gauge.set(to: Double(count))
        } catch {
            logger.warning("Metrics: a backlog count failed", metadata: ["error": "\(error)"])
            gauge.set(to: .nan)
        }
    }

    /// Everything in Prometheus's text format (version 0.0.4).
    func render() -> [UInt8] {
        registry.emitToBuffer()
    }
}

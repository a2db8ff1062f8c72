import Fluent
import Foundation
import MantisCore
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Checks due products in rounds. Work is claimed with a lease in one statement — on PostgreSQL with
/// `FOR UPDATE SKIP LOCKED` — so several Mantis instances sharing one database never check the same product in
/// one round; if an instance dies mid-round its leases expire and the next round picks the products up.
/// All checks of this process, scheduled or asked for, pass one `CheckGate`.
final class RefreshScheduler: BackgroundService {
    struct RoundSummary: Sendable, Equatable {
        var checked = 0
        var failed = 0
    }

    /// Unowned: the application owns the scheduler (through its services), not the other way round.
    unowned let application: Application
    let gate: CheckGate
    /// How long a claim holds before another instance may take the product.
    let leaseDuration: TimeInterval = 10 * 60
    /// Once stopping: no new claims, and checks still waiting for a store's slot give their lease back.
    private let loop = StoppableLoop()

    init(application: Application, concurrency: Int, perHost: Int) {
        self.application = application
        self.gate = CheckGate(globalLimit: concurrency, perHostLimit: perHost)
    }

    private var config: AppConfig { application.mantis.config }

    func tracker(on database: (any Database)? = nil) -> ProductTracker {
        let services = application.mantis
        var tracker = ProductTracker(
            database: database ?? application.db, fetcher: services.fetcher, logger: application.logger,
            refreshInterval: config.refreshInterval, transaction: services.transaction)
        tracker.alerts = PriceAlertService(
            templates: services.emailTemplates, maximumPerDay: config.alertMaxPerDay, senderDomain: services.outbox.senderDomain)
        tracker.parsingPool = application.threadPool
        tracker.renderer = services.renderer
        tracker.renderAlways = services.renderAlways
        // The app's clock decides whether a page's sale price is valid today.
        tracker.extractor = ProductPageExtractor(now: services.dependencies.now)
        let outbox = services.outbox
        tracker.emailQueued = { outbox.poke() }
        let feed = services.priceAlerts
        tracker.alertQueued = { feed.publish($0) }
        tracker.metrics = services.metrics
        return tracker
    }

    /// Checks one product now, through the shared gate.
    func check(_ product: Product, on database: (any Database)? = nil) async throws {
        let tracker = self.tracker(on: database)
        let gate = self.gate
        let host = Self.host(of: product)
        let loop = self.loop
        try await tracker.check(product, throttled: { read in
            try await gate.withSlot(host: host) {
                // Stopping: a check that has not read its page yet is given back, not started.
                if loop.isStopping { throw CheckAbandoned() }
                return try await read()
            }
        })
    }

    /// Checks these products, at most `concurrency` at once and `perHost` per store. Failures are recorded
    /// on each product and counted, never thrown.
    func check(_ products: [Product]) async -> RoundSummary {
        await withTaskGroup(of: Bool.self) { group in
            for product in products {
                group.addTask { await self.checkSucceeded(product) }
            }
            var summary = RoundSummary()
            for await succeeded in group {
                summary.checked += 1
                if !succeeded { summary.failed += 1 }
            }
            return summary
        }
    }

    /// Checks one product; the failure is already recorded on it, so only the outcome is left to count.
    private func checkSucceeded(_ product: Product) async -> Bool {
        do {
            try await check(product)
            return true
        } catch {
            return false
        }
    }

    /// One round: claims due products and checks them until none is due. Claims are topped up whenever a
    /// quarter of the claimed work is done, so the slow stores of one batch never hold the next batch back
    /// (waiting for each batch made a 1,000-product round 2.6× its ideal length on 20 stores), and deep
    /// enough that every store still has products waiting while the next claim runs (with 4 × concurrency,
    /// topped up at half, some stores ran dry: 1.2× instead of 1.1×, bench/refresh.sh).
    func runRound(now: @Sendable () -> Date = Date.init) async throws -> RoundSummary {
        let batchSize = max(16, config.refreshConcurrency * 8)
        let total = try await withThrowingTaskGroup(of: Bool.self, returning: RoundSummary.self) { group in
            var total = RoundSummary()
            var inFlight = 0
            var exhausted = false
            while true {
                if !exhausted, loop.isStopping { exhausted = true }
                if !exhausted, inFlight <= batchSize * 3 / 4 {
                    let products = try await claimDue(limit: batchSize - inFlight, now: now())
                    if products.isEmpty { exhausted = true }
                    for product in products {
                        inFlight += 1
                        group.addTask { await self.checkSucceeded(product) }
                    }
                }
                if inFlight == 0 { break }
                guard let succeeded = try await group.next() else { break }
                inFlight -= 1
                total.checked += 1
                if !succeeded { total.failed += 1 }
            }
            return total
        }
        if total.checked > 0 {
            application.logger.info("Refresh round done", metadata: ["checked": "\(total.checked)", "failed": "\(total.failed)"])
        }
        return total
    }

    /// Claims up to `limit` due, unclaimed products by setting their lease, and returns them.
    func claimDue(limit: Int, now: Date) async throws -> [Product] {
        let lease = leaseDuration
        // Through the transaction runner: on SQLite the claim then waits its turn behind the checks being
        // recorded, instead of spinning on a thread of the pool until their write lock is released.
        let ids = try await application.mantis.transaction(on: application.db) { database in
            try await LeasedClaim(table: Product.schema, dueColumn: "next_check_at")
                .claim(on: database.sql, limit: limit, now: now, lease: lease)
        }
        guard !ids.isEmpty else { return [] }
        return try await Product.query(on: application.db).filter(\.$id ~~ ids).all()
    }

    /// Starts the background loop of `mantis serve`: a round now, then one every `tick`.
    func start() {
        start(tick: .seconds(60))
    }

    func start(tick: Duration) {
        loop.start(pause: tick) { [weak self] in
            guard let self else { return }
            do {
                _ = try await self.runRound()
            } catch {
                self.application.logger.error("Refresh round failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Ends the loop gracefully: checks reading a page finish and are recorded, the rest of the round's claims
    /// are released (due again at once, for the next start or another instance). Not cancelled: a cancelled
    /// fetch would be recorded as a failed check. Waits at most `timeout` (a page read is bounded by
    /// FETCH_TIMEOUT_SECONDS, a render by FETCH_RENDER_TIMEOUT_SECONDS); leases left then expire by themselves.
    func stop(timeout: Duration) async {
        if await !loop.stop(timeout: timeout) {
            application.logger.warning("Refresh round still running at shutdown; its leases will expire")
        }
    }

    func stop() async {
        await stop(timeout: .seconds(config.fetchTimeout + 15))
    }

    static func host(of product: Product) -> String {
        URL(string: product.url).map(host(of:)) ?? product.url
    }

    /// The key the gate limits per store: the host, lower-cased.
    static func host(of url: URL) -> String {
        url.host?.lowercased() ?? url.absoluteString
    }
}

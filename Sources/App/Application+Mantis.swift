import Foundation
import NIOPosix
import Vapor

/// App-wide services, set up once in `configure`.
struct MantisServices: Sendable {
    let config: AppConfig
    let emailTemplates: EmailTemplates
    let outbox: OutboxWorker
    var fetcher: any PageFetcher
    /// Headless Chromium for pages whose HTML shows no price (`FETCH_RENDER`); nil when off.
    var renderer: (any PageRenderer)?
    /// `FETCH_RENDER=always`.
    var renderAlways = false
    /// A bcrypt hash of a random password, verified against when an email is unknown, so a login for a
    /// missing account costs the same time as one for an existing account.
    let dummyPasswordHash: String
    /// bcrypt runs here, one thread per core, apart from the pool SQLite queries use.
    let hashingPool: NIOThreadPool
    let localUser = LocalUser()
    let scheduler: RefreshScheduler
    let transaction: TransactionRunner
    var dependencies: AppDependencies = .live
    let rateLimitSweeper = IntervalGate()
    /// Bounds how many password hashes may wait for `hashingPool`.
    let hashingQueue: HashingQueue
    /// The "refresh all" runs in progress in this process, one per user.
    let refreshAllRuns = RefreshAllRuns()
    /// Rendered product lists, up to 4 MiB in all (some 200 lists of 50 products).
    let productListCache = ProductListCache(budget: 4 << 20)
    /// Access tokens whose signatures were already checked.
    let verifiedTokens = VerifiedTokenCache(capacity: 1024)
    /// Hot reads on this thread, on a SQLite file (nil on PostgreSQL and in memory).
    var sqliteReader: SQLiteDirectReader?
    /// What `GET /metrics` reports; nil unless `METRICS_ENABLED=true`, so nothing is counted then.
    var metrics: MantisMetrics?
    /// Alerts as they go out, for the desktop app's notifications.
    let priceAlerts = PriceAlertFeed()
    /// The database ping `GET /health` waits for, shared by the checks that arrive together.
    let databaseProbe: CoalescedReads<HealthController.Probe, Bool>
    /// Session checks on PostgreSQL and SQLite in memory: one round trip for the requests of one session that
    /// arrive together.
    let sessionReads: CoalescedReads<UUID, SessionLookup.Row?>

    func now() -> Date { dependencies.now() }
}

extension Application {
    private struct MantisKey: StorageKey {
        typealias Value = MantisServices
    }

    var mantis: MantisServices {
        get {
            guard let services = storage[MantisKey.self] else { fatalError("configure(app) has not run") }
            return services
        }
        set { storage[MantisKey.self] = newValue }
    }

    /// nil until `configure` has run (for clean-up paths that may follow a failed configure).
    var mantisIfConfigured: MantisServices? { storage[MantisKey.self] }
}

import AsyncHTTPClient
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import JWT
import MantisCore
import NIOPosix
import SQLKit
import Vapor

/// Configures the app from the process environment (after Vapor has loaded `.env` files).
public func configure(_ app: Application) async throws {
    let config = try AppConfig(environment: ProcessInfo.processInfo.environment, isProduction: app.environment == .production)
    try await configure(app, config: config)
}

public func configure(_ app: Application, config: AppConfig) async throws {
    try checkLocalModeBinding(app, config: config)

    switch config.database {
    case .sqlite(let path):
        // SQLite runs every query on `app.threadPool`, and its driver waits for a lock by spinning on that
        // thread. Vapor's default pool is a process-wide singleton of one thread per core: two connections
        // contending could hold every thread while the lock holder waits for one. A pool of our own, with
        // room to spare, keeps the lock holder able to finish.
        let pool = NIOThreadPool(numberOfThreads: max(8, System.coreCount * 4))
        pool.start()
        app.threadPool = pool
        // One connection per event loop: more made every pooled query slower (they contend for the thread
        // pool and SQLite's locks), and the hot reads skip the pool anyway (SQLiteDirectReader).
        // A request waits up to 30 s for the connection before failing: writers queue behind one another on
        // SQLite, and a busy machine can take longer than the driver's default of 10 s to drain them.
        app.databases.use(
            .sqlite(path == ":memory:" ? .memory : .file(path), connectionPoolTimeout: .seconds(30)), as: .sqlite)
    case .postgres(let url):
        // The pool reconnects on its own after PostgreSQL restarts; requests meanwhile get a clear 5xx. A request
        // waits up to 30 s for a connection (a burst of refreshes queues on row locks), then gets 503 server_busy.
        // Connections above the quiet need close after two idle minutes, so a burst's pool does not keep its
        // PostgreSQL backends (a few MB each) for the life of the process.
        let postgres = try SQLPostgresConfiguration(url: url)
        app.databases.use(
            .postgres(configuration: postgres, maxConnectionsPerEventLoop: config.databasePoolSize,
                      connectionPoolTimeout: .seconds(30), pruneInterval: .seconds(30),
                      maxIdleTimeBeforePruning: .seconds(120), encodingContext: .default, decodingContext: .default),
            as: .psql)
    }
    app.migrations.add(Migrations.all)

    app.passwords.use(.bcrypt(cost: config.bcryptCost))
    await app.jwt.keys.add(hmac: HMACKey(from: config.jwtSecret), digestAlgorithm: .sha256)

    app.middleware = Middlewares()
    // Outermost, so error answers carry the id too.
    app.middleware.use(RequestIDMiddleware())
    app.middleware.use(CORSMiddleware(configuration: .init(
        allowedOrigin: config.corsAllowOrigins.contains("*") ? .all : .any(config.corsAllowOrigins),
        allowedMethods: [.GET, .POST, .PATCH, .DELETE, .OPTIONS],
        allowedHeaders: [.accept, .authorization, .contentType, .origin, HTTPHeaders.Name(RefreshCookie.requestHeader)],
        allowCredentials: !config.corsAllowOrigins.contains("*"))), at: .beginning)
    app.middleware.use(SecurityHeadersMiddleware(strictTransportSecurity: config.frontendURL.lowercased().hasPrefix("https://")))
    app.middleware.use(APIErrorMiddleware())
    if config.mode == .local { app.middleware.use(LocalOriginGuardMiddleware()) }
    app.middleware.use(StaticFileMiddleware(publicDirectory: config.publicDirectory ?? app.directory.publicDirectory))
    // Bodies are small JSON documents; anything bigger is refused with 413 before it is read whole.
    app.routes.defaultMaxBodySize = "64kb"

    // No key conversion: every response type spells its snake_case keys in `CodingKeys` (converting each key of
    // every response costs more than encoding it).
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    // Stable key order: equal answers are byte-for-byte equal (the login and reset responses rely on it).
    encoder.outputFormatting = [.sortedKeys]
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    decoder.dateDecodingStrategy = .iso8601
    ContentConfiguration.global.use(encoder: encoder, for: .json)
    ContentConfiguration.global.use(decoder: decoder, for: .json)

    // Mantis reports no swift-metrics, so Vapor's per-request timer and path labels would be work for nothing.
    app.http.server.configuration.reportMetrics = false
    app.http.server.configuration.hostname = config.host
    app.http.server.configuration.port = config.port

    app.http.client.configuration = HTTPPageFetcher.clientConfiguration()
    let hashingPool = NIOThreadPool(numberOfThreads: System.coreCount)
    hashingPool.start()
    await hashingPool.lowerPriority(threads: System.coreCount)
    app.lifecycle.use(HashingPoolLifecycle(pool: hashingPool))
    let cost = config.bcryptCost
    // The dummy hash for unknown emails is made at the current cost, so it costs what a real one does; timing
    // it also tells how long a full bcrypt queue takes to drain. Only the server signs anyone in: the other
    // commands (`mantis refresh` from cron, `mantis extract`) skip the quarter second it takes.
    var dummyHash = "!no-sign-in-outside-serve"
    var secondsPerHash = 0.25
    if !commandsThatSignNobodyIn.contains(commandName(app) ?? "--help") {
        let started = ContinuousClock.now
        dummyHash = try await hashingPool.runIfActive { try Bcrypt.hash(SecureToken.generate(), cost: cost) }
        secondsPerHash = (ContinuousClock.now - started) / .seconds(1)
    }
    // Only where passwords are set: other commands' output may be data (`mantis export > file.json`).
    if !commandsThatSignNobodyIn.contains(commandName(app) ?? "--help"), !CommonPasswordChecker.shared.isAvailable {
        app.logger.warning("No cracklib dictionary found: common passwords are not refused. Install Debian's cracklib-runtime.")
    }
    let transport: any MailTransport
    if let smtp = config.smtp {
        transport = SMTPMailTransport(
            settings: smtp, heloName: URL(string: config.frontendURL)?.host ?? "localhost", eventLoopGroup: app.eventLoopGroup)
    } else {
        transport = switch config.mailTransport {
        case .log: LogMailTransport(logger: app.logger)
        case .file: FileMailTransport(directory: config.mailDirectory, threadPool: app.threadPool)
        }
    }
    let fetcher = HTTPPageFetcher(
        eventLoopGroup: app.eventLoopGroup, sharedClient: app.http.client.shared, settings: fetchSettings(config),
        resolve: HTTPPageFetcher.systemResolver(threadPool: app.threadPool))
    // The browser starts at the first page that needs it, never at start-up.
    let rendering = PageRendering.make(config: config, vetting: fetcher, eventLoopGroup: app.eventLoopGroup, logger: app.logger)
    app.mantis = MantisServices(
        config: config,
        emailTemplates: EmailTemplates(frontendURL: config.frontendURL),
        outbox: OutboxWorker(application: app, transport: transport, from: config.mailFrom),
        fetcher: fetcher,
        dummyPasswordHash: dummyHash,
        hashingPool: hashingPool,
        scheduler: RefreshScheduler(application: app, concurrency: config.refreshConcurrency, perHost: config.refreshPerHost),
        transaction: TransactionRunner(lock: config.isSQLite ? AsyncLock() : nil),
        hashingQueue: HashingQueue(limit: config.bcryptMaxQueue, threads: System.coreCount, secondsPerHash: secondsPerHash),
        databaseProbe: HealthController.databaseProbe(app),
        sessionReads: SessionLookup.sharedReads(app))
    if case .sqlite(let path) = config.database, path != ":memory:" {
        app.mantis.sqliteReader = SQLiteDirectReader(path: path)
    }
    if config.metricsEnabled {
        let metrics = MantisMetrics()
        app.mantis.metrics = metrics
        // Outermost, so it counts every answer (errors, CORS preflights); absent when off, so then it costs nothing.
        app.middleware.use(MetricsMiddleware(metrics: metrics.http), at: .beginning)
    }
    app.mantis.renderer = rendering.renderer
    app.mantis.renderAlways = rendering.always
    if let renderer = rendering.renderer { app.lifecycle.use(BrowserLifecycle(browser: renderer.browser)) }

    try routes(app)
    try app.register(collection: WebAppController(publicDirectory: config.publicDirectory ?? app.directory.publicDirectory))
    // Replaces Fluent's own `migrate` (registered when the database was set up) with one that also has --status.
    app.asyncCommands.use(MantisMigrateCommand(), as: "migrate")
    app.asyncCommands.use(RefreshCommand(), as: "refresh")
    app.asyncCommands.use(DoctorCommand(), as: "doctor")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
    app.asyncCommands.use(ExportCommand(), as: "export")
    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(TransferCommand(), as: "transfer")
    app.asyncCommands.use(ExtractCommand(), as: "extract")
    app.asyncCommands.use(ParsePriceCommand(), as: "parse-price")
    app.asyncCommands.use(SendTestEmailCommand(), as: "send-test-email")

    // The commands that write a SQLite file leave it in WAL mode (`mantis refresh` from cron as well as the
    // server): a commit then costs no fsync of a rollback journal.
    if ["serve", "migrate", "refresh", "import"].contains(commandName(app)) { try await enableWriteAheadLog(app) }
    if isServing(app) {
        app.logger.info("Page rendering: \(rendering.summary)")
        if config.autoMigrate {
            try await app.autoMigrate()
        } else if app.environment != .testing, let pending = await Migrations.pending(on: app), !pending.isEmpty {
            // An upgrade whose `mantis migrate --yes` was forgotten would serve errors; say so and stop instead.
            throw ConfigurationError(
                variable: "MANTIS_AUTO_MIGRATE",
                message: "is off and \(pending.count) migration(s) are pending (\(pending.joined(separator: ", "))): "
                    + "run `mantis migrate --yes` before starting this version")
        }
        // Shutdown runs these in reverse: STOPPING=1, stop accepting and finish requests, finish or hand back the
        // checks in hand, finish the email being sent, checkpoint SQLite's WAL; Fluent then closes the database.
        app.lifecycle.use(SQLiteCheckpointLifecycle())
        app.lifecycle.use(BackgroundServiceLifecycle(service: app.mantis.outbox))
        if config.schedulerEnabled { app.lifecycle.use(BackgroundServiceLifecycle(service: app.mantis.scheduler)) }
        app.lifecycle.use(HTTPServerDrainLifecycle())
        app.lifecycle.use(SystemdReadinessLifecycle(notifier: SystemdNotifier()))
    }
}

private func fetchSettings(_ config: AppConfig) -> HTTPPageFetcher.Settings {
    var settings = HTTPPageFetcher.Settings()
    settings.allowPrivateAddresses = config.fetchAllowPrivate
    settings.timeout = .seconds(Int64(config.fetchTimeout))
    if let agent = config.fetchUserAgent { settings.userAgent = agent }
    if let language = config.fetchAcceptLanguage { settings.acceptLanguage = language }
    return settings
}

/// On a SQLite file, switches to write-ahead logging (a setting the file keeps): readers never block the
/// writer, and a commit costs one fsync instead of several.
func enableWriteAheadLog(_ app: Application) async throws {
    guard case .sqlite(let path) = app.mantis.config.database, path != ":memory:" else { return }
    try await app.db.sql.raw("PRAGMA journal_mode=WAL").run()
}

/// The command being run ("serve" when none is named, as Vapor then serves), or nil for `--help`: only the
/// commands that use the database open it (`parse-price` and `extract` must not create a file).
private func commandName(_ app: Application) -> String? {
    var arguments = Array(app.environment.arguments.dropFirst())
    if let index = arguments.firstIndex(where: { $0 == "--env" || $0 == "-e" }) {
        arguments.removeSubrange(index...min(index + 1, arguments.count - 1))
    }
    if arguments.contains("--help") || arguments.contains("-h") { return nil }
    return arguments.first { !$0.hasPrefix("-") } ?? "serve"
}

/// Commands that never check a password, so they need no dummy hash (`--help` among them).
private let commandsThatSignNobodyIn: Set<String> = ["--help", "refresh", "extract", "parse-price", "send-test-email", "migrate", "routes", "doctor",
                                                         "backup", "restore", "transfer", "export", "import"]

/// `mantis serve`, or `mantis` with no command (Vapor then serves); not `mantis --help`.
private func isServing(_ app: Application) -> Bool {
    commandName(app) == "serve"
}

/// Local mode has no login, so it refuses a `--hostname`/`--bind` that would expose it beyond loopback.
private func checkLocalModeBinding(_ app: Application, config: AppConfig) throws {
    guard config.mode == .local else { return }
    let arguments = Array(app.environment.arguments)
    for (index, argument) in arguments.enumerated() where ["--hostname", "-H", "--bind", "-b"].contains(argument) {
        let value = index + 1 < arguments.count ? arguments[index + 1] : ""
        let host = value.split(separator: ":").first.map(String.init) ?? ""
        guard ["127.0.0.1", "localhost", "::1"].contains(host) else {
            throw ConfigurationError(
                variable: "MANTIS_MODE", message: "is local, which has no login, so Mantis only listens on 127.0.0.1 (got \(argument) \(value))")
        }
    }
}

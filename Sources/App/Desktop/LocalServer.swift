import Fluent
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// Mantis in local mode inside another process (the desktop app): what `MANTIS_MODE=local mantis serve` does —
/// migrations, the refresh scheduler, the email outbox, the web app — on 127.0.0.1 and a free port the system picks,
/// on the given SQLite file. `stop()` is `mantis serve`'s graceful stop: requests in flight finish, checks are
/// handed back, the WAL is checkpointed and the database closed.
public final class LocalServer: Sendable {
    private let app: Application
    /// The port the server listens on (the system's choice of a free one).
    public let port: Int
    private let stopState = NIOLockedValueBox(StopState())

    private struct StopState {
        var stopped = false
        var onStopRequested: (@Sendable () -> Void)?
    }

    /// `http://127.0.0.1:PORT`, the web app's origin.
    public var url: String { "http://127.0.0.1:\(port)" }

    /// Price alerts as they go out, for desktop notifications.
    public var priceAlerts: PriceAlertFeed { app.mantis.priceAlerts }

    private init(app: Application, port: Int) {
        self.app = app
        self.port = port
    }

    /// The log handlers `mantis` uses; call once, before anything logs. Notices and above unless `LOG_LEVEL` says
    /// otherwise, as `mantis serve --env production` logs: a desktop app's terminal (or journal) is no developer's.
    public static func bootstrapLogging() throws {
        var environment = Environment(name: "production", arguments: [CommandLine.arguments.first ?? "mantis-desktop"])
        try Application.bootstrapMantisLogging(&environment)
    }

    /// Starts local mode on the SQLite file at `databasePath` (its folder must exist). `publicDirectory` is the
    /// web app's files (nil: `MANTIS_PUBLIC_DIR`, else `Public/` in the working directory). The rest of the
    /// configuration (SMTP, fetching, the scheduler's interval) comes from `environment` as for `mantis serve`;
    /// mode, database, address and port are the desktop's, whatever it says.
    public static func start(
        databasePath: String, publicDirectory: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> LocalServer {
        // The port is chosen before configuring, not by listening on port 0: the links in alert emails
        // (FRONTEND_URL) must name the port the server really listens on. Another process could take the port
        // between the probe and the bind, so a failed start is tried again on a new one.
        var attempt = 0
        while true {
            attempt += 1
            let port = try freeLoopbackPort()
            do {
                return try await start(databasePath: databasePath, publicDirectory: publicDirectory, port: port, environment: environment)
            } catch let error as LocalServerError where error.portTaken && attempt < 3 {
                continue
            }
        }
    }

    private static func start(
        databasePath: String, publicDirectory: String?, port: Int, environment: [String: String]
    ) async throws -> LocalServer {
        // `serve` is what configure() reads to run migrations and install the serve lifecycles.
        let arguments = [
            CommandLine.arguments.first ?? "mantis-desktop", "serve", "--hostname", "127.0.0.1", "--port", "\(port)",
        ]
        // Its own environment name: Vapor reads `.env.desktop` and `.env` from the working directory, as `mantis`
        // reads its `.env` files, and a `.env.production` meant for a server stays out of the desktop.
        let app = try await Application.make(Environment(name: "desktop", arguments: arguments))
        do {
            // Read after make(): Vapor has loaded `.env` files into the process's environment by then.
            var variables = environment.merging(ProcessInfo.processInfo.environment) { given, _ in given }
            variables["DATABASE_URL"] = nil
            variables["MANTIS_MODE"] = AppConfig.Mode.local.rawValue
            variables["MANTIS_DB_PATH"] = databasePath
            // One process owns the file (the desktop's instance lock), so migrating on start is safe.
            variables["MANTIS_AUTO_MIGRATE"] = "true"
            variables["HOST"] = "127.0.0.1"
            variables["PORT"] = "\(port)"
            // Links in emails open this window's server (while it runs: the port is new at every start).
            variables["FRONTEND_URL"] = "http://127.0.0.1:\(port)"
            variables["CORS_ALLOW_ORIGINS"] = nil
            if let publicDirectory { variables["MANTIS_PUBLIC_DIR"] = publicDirectory }
            // Local mode has no accounts, so no token outlives the process: an ephemeral JWT key is enough.
            let config = try AppConfig(environment: variables, isProduction: false)
            try await configure(app, config: config)
            do {
                try await app.startup()
            } catch let error as IOError where error.errnoCode == EADDRINUSE {
                throw LocalServerError(message: "port \(port) was taken", portTaken: true)
            }
            guard let bound = app.http.server.shared.localAddress?.port else {
                throw LocalServerError(message: "the HTTP server has no local address after starting")
            }
            let server = LocalServer(app: app, port: bound)
            app.logger.notice(
                "Mantis local mode on http://127.0.0.1:\(bound)", metadata: ["database": "\(databasePath)"])
            // SIGTERM and SIGINT (Vapor's serve command) stop `running`: the desktop then quits as from its menu.
            app.running?.onStop.whenComplete { _ in server.stopRequested() }
            return server
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// A port on 127.0.0.1 that nothing listens on now: bind to port 0, read the port, close.
    static func freeLoopbackPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw LocalServerError(message: "no socket for finding a free port (errno \(errno))") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard bound else { throw LocalServerError(message: "could not find a free port on 127.0.0.1 (errno \(errno))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Called (once, on some thread) when a signal asks the process to stop, and not when `stop()` was called.
    public func onStopRequested(_ body: @escaping @Sendable () -> Void) {
        stopState.withLockedValue { $0.onStopRequested = body }
    }

    private func stopRequested() {
        let body = stopState.withLockedValue { state in state.stopped ? nil : state.onStopRequested }
        body?()
    }

    /// Checks every product of the local user now (the web app's "Refresh all"), through the scheduler's
    /// per-store limits; returns when all checks are done. A run already going is not started again.
    public func refreshAll() async {
        let services = app.mantis
        do {
            let user = try await services.localUser.get(on: app.db)
            let userID = try user.requireID()
            let products = try await Product.owned(by: userID, on: app.db).all()
            let (run, isNew) = services.refreshAllRuns.begin(
                userID: userID, queued: products.count, now: services.now())
            guard isNew else { return }
            let summary = await services.scheduler.check(products)
            services.refreshAllRuns.finish(userID: userID, runID: run.id)
            app.logger.info(
                "Refresh all from the desktop",
                metadata: ["checked": "\(summary.checked)", "failed": "\(summary.failed)"])
        } catch {
            app.logger.warning("Refresh all from the desktop failed", metadata: ["error": "\(error)"])
        }
    }

    /// Stops the server as `mantis serve` stops on SIGTERM, and closes the database; a second call does nothing.
    public func stop() async {
        let first = stopState.withLockedValue { state in
            defer { state.stopped = true }
            return !state.stopped
        }
        guard first else { return }
        app.logger.notice("Mantis local mode stopping")
        do {
            try await app.asyncShutdown()
        } catch {
            app.logger.warning("Mantis local mode did not shut down cleanly", metadata: ["error": "\(error)"])
        }
    }
}

public struct LocalServerError: Error, CustomStringConvertible {
    public let message: String
    /// The chosen port was taken before the server could listen on it (start again on another).
    var portTaken = false
    public var description: String { message }

    init(message: String, portTaken: Bool = false) {
        self.message = message
        self.portTaken = portTaken
    }
}

import Fluent
import MantisCore
import SQLKit
import Vapor

struct HealthController: RouteCollection {
    struct Health: Content {
        let status: String
        let database: String
    }

    /// The answer when all is well, written once.
    static let healthy: JSONWriter = {
        var json = JSONWriter(capacity: 40)
        json.beginObject()
        json.field("database", "ok")
        json.field("status", "ok")
        json.endObject()
        return json
    }()

    enum Ping: PreparedSQLText {
        static let name = "mantis_health_ping"
        static let sql = "SELECT 1"
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("health", use: health)
        routes.get("health", "ready", use: ready)
    }

    struct Readiness: Content {
        let status: String
        let database: String
        let pendingMigrations: [String]

        enum CodingKeys: String, CodingKey {
            case status, database
            case pendingMigrations = "pending_migrations"
        }
    }

    /// `GET /health/ready`: 200 once the database answers and every migration is applied; 503 otherwise, with
    /// the pending migrations named — for a load balancer, a deploy script or `systemctl` checks after an
    /// upgrade whose `mantis migrate --yes` was forgotten.
    @Sendable
    func ready(req: Request) async throws -> Response {
        guard let pending = await Migrations.pending(on: req.application) else {
            return try await Readiness(status: "not_ready", database: "unreachable", pendingMigrations: [])
                .encodeResponse(status: .serviceUnavailable, for: req)
        }
        let ready = pending.isEmpty
        return try await Readiness(status: ready ? "ready" : "not_ready", database: "ok", pendingMigrations: pending)
            .encodeResponse(status: ready ? .ok : .serviceUnavailable, for: req)
    }

    /// Future-based, so the common answer needs no task of its own. On a SQLite file the database is that file:
    /// reading it on this thread proves as much as a pooled query would, without the pool's thread hop. Otherwise
    /// (PostgreSQL, SQLite in memory) the check waits for the next ping of `databaseProbe`, which one statement
    /// kept prepared answers for every check that came in while the last ping was out.
    @Sendable
    func health(req: Request) -> EventLoopFuture<Response> {
        let services = req.application.mantis
        if services.sqliteReader?.query("SELECT 1", []) != nil {
            return req.eventLoop.makeSucceededFuture(.json(Self.healthy))
        }
        return services.databaseProbe.value(for: .ping, on: req.eventLoop).flatMap { healthy in
            healthy
                ? req.eventLoop.makeSucceededFuture(.json(Self.healthy))
                : Health(status: "error", database: "unreachable").encodeResponse(status: .serviceUnavailable, for: req)
        }
    }

    enum Probe: Hashable, Sendable { case ping }

    /// The ping behind `GET /health`, shared by the checks that arrive together; logs each failed ping once, not
    /// once per waiting check.
    static func databaseProbe(_ app: Application) -> CoalescedReads<Probe, Bool> {
        CoalescedReads { [weak app] _ in
            guard let app else { return false }
            do {
                _ = try await DriverRows.query(Ping.self, [], on: app.db)
                return true
            } catch {
                app.logger.warning("Health check: database unreachable", metadata: ["error": "\(error)"])
                return false
            }
        }
    }
}

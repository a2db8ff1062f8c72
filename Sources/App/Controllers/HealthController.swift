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
    }

    @Sendable
    func health(req: Request) async throws -> Response {
        do {
            // On a SQLite file the database is that file: reading it on this thread proves as much as a
            // pooled query would, without the pool's thread hop (the larger part of this route's CPU).
            if req.application.mantis.sqliteReader?.query("SELECT 1", []) == nil {
                // On PostgreSQL a statement kept prepared: a round trip of Bind/Execute only.
                _ = try await DriverRows.query(Ping.self, [], on: req.db)
            }
            return .json(Self.healthy)
        } catch {
            req.logger.warning("Health check: database unreachable", metadata: ["error": "\(error)"])
            return try await Health(status: "error", database: "unreachable").encodeResponse(status: .serviceUnavailable, for: req)
        }
    }
}

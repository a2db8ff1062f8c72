import Fluent
import SQLKit
import Vapor

struct HealthController: RouteCollection {
    struct Health: Content {
        let status: String
        let database: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("health", use: health)
    }

    @Sendable
    func health(req: Request) async throws -> Response {
        do {
            try await (req.db as! any SQLDatabase).raw("SELECT 1").run()
            return try await Health(status: "ok", database: "ok").encodeResponse(for: req)
        } catch {
            req.logger.warning("Health check: database unreachable", metadata: ["error": "\(error)"])
            return try await Health(status: "error", database: "unreachable").encodeResponse(status: .serviceUnavailable, for: req)
        }
    }
}

import Fluent
import Vapor

/// The signed-in user's sessions: where they are signed in, and ending one.
struct SessionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped("auth").grouped(UserAuthenticator(requireVerified: false))
        signedIn.get("sessions", use: list)
        signedIn.delete("sessions", ":sessionID", use: delete)
    }

    @Sendable
    func list(req: Request) async throws -> [SessionResponse] {
        let current = try req.currentUser
        return try await UserSession.query(on: req.db)
            .filter(\.$user.$id == current.userID)
            .filter(\.$revokedAt == nil)
            .filter(\.$expiresAt > req.application.mantis.now())
            .sort(\.$lastUsedAt, .descending)
            .all()
            .map { session in
                let id = try session.requireID()
                return SessionResponse(
                    id: id, createdAt: session.createdAt, lastUsedAt: session.lastUsedAt, userAgent: session.userAgent,
                    ip: session.ip, current: id == current.sessionID)
            }
    }

    @Sendable
    func delete(req: Request) async throws -> HTTPStatus {
        let current = try req.currentUser
        guard let id = req.parameters.get("sessionID", as: UUID.self),
              let session = try await UserSession.query(on: req.db)
                  .filter(\.$id == id)
                  .filter(\.$user.$id == current.userID)
                  .filter(\.$revokedAt == nil)
                  .first()
        else { throw MantisError.notFound("Session") }
        try await SessionService(request: req).revoke(sessionIDs: [session.requireID()], at: req.application.mantis.now())
        return .noContent
    }
}

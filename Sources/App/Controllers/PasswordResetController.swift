import Fluent
import MantisCore
import Vapor

/// Forgotten passwords: asking for a reset link, and setting a new password with it.
struct PasswordResetController: RouteCollection {
    struct EmailRequest: Content {
        let email: String
    }

    struct ResetPasswordRequest: Content {
        let token: String
        let newPassword: String
    }

    func boot(routes: any RoutesBuilder) throws {
        let limited = routes.rateLimitedAuthRoutes()
        limited.post("request-password-reset", use: requestPasswordReset)
        limited.post("reset-password", use: resetPassword)
    }

    /// Does the same work for every address: it queues a request, and the outbox worker looks the account up
    /// later and mails a link only if there is one. Neither the answer nor its timing tells who has an account.
    @Sendable
    func requestPasswordReset(req: Request) async throws -> Response {
        let body = try req.content.decode(EmailRequest.self)
        let email = EmailAddress.normalize(body.email)
        guard email.utf8.count <= 320 else {
            throw MantisError.validation(code: "invalid_email", reason: "Enter a valid email address, like name@example.com.")
        }
        try await Outbox(database: req.db).enqueuePasswordResetRequest(for: email, now: req.application.mantis.now())
        req.application.mantis.outbox.poke()
        return try await AcceptedResponse(status: "accepted", message: "If an account exists for this email, a reset link is on its way.")
            .encodeResponse(status: .accepted, for: req)
    }

    /// The link is checked before any bcrypt work, so a flood of made-up tokens costs no hashing. A successful
    /// reset ends every session and every other unused reset link, and proves the address.
    @Sendable
    func resetPassword(req: Request) async throws -> UserResponse {
        let body = try req.content.decode(ResetPasswordRequest.self)
        try PasswordCheck.validate(body.newPassword)
        guard try await req.accountTokens().isValid(body.token, purpose: .reset) else { throw MantisError.invalidToken }
        let hash = try await req.hashPassword(body.newPassword)
        let token = body.token
        let user = try await req.application.mantis.transaction(on: req.db) { database in
            let tokens = req.accountTokens(on: database)
            let user = try await tokens.consume(token, purpose: .reset)
            user.passwordHash = hash
            user.isVerified = true
            try await user.save(on: database)
            try await tokens.revokeUnused(userID: user.requireID(), purpose: .reset, at: req.application.mantis.now())
            try await SessionService(request: req).revokeAll(userID: user.requireID(), on: database)
            try await req.queuePasswordChanged(to: user, on: database)
            return user
        }
        req.application.mantis.outbox.poke()
        return try UserResponse(user)
    }
}

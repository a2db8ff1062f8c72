import Fluent
import Vapor

/// Confirming the account's address: following the mailed link, and asking for a new one.
struct EmailVerificationController: RouteCollection {
    struct TokenRequest: Content {
        let token: String
    }

    func boot(routes: any RoutesBuilder) throws {
        let limited = routes.rateLimitedAuthRoutes()
        limited.post("verify-email", use: verifyEmail)
        limited.grouped(UserAuthenticator(requireVerified: false)).post("resend-verification", use: resendVerification)
    }

    /// A used link ends every other unused verification link of the account.
    @Sendable
    func verifyEmail(req: Request) async throws -> UserResponse {
        let body = try req.content.decode(TokenRequest.self)
        let token = body.token
        let user = try await req.application.mantis.transaction(on: req.db) { database in
            let tokens = req.accountTokens(on: database)
            let user = try await tokens.consume(token, purpose: .verify)
            try await tokens.revokeUnused(userID: user.requireID(), purpose: .verify, at: req.application.mantis.now())
            if !user.isVerified {
                user.isVerified = true
                try await user.save(on: database)
            }
            return user
        }
        return try UserResponse(user)
    }

    /// One resend a minute per user (the registration email does not count). Each resend carries a new
    /// token and ends the older ones, so only the newest link works.
    @Sendable
    func resendVerification(req: Request) async throws -> Response {
        let user = try req.currentUser.user
        if !user.isVerified {
            let now = req.application.mantis.now()
            if let last = user.verificationResentAt, now.timeIntervalSince(last) < 60, now >= last {
                let wait = Int(60 - now.timeIntervalSince(last)) + 1
                throw MantisError.rateLimited(retryAfter: wait, reason: "A verification email was just sent. You can ask again in \(wait) seconds.")
            }
            try await req.application.mantis.transaction(on: req.db) { database in
                user.verificationResentAt = now
                try await user.save(on: database)
                try await req.queueVerification(to: user, on: database)
            }
            req.application.mantis.outbox.poke()
        }
        return try await AcceptedResponse(status: "accepted", message: "If the account is not yet verified, a new email is on its way.")
            .encodeResponse(status: .accepted, for: req)
    }
}

import MantisCore
import Vapor

/// `AUTH_RATE_LIMIT_PER_IP`: requests per minute per client address, counted together across the account
/// routes it guards (register, login, refresh, verify-email, resend-verification, request-password-reset,
/// reset-password), before anything else is done with them.
struct AuthRateLimitMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let limit = request.application.mantis.config.authRateLimitPerIP
        if limit > 0, let address = request.clientAddress {
            try await request.enforceRateLimit(rule: "auth-ip", identifier: ClientAddressPolicy.rateLimitKey(for: address), limit: limit)
        }
        return try await next.respond(to: request)
    }
}

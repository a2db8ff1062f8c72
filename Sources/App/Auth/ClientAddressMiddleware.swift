import MantisCore
import Vapor

/// Works out the client's address (see `ClientAddressPolicy`) for the account routes, which count it and list
/// it with sessions, so both always agree. Other routes never need it and never pay for it.
struct ClientAddressMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        _ = request.clientAddress
        return try await next.respond(to: request)
    }
}

struct ClientAddressKey: StorageKey {
    typealias Value = String
}

extension Request {
    /// The client's address, worked out once per request.
    var clientAddress: String? {
        if let known = storage[ClientAddressKey.self] { return known }
        let policy = application.mantis.config.clientAddressPolicy
        let values = policy.header.map { headers[$0] } ?? []
        let address = policy.clientAddress(peer: remoteAddress?.ipAddress, headerValues: values)
        storage[ClientAddressKey.self] = address
        return address
    }
}

extension RoutesBuilder {
    /// `/auth/…` routes under `AUTH_RATE_LIMIT_PER_IP`.
    func rateLimitedAuthRoutes() -> any RoutesBuilder {
        grouped("auth").grouped(ClientAddressMiddleware(), AuthRateLimitMiddleware())
    }
}

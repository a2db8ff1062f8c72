import MantisCore
import Vapor

/// Works out the client's address once per request (see `ClientAddressPolicy`): the rate limits count it and
/// the session list shows it, so both always agree.
struct ClientAddressMiddleware: AsyncMiddleware {
    let policy: ClientAddressPolicy

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let values = policy.header.map { request.headers[$0] } ?? []
        request.storage[ClientAddressKey.self] = policy.clientAddress(peer: request.remoteAddress?.ipAddress, headerValues: values)
        return try await next.respond(to: request)
    }
}

struct ClientAddressKey: StorageKey {
    typealias Value = String
}

extension Request {
    /// The client's address as `ClientAddressMiddleware` found it.
    var clientAddress: String? {
        storage[ClientAddressKey.self] ?? remoteAddress?.ipAddress.flatMap(IPNetwork.canonical)
    }
}

import Vapor

/// Every response says which request it answers (`X-Request-ID`), and every log line of the request carries the
/// same id (`request-id`): a proxy's own id when it sent a sane one, else a new one.
struct RequestIDMiddleware: Middleware {
    static let header = "X-Request-ID"

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        // Vapor takes `request.id` from an incoming X-Request-ID as it is; one that fails `accepted` is replaced.
        var id = request.id
        if let offered = request.headers.first(name: Self.header), Self.accepted(offered) == nil {
            id = UUID().uuidString
            request.logger[metadataKey: "request-id"] = .string(id)
        }
        return next.respond(to: request).map { response in
            response.headers.replaceOrAdd(name: Self.header, value: id)
            return response
        }
    }

    /// An id from outside is kept only if it is 1–128 characters of letters, digits and `._:-`: it goes into log
    /// lines and a header, so nothing that could forge either.
    static func accepted(_ value: String?) -> String? {
        guard let value, (1...128).contains(value.utf8.count) else { return nil }
        let allowed = value.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x2E || byte == 0x5F
                || byte == 0x3A || byte == 0x2D
        }
        return allowed ? value : nil
    }
}

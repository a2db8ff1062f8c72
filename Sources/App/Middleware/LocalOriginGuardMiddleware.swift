import Vapor

/// Local mode has no login, so anything that can reach 127.0.0.1 acts as its user — including a page on another
/// site that points its own host name at 127.0.0.1 (DNS rebinding) or posts a form to it. So in local mode a
/// request must name this server by a loopback name and port in `Host`, and a state-changing request that
/// carries an `Origin` must come from this server's own origin.
struct LocalOriginGuardMiddleware: Middleware {
    static let loopbackNames = ["127.0.0.1", "localhost", "[::1]"]

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let port = request.application.http.server.shared.localAddress?.port ?? request.application.mantis.config.port
        guard let host = request.headers.first(name: .host), Self.isLocal(authority: host, port: port) else {
            return request.eventLoop.makeFailedFuture(MantisError.hostNotAllowed)
        }
        if ![.GET, .HEAD, .OPTIONS].contains(request.method), let origin = request.headers.first(name: .origin) {
            guard Self.isLocalOrigin(origin, port: port) else { return request.eventLoop.makeFailedFuture(MantisError.originNotAllowed) }
        }
        return next.respond(to: request)
    }

    /// `127.0.0.1:8000`, `localhost:8000`, `[::1]:8000` (no port only when the server is on port 80).
    static func isLocal(authority: String, port: Int) -> Bool {
        let value = authority.lowercased()
        return loopbackNames.contains { name in
            value == "\(name):\(port)" || (port == 80 && value == name)
        }
    }

    static func isLocalOrigin(_ origin: String, port: Int) -> Bool {
        let value = origin.lowercased()
        guard value.hasPrefix("http://") else { return false }
        return isLocal(authority: String(value.dropFirst("http://".count)), port: port)
    }
}

import Vapor

/// Security headers on every response. The web app has no inline script or style, so the policy can be
/// strict; `no-referrer` everywhere keeps reset and verification tokens in URLs from leaking to other sites.
///
/// Behind https (FRONTEND_URL), `Strict-Transport-Security` tells browsers never to try plain http again (without
/// `includeSubDomains`: a home server's other subdomains are not Mantis's to decide). Every `/auth` answer
/// carries tokens or account data, so none of it may be stored by a browser or a proxy.
struct SecurityHeadersMiddleware: Middleware {
    var strictTransportSecurity = false

    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' https: data:",
        "connect-src 'self'", "font-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'",
        "frame-ancestors 'none'",
    ].joined(separator: "; ")

    static let headers: [(String, String)] = [
        ("Content-Security-Policy", contentSecurityPolicy),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).map { response in
            addHeaders(to: response, for: request)
            return response
        }
    }

    private func addHeaders(to response: Response, for request: Request) {
        for (name, value) in Self.headers where !response.headers.contains(name: name) {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        if strictTransportSecurity {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=63072000")
        }
        if request.url.path == "/auth" || request.url.path.hasPrefix("/auth/") {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
    }
}

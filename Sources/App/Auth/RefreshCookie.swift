import Foundation
import Vapor

/// The browser keeps its refresh token in a cookie no script can read. A client asks for it with the
/// `X-Mantis-Refresh-Cookie: 1` header on login, register, refresh and logout; the JSON body still carries
/// the token for other clients (CLI, desktop). Requests that authenticate with the cookie must come from an
/// allowed origin (CSRF guard): `Origin` must be FRONTEND_URL's origin or one of CORS_ALLOW_ORIGINS.
enum RefreshCookie {
    static let name = "mantis_refresh"
    static let requestHeader = "X-Mantis-Refresh-Cookie"

    static func isRequested(by request: Request) -> Bool {
        request.headers.first(name: requestHeader) == "1"
    }

    static func set(_ token: String, on response: Response, lifetime: TimeInterval) {
        response.cookies[name] = HTTPCookies.Value(
            string: token, expires: Date().addingTimeInterval(lifetime), maxAge: Int(lifetime), path: "/auth",
            isSecure: true, isHTTPOnly: true, sameSite: .strict)
    }

    static func clear(on response: Response) {
        response.cookies[name] = HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/auth", isSecure: true, isHTTPOnly: true,
            sameSite: .strict)
    }

    /// The refresh token from the cookie, after the CSRF check.
    static func token(from request: Request, config: AppConfig) throws -> String? {
        guard let value = request.cookies[name]?.string, !value.isEmpty else { return nil }
        guard let origin = request.headers.first(name: .origin), allowedOrigins(config).contains(origin.trimmingSuffix("/")) else {
            throw MantisError.csrfRejected
        }
        return value
    }

    static func allowedOrigins(_ config: AppConfig) -> Set<String> {
        Set([config.frontendURL] + config.corsAllowOrigins).subtracting(["*"])
    }
}

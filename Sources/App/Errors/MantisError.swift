import Vapor

/// Every error the API answers on purpose, each with a stable machine-readable `code`.
enum MantisError: AbortError {
    case validation(code: String, reason: String)
    case emailTaken
    case invalidCredentials
    case unauthorized(code: String = "unauthorized", reason: String = "Authentication required.")
    case forbidden(code: String, reason: String)
    case refreshTokenReused
    case invalidRefreshToken
    case invalidToken
    case wrongPassword
    case emailNotVerified
    case notFound(String)
    case invalidURL(String)
    case fetchFailed(String)
    /// The store refused the check (403, 429, a robot check): to the client the same as `fetchFailed`, kept
    /// apart for the `blocked` outcome of `mantis_checks_total`.
    case storeRefused(String)
    case fetchBlocked(String)
    case noProductFound
    case rateLimited(retryAfter: Int, reason: String)
    case csrfRejected
    case serverBusy(retryAfter: Int)
    /// Every database connection stayed busy for the pool's whole wait (a burst of writes on a small server).
    case databaseBusy(retryAfter: Int)
    case tooManyProducts(limit: Int)
    /// Local mode: a request for another host name (DNS rebinding) or from another site's page.
    case hostNotAllowed
    case originNotAllowed

    var status: HTTPResponseStatus {
        switch self {
        case .validation, .invalidURL, .noProductFound: .unprocessableEntity
        case .emailTaken, .invalidToken: .badRequest
        case .invalidCredentials, .unauthorized, .refreshTokenReused, .invalidRefreshToken: .unauthorized
        case .wrongPassword, .emailNotVerified: .forbidden
        case .notFound: .notFound
        case .fetchFailed, .storeRefused: .badGateway
        case .fetchBlocked: .unprocessableEntity
        case .rateLimited: .tooManyRequests
        case .csrfRejected, .forbidden: .forbidden
        case .serverBusy, .databaseBusy: .serviceUnavailable
        case .tooManyProducts: .unprocessableEntity
        case .hostNotAllowed: .misdirectedRequest
        case .originNotAllowed: .forbidden
        }
    }

    var code: String {
        switch self {
        case .validation(let code, _): code
        case .emailTaken: "email_taken"
        case .invalidCredentials: "invalid_credentials"
        case .unauthorized(let code, _), .forbidden(let code, _): code
        case .refreshTokenReused: "refresh_token_reused"
        case .invalidRefreshToken: "invalid_refresh_token"
        case .invalidToken: "invalid_token"
        case .wrongPassword: "wrong_password"
        case .emailNotVerified: "email_not_verified"
        case .notFound: "not_found"
        case .invalidURL: "invalid_url"
        case .fetchFailed, .storeRefused: "fetch_failed"
        case .fetchBlocked: "fetch_blocked"
        case .noProductFound: "no_product_found"
        case .rateLimited: "rate_limited"
        case .csrfRejected: "csrf_rejected"
        case .serverBusy, .databaseBusy: "server_busy"
        case .tooManyProducts: "too_many_products"
        case .hostNotAllowed: "host_not_allowed"
        case .originNotAllowed: "origin_not_allowed"
        }
    }

    var reason: String {
        switch self {
        case .validation(_, let reason): reason
        case .emailTaken: "An account with this email already exists."
        case .invalidCredentials: "Email or password is incorrect."
        case .unauthorized(_, let reason), .forbidden(_, let reason): reason
        case .refreshTokenReused: "This refresh token was already used; the session has been ended for safety."
        case .invalidRefreshToken: "The refresh token is invalid or expired."
        case .invalidToken: "This link is invalid, already used or expired."
        case .wrongPassword: "The password is incorrect."
        case .emailNotVerified: "Verify your email address first."
        case .notFound(let what): "\(what) not found."
        case .invalidURL(let reason): reason
        case .fetchFailed(let reason), .storeRefused(let reason): reason
        case .fetchBlocked(let reason): reason
        case .noProductFound: "No product title or price could be read from this page."
        case .rateLimited(_, let reason): reason
        case .csrfRejected: "This request must come from the Mantis web app (Origin not allowed)."
        case .serverBusy(let seconds): "The server is busy checking passwords. Try again in \(seconds) seconds."
        case .databaseBusy(let seconds): "The server is busy. Try again in \(seconds) seconds."
        case .tooManyProducts(let limit): "You already track \(limit) products, the most one account may. Remove one first."
        case .hostNotAllowed: "Local Mantis answers only requests for 127.0.0.1, localhost or [::1] on its own port."
        case .originNotAllowed: "Local Mantis accepts changes only from its own pages (Origin not allowed)."
        }
    }

    var headers: HTTPHeaders {
        switch self {
        case .rateLimited(let seconds, _), .serverBusy(let seconds), .databaseBusy(let seconds): ["Retry-After": "\(seconds)"]
        default: [:]
        }
    }
}

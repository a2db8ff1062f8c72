import Vapor

/// The user a request acts for, and the session its access token belongs to (nil in local mode).
struct AuthenticatedUser: Authenticatable {
    let user: User
    let sessionID: UUID?
    /// The user's `products_version` as the session check read it; nil in local mode (no check, no cache).
    var productsVersion: Int64? = nil

    var userID: UUID { user.id! }
}

extension Request {
    /// The signed-in user; routes behind `UserAuthenticator` can rely on it.
    var currentUser: AuthenticatedUser {
        get throws {
            guard let authenticated = auth.get(AuthenticatedUser.self) else { throw MantisError.unauthorized() }
            return authenticated
        }
    }
}

import Fluent
import MantisCore
import Vapor

/// The account itself: registration, profile, preferences, password change and deletion.
struct AccountController: RouteCollection {
    struct ChangePasswordRequest: Content {
        let currentPassword: String
        let newPassword: String
    }

    struct PasswordRequest: Content {
        let password: String
    }

    struct PreferencesRequest: Content {
        let alertsEnabled: Bool?
    }

    func boot(routes: any RoutesBuilder) throws {
        let auth = routes.grouped("auth")
        routes.rateLimitedAuthRoutes().post("register", use: register)
        let signedIn = auth.grouped(UserAuthenticator(requireVerified: false))
        signedIn.get("me", use: me)
        signedIn.delete("me", use: deleteAccount)
        signedIn.patch("me", use: updatePreferences)
        signedIn.post("change-password", use: changePassword)
    }

    @Sendable
    func register(req: Request) async throws -> Response {
        let body = try req.content.decode(SignInController.Credentials.self)
        let email = try PasswordCheck.validEmail(body.email)
        try PasswordCheck.validate(body.password)
        if try await User.query(on: req.db).filter(\.$email == email.value).first() != nil {
            throw MantisError.emailTaken
        }
        let hash = try await req.hashPassword(body.password)
        let user = User(email: email.value, passwordHash: hash)
        do {
            // The account and its verification email exist together or not at all.
            try await req.application.mantis.transaction(on: req.db) { database in
                try await user.create(on: database)
                try await req.queueVerification(to: user, on: database)
            }
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            // Two registrations raced; the unique index decided.
            throw MantisError.emailTaken
        }
        req.application.mantis.outbox.poke()
        req.logger.info("User registered", metadata: ["user_id": "\(user.id!)"])
        let pair = try await SessionService(request: req).start(for: user)
        return try await TokenResponse.response(pair, user: user, status: .created, for: req)
    }

    @Sendable
    func me(req: Request) async throws -> Response {
        var json = JSONWriter(capacity: 256)
        try UserResponse(req.currentUser.user).write(to: &json)
        return .json(json)
    }

    /// `PATCH /auth/me {alerts_enabled}`.
    @Sendable
    func updatePreferences(req: Request) async throws -> UserResponse {
        let body = try req.content.decode(PreferencesRequest.self)
        let user = try req.currentUser.user
        if let enabled = body.alertsEnabled { user.alertsEnabled = enabled }
        try await user.save(on: req.db)
        return try UserResponse(user)
    }

    /// Ends the other sessions and every unused reset link: whoever had those no longer gets in.
    @Sendable
    func changePassword(req: Request) async throws -> UserResponse {
        let body = try req.content.decode(ChangePasswordRequest.self)
        let current = try req.currentUser
        try await PasswordCheck.require(body.currentPassword, of: current.user, on: req)
        try PasswordCheck.validate(body.newPassword)
        current.user.passwordHash = try await req.hashPassword(body.newPassword)
        try await req.application.mantis.transaction(on: req.db) { database in
            try await current.user.save(on: database)
            try await SessionService(request: req).revokeAll(userID: current.userID, except: current.sessionID, on: database)
            try await req.accountTokens(on: database).revokeUnused(userID: current.userID, purpose: .reset, at: req.application.mantis.now())
            try await req.queuePasswordChanged(to: current.user, on: database)
        }
        req.application.mantis.outbox.poke()
        return try UserResponse(current.user)
    }

    @Sendable
    func deleteAccount(req: Request) async throws -> HTTPStatus {
        let body = try req.content.decode(PasswordRequest.self)
        let current = try req.currentUser
        try await PasswordCheck.require(body.password, of: current.user, on: req)
        // Sessions, tokens, products and price history go with the user (ON DELETE CASCADE).
        try await current.user.delete(on: req.db)
        req.logger.info("Account deleted", metadata: ["user_id": "\(current.userID)"])
        return .noContent
    }
}

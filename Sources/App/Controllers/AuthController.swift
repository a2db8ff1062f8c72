import Fluent
import MantisCore
import Vapor

struct AuthController: RouteCollection {
    struct Credentials: Content {
        let email: String
        let password: String
    }

    /// `refresh_token` may be left out when the browser's cookie carries it.
    struct RefreshRequest: Content {
        let refreshToken: String?
    }

    struct TokenRequest: Content {
        let token: String
    }

    struct EmailRequest: Content {
        let email: String
    }

    struct ResetPasswordRequest: Content {
        let token: String
        let newPassword: String
    }

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
        auth.post("register", use: register)
        auth.post("login", use: login)
        auth.post("refresh", use: refresh)
        auth.post("logout", use: logout)
        auth.post("verify-email", use: verifyEmail)
        auth.post("request-password-reset", use: requestPasswordReset)
        auth.post("reset-password", use: resetPassword)

        let signedIn = auth.grouped(UserAuthenticator(requireVerified: false))
        signedIn.get("me", use: me)
        signedIn.delete("me", use: deleteAccount)
        signedIn.patch("me", use: updatePreferences)
        signedIn.post("logout-all", use: logoutAll)
        signedIn.post("resend-verification", use: resendVerification)
        signedIn.post("change-password", use: changePassword)
        signedIn.get("sessions", use: listSessions)
        signedIn.delete("sessions", ":sessionID", use: deleteSession)
    }

    // MARK: registration and login

    @Sendable
    func register(req: Request) async throws -> Response {
        let body = try req.content.decode(Credentials.self)
        let email = try Self.validEmail(body.email)
        try Self.validatePassword(body.password)
        if try await User.query(on: req.db).filter(\.$email == email.value).first() != nil {
            throw MantisError.emailTaken
        }
        let hash = try await req.passwordHasher.hash(body.password)
        let user = User(email: email.value, passwordHash: hash)
        do {
            // The account and its verification email exist together or not at all.
            try await req.application.mantis.transaction(on: req.db) { database in
                try await user.create(on: database)
                try await queueVerification(to: user, on: database, req: req)
            }
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            // Two registrations raced; the unique index decided.
            throw MantisError.emailTaken
        }
        req.application.mantis.outbox.poke()
        req.logger.info("User registered", metadata: ["user_id": "\(user.id!)"])
        let pair = try await SessionService(request: req).start(for: user)
        return try await tokenResponse(pair, user: user, status: .created, req: req)
    }

    @Sendable
    func login(req: Request) async throws -> Response {
        let body = try req.content.decode(Credentials.self)
        let email = EmailAddress.normalize(body.email)
        let user = try await User.query(on: req.db).filter(\.$email == email).first()
        // Unknown email, over-long password or wrong password: the same bcrypt work and the same answer.
        let hash = user?.passwordHash ?? req.application.mantis.dummyPasswordHash
        let matches = await Self.passwordMatches(body.password, hash: hash, on: req)
        guard let user, matches else { throw MantisError.invalidCredentials }
        let pair = try await SessionService(request: req).start(for: user)
        return try await tokenResponse(pair, user: user, status: .ok, req: req)
    }

    @Sendable
    func refresh(req: Request) async throws -> Response {
        let token = try refreshToken(in: req)
        let (pair, user) = try await SessionService(request: req).refresh(token)
        return try await tokenResponse(pair, user: user, status: .ok, req: req)
    }

    @Sendable
    func logout(req: Request) async throws -> Response {
        try await SessionService(request: req).end(refreshToken: try refreshToken(in: req))
        let response = Response(status: .noContent)
        if RefreshCookie.isRequested(by: req) || req.cookies[RefreshCookie.name] != nil { RefreshCookie.clear(on: response) }
        return response
    }

    /// The token from the body, or else from the cookie (which must pass the CSRF check).
    private func refreshToken(in req: Request) throws -> String {
        let body = (try? req.content.decode(RefreshRequest.self)) ?? RefreshRequest(refreshToken: nil)
        if let token = body.refreshToken { return token }
        if let token = try RefreshCookie.token(from: req, config: req.application.mantis.config) { return token }
        // Neither: decode again to report the missing field in the usual way.
        _ = try req.content.decode(RefreshRequest.self)
        throw MantisError.validation(code: "missing_field", reason: "Missing field 'refresh_token'.")
    }

    private func tokenResponse(_ pair: SessionService.TokenPair, user: User, status: HTTPStatus, req: Request) async throws -> Response {
        let response = try await TokenResponse(pair, user: user).encodeResponse(status: status, for: req)
        if RefreshCookie.isRequested(by: req) {
            RefreshCookie.set(pair.refreshToken, on: response, lifetime: req.application.mantis.config.refreshTokenLifetime)
        }
        return response
    }

    @Sendable
    func logoutAll(req: Request) async throws -> HTTPStatus {
        try await SessionService(request: req).revokeAll(userID: req.currentUser.userID)
        return .noContent
    }

    @Sendable
    func me(req: Request) async throws -> UserResponse {
        try UserResponse(req.currentUser.user)
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

    // MARK: email verification

    @Sendable
    func verifyEmail(req: Request) async throws -> UserResponse {
        let body = try req.content.decode(TokenRequest.self)
        let user = try await AccountTokenService(database: req.db).consume(body.token, purpose: .verify)
        if !user.isVerified {
            user.isVerified = true
            try await user.save(on: req.db)
        }
        return try UserResponse(user)
    }

    /// One resend a minute per user (the registration email does not count). Each resend carries a new
    /// token and ends the older ones, so only the newest link works.
    @Sendable
    func resendVerification(req: Request) async throws -> Response {
        let user = try req.currentUser.user
        if !user.isVerified {
            let now = Date()
            if let last = user.verificationResentAt, now.timeIntervalSince(last) < 60 {
                let wait = Int(60 - now.timeIntervalSince(last)) + 1
                throw MantisError.rateLimited(retryAfter: wait, reason: "A verification email was just sent. You can ask again in \(wait) seconds.")
            }
            try await req.application.mantis.transaction(on: req.db) { database in
                try await AccountTokenService(database: database).revokeUnused(userID: user.requireID(), purpose: .verify, at: now)
                user.verificationResentAt = now
                try await user.save(on: database)
                try await queueVerification(to: user, on: database, req: req)
            }
            req.application.mantis.outbox.poke()
        }
        return try await AcceptedResponse(status: "accepted", message: "If the account is not yet verified, a new email is on its way.")
            .encodeResponse(status: .accepted, for: req)
    }

    private func queueVerification(to user: User, on database: any Database, req: Request) async throws {
        let token = try await AccountTokenService(database: database).issue(for: user, purpose: .verify)
        let message = req.application.mantis.emailTemplates.verification(to: user.email, token: token)
        try await req.queueEmail(message, kind: .verification, userID: user.requireID(), on: database)
    }

    // MARK: passwords

    @Sendable
    func requestPasswordReset(req: Request) async throws -> Response {
        let body = try req.content.decode(EmailRequest.self)
        let email = EmailAddress.normalize(body.email)
        if let user = try await User.query(on: req.db).filter(\.$email == email).first() {
            try await req.application.mantis.transaction(on: req.db) { database in
                let token = try await AccountTokenService(database: database).issue(for: user, purpose: .reset)
                let message = req.application.mantis.emailTemplates.passwordReset(to: user.email, token: token)
                try await req.queueEmail(message, kind: .passwordReset, userID: user.requireID(), on: database)
            }
            req.application.mantis.outbox.poke()
        }
        // Same status and body either way: the answer must not tell who has an account.
        return try await AcceptedResponse(status: "accepted", message: "If an account exists for this email, a reset link is on its way.")
            .encodeResponse(status: .accepted, for: req)
    }

    @Sendable
    func resetPassword(req: Request) async throws -> UserResponse {
        let body = try req.content.decode(ResetPasswordRequest.self)
        try Self.validatePassword(body.newPassword)
        let hash = try await req.passwordHasher.hash(body.newPassword)
        let user = try await req.application.mantis.transaction(on: req.db) { database in
            let user = try await AccountTokenService(database: database).consume(body.token, purpose: .reset)
            user.passwordHash = hash
            // Following the emailed link proves the address, too.
            user.isVerified = true
            try await user.save(on: database)
            try await SessionService(request: req).revokeAll(userID: user.requireID(), on: database)
            try await queuePasswordChanged(to: user, on: database, req: req)
            return user
        }
        req.application.mantis.outbox.poke()
        return try UserResponse(user)
    }

    private func queuePasswordChanged(to user: User, on database: any Database, req: Request) async throws {
        let message = req.application.mantis.emailTemplates.passwordChanged(to: user.email, at: Date())
        try await req.queueEmail(message, kind: .passwordChanged, userID: user.requireID(), on: database)
    }

    @Sendable
    func changePassword(req: Request) async throws -> UserResponse {
        let body = try req.content.decode(ChangePasswordRequest.self)
        let current = try req.currentUser
        try await Self.requirePassword(body.currentPassword, of: current.user, on: req)
        try Self.validatePassword(body.newPassword)
        current.user.passwordHash = try await req.passwordHasher.hash(body.newPassword)
        try await req.application.mantis.transaction(on: req.db) { database in
            try await current.user.save(on: database)
            try await SessionService(request: req).revokeAll(userID: current.userID, except: current.sessionID, on: database)
            try await queuePasswordChanged(to: current.user, on: database, req: req)
        }
        req.application.mantis.outbox.poke()
        return try UserResponse(current.user)
    }

    @Sendable
    func deleteAccount(req: Request) async throws -> HTTPStatus {
        let body = try req.content.decode(PasswordRequest.self)
        let current = try req.currentUser
        try await Self.requirePassword(body.password, of: current.user, on: req)
        // Sessions, tokens, products and price history go with the user (ON DELETE CASCADE).
        try await current.user.delete(on: req.db)
        req.logger.info("Account deleted", metadata: ["user_id": "\(current.userID)"])
        return .noContent
    }

    // MARK: sessions

    @Sendable
    func listSessions(req: Request) async throws -> [SessionResponse] {
        let current = try req.currentUser
        return try await UserSession.query(on: req.db)
            .filter(\.$user.$id == current.userID)
            .filter(\.$revokedAt == nil)
            .filter(\.$expiresAt > Date())
            .sort(\.$lastUsedAt, .descending)
            .all()
            .map { session in
                let id = try session.requireID()
                return SessionResponse(
                    id: id, createdAt: session.createdAt, lastUsedAt: session.lastUsedAt, userAgent: session.userAgent,
                    ip: session.ip, current: id == current.sessionID)
            }
    }

    @Sendable
    func deleteSession(req: Request) async throws -> HTTPStatus {
        let current = try req.currentUser
        guard let id = req.parameters.get("sessionID", as: UUID.self),
              let session = try await UserSession.query(on: req.db)
                  .filter(\.$id == id)
                  .filter(\.$user.$id == current.userID)
                  .filter(\.$revokedAt == nil)
                  .first()
        else { throw MantisError.notFound("Session") }
        try await SessionService(request: req).revoke(sessionIDs: [session.requireID()], at: Date())
        return .noContent
    }

    // MARK: validation

    static func validEmail(_ raw: String) throws -> EmailAddress {
        do {
            return try EmailAddress(raw)
        } catch {
            throw MantisError.validation(code: "invalid_email", reason: "Enter a valid email address, like name@example.com.")
        }
    }

    static func validatePassword(_ password: String) throws {
        do {
            try PasswordPolicy.validate(password)
        } catch .tooShort {
            throw MantisError.validation(
                code: "password_too_short", reason: "The password needs at least \(PasswordPolicy.minimumCharacters) characters.")
        } catch .tooLong {
            throw MantisError.validation(
                code: "password_too_long",
                reason: "The password can be at most \(PasswordPolicy.maximumUTF8Bytes) bytes of UTF-8 (fewer characters for non-Latin scripts).")
        }
    }

    /// bcrypt verification off the event loop. A password over bcrypt's 72 bytes never matches (it could not
    /// have been set), but still costs one verification, so the answer takes the same time.
    static func passwordMatches(_ password: String, hash: String, on req: Request) async -> Bool {
        let fits = password.utf8.count <= PasswordPolicy.maximumUTF8Bytes
        let matches = (try? await req.passwordHasher.verify(fits ? password : "", created: hash)) ?? false
        return fits && !password.isEmpty && matches
    }

    static func requirePassword(_ password: String, of user: User, on req: Request) async throws {
        guard await passwordMatches(password, hash: user.passwordHash, on: req) else { throw MantisError.wrongPassword }
    }
}

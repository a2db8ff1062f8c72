import Fluent
import Vapor

extension Request {
    /// One-time tokens on `database` (the request's own unless a transaction's is given), on the app's clock.
    func accountTokens(on database: (any Database)? = nil) -> AccountTokenService {
        AccountTokenService(database: database ?? db, dependencies: application.mantis.dependencies)
    }

    /// Queues a verification email with a new token (ending the older ones) in the caller's transaction.
    func queueVerification(to user: User, on database: any Database) async throws {
        let token = try await accountTokens(on: database).issue(for: user, purpose: .verify)
        let message = application.mantis.emailTemplates.verification(to: user.email, token: token)
        try await queueEmail(message, kind: .verification, userID: user.requireID(), on: database)
    }

    func queuePasswordChanged(to user: User, on database: any Database) async throws {
        let message = application.mantis.emailTemplates.passwordChanged(to: user.email, at: application.mantis.now())
        try await queueEmail(message, kind: .passwordChanged, userID: user.requireID(), on: database)
    }
}

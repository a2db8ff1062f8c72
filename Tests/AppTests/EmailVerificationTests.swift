@testable import App
import Fluent
import Foundation
import MantisCore
import Testing

@Suite("Email verification", .timeLimit(.minutes(3)))
struct EmailVerificationTests {
    @Test("The emailed link verifies the account once; a second use is 400 invalid_token", arguments: TestDatabase.all)
    func verificationLinkWorksOnce(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            let message = try await t.mailbox.waitForMessages(to: account.email, subjectContaining: "Confirm your email")[0]
            let token = try #require(Mailbox.token(in: message, path: "/verify-email"))
            let response = try await t.client.post("/auth/verify-email", ["token": token])
            #expect(response.status == .ok)
            #expect(response["is_verified"] as? Bool == true)
            #expect(try await t.client.get("/auth/me", token: account.accessToken)["is_verified"] as? Bool == true)
            let again = try await t.client.post("/auth/verify-email", ["token": token])
            #expect(again.status == .badRequest)
            #expect(again.errorCode == "invalid_token")
        }
    }

    @Test("Unknown and expired (24 h) verification tokens give 400 invalid_token", arguments: TestDatabase.all)
    func unknownAndExpiredTokensAreRejected(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let unknown = try await t.client.post("/auth/verify-email", ["token": SecureToken.generate()])
            #expect(unknown.status == .badRequest)
            #expect(unknown.errorCode == "invalid_token")

            let account = try await t.register()
            let message = try await t.mailbox.waitForMessages(to: account.email, subjectContaining: "Confirm your email")[0]
            let token = try #require(Mailbox.token(in: message, path: "/verify-email"))
            let stored = try #require(try await AccountToken.query(on: t.app.db).filter(\.$tokenHash == SecureToken.digest(token)).first())
            #expect(abs(stored.expiresAt.timeIntervalSinceNow - 24 * 3600) < 120)
            stored.expiresAt = Date().addingTimeInterval(-1)
            try await stored.save(on: t.app.db)
            let expired = try await t.client.post("/auth/verify-email", ["token": token])
            #expect(expired.status == .badRequest)
            #expect(expired.errorCode == "invalid_token")
        }
    }

    @Test("Resending verification answers 202 and sends a new link that works", arguments: TestDatabase.all)
    func resendVerificationSendsNewLink(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            _ = try await t.mailbox.waitForMessages(to: account.email, subjectContaining: "Confirm your email")
            let response = try await t.client.post("/auth/resend-verification", token: account.accessToken)
            #expect(response.status == .accepted)
            let messages = try await t.mailbox.waitForMessages(to: account.email, subjectContaining: "Confirm your email", count: 2)
            let tokens = Set(messages.compactMap { Mailbox.token(in: $0, path: "/verify-email") })
            #expect(tokens.count == 2)
            try await t.verify(account)
            #expect(try await t.client.post("/auth/resend-verification").status == .unauthorized)
        }
    }

    @Test("Account tokens are stored only as SHA-256 digests", arguments: TestDatabase.all)
    func accountTokensAreStoredHashed(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            let message = try await t.mailbox.waitForMessages(to: account.email, subjectContaining: "Confirm your email")[0]
            let token = try #require(Mailbox.token(in: message, path: "/verify-email"))
            let rows = try await AccountToken.query(on: t.app.db).all()
            #expect(rows.map(\.tokenHash) == [SecureToken.digest(token)])
        }
    }

    @Test("Products need a verified email: unverified users get 403 email_not_verified", arguments: TestDatabase.all)
    func productsRequireVerifiedEmail(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            let response = try await t.client.get("/products", token: account.accessToken)
            #expect(response.status == .forbidden)
            #expect(response.errorCode == "email_not_verified")
            try await t.verify(account)
            #expect(try await t.client.get("/products", token: account.accessToken).status == .ok)
        }
    }
}

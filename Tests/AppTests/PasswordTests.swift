@testable import App
import Fluent
import Foundation
import MantisCore
import Testing

@Suite("Password reset and change", .timeLimit(.minutes(3)))
struct PasswordTests {
    @Test("A reset request answers 202 with the same body whether or not the account exists", arguments: TestDatabase.all)
    func resetRequestDoesNotRevealAccounts(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            let existing = try await t.client.post("/auth/request-password-reset", ["email": account.email])
            let missing = try await t.client.post("/auth/request-password-reset", ["email": TestApp.uniqueEmail("nobody")])
            let malformed = try await t.client.post("/auth/request-password-reset", ["email": "not an email"])
            #expect(existing.status == .accepted)
            #expect(missing.status == .accepted)
            #expect(malformed.status == .accepted)
            #expect(existing.body == missing.body)
            #expect(existing.body == malformed.body)
            _ = try await t.mailbox.waitForMessages(to: account.email, subjectContaining: "Reset your Mantis password")
        }
    }

    @Test("Reset by emailed token: new password works, old fails, every session ends, token is one-time", arguments: TestDatabase.all)
    func resetPasswordFlow(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            let otherDevice = try await t.login(account)
            _ = try await t.client.post("/auth/request-password-reset", ["email": account.email])
            let message = try await t.mailbox.waitForMessages(to: account.email, subjectContaining: "Reset your Mantis password")[0]
            let token = try #require(Mailbox.token(in: message, path: "/reset-password"))

            let response = try await t.client.post("/auth/reset-password", ["token": token, "new_password": "a brand new secret"])
            #expect(response.status == .ok)

            for session in [account, otherDevice] {
                #expect(try await t.client.get("/auth/me", token: session.accessToken).status == .unauthorized)
                #expect(try await t.client.post("/auth/refresh", ["refresh_token": session.refreshToken]).status == .unauthorized)
            }
            let old = try await t.client.post("/auth/login", ["email": account.email, "password": account.password])
            #expect(old.status == .unauthorized)
            let new = try await t.client.post("/auth/login", ["email": account.email, "password": "a brand new secret"])
            #expect(new.status == .ok)

            let again = try await t.client.post("/auth/reset-password", ["token": token, "new_password": "yet another secret"])
            #expect(again.status == .badRequest)
            #expect(again.errorCode == "invalid_token")
        }
    }

    @Test("Reset tokens expire after one hour", arguments: TestDatabase.all)
    func resetTokenExpires(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            _ = try await t.client.post("/auth/request-password-reset", ["email": account.email])
            let message = try await t.mailbox.waitForMessages(to: account.email, subjectContaining: "Reset your Mantis password")[0]
            let token = try #require(Mailbox.token(in: message, path: "/reset-password"))
            let stored = try #require(try await AccountToken.query(on: t.app.db).filter(\.$tokenHash == SecureToken.digest(token)).first())
            #expect(stored.purpose == .reset)
            #expect(abs(stored.expiresAt.timeIntervalSinceNow - 3600) < 120)
            stored.expiresAt = Date().addingTimeInterval(-1)
            try await stored.save(on: t.app.db)
            let response = try await t.client.post("/auth/reset-password", ["token": token, "new_password": "a brand new secret"])
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "invalid_token")
        }
    }

    @Test("A verification token cannot reset a password", arguments: TestDatabase.all)
    func verifyTokenCannotReset(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            let message = try await t.mailbox.waitForMessages(to: account.email, subjectContaining: "Confirm your email")[0]
            let token = try #require(Mailbox.token(in: message, path: "/verify-email"))
            let response = try await t.client.post("/auth/reset-password", ["token": token, "new_password": "a brand new secret"])
            #expect(response.errorCode == "invalid_token")
        }
    }

    @Test("A reset with a too-short new password is 422 and keeps the token usable", arguments: TestDatabase.all)
    func resetValidatesNewPassword(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            _ = try await t.client.post("/auth/request-password-reset", ["email": account.email])
            let message = try await t.mailbox.waitForMessages(to: account.email, subjectContaining: "Reset your Mantis password")[0]
            let token = try #require(Mailbox.token(in: message, path: "/reset-password"))
            let short = try await t.client.post("/auth/reset-password", ["token": token, "new_password": "short"])
            #expect(short.status == .unprocessableEntity)
            #expect(short.errorCode == "password_too_short")
            let ok = try await t.client.post("/auth/reset-password", ["token": token, "new_password": "long enough now"])
            #expect(ok.status == .ok)
        }
    }

    @Test("Changing the password needs the current one and ends the other sessions", arguments: TestDatabase.all)
    func changePassword(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            let otherDevice = try await t.login(account)

            let wrong = try await t.client.post(
                "/auth/change-password", ["current_password": "not it at all", "new_password": "a brand new secret"], token: account.accessToken)
            #expect(wrong.status == .forbidden)
            #expect(wrong.errorCode == "wrong_password")

            let response = try await t.client.post(
                "/auth/change-password", ["current_password": account.password, "new_password": "a brand new secret"], token: account.accessToken)
            #expect(response.status == .ok)
            #expect(try await t.client.get("/auth/me", token: account.accessToken).status == .ok)
            #expect(try await t.client.get("/auth/me", token: otherDevice.accessToken).status == .unauthorized)
            #expect(try await t.client.post("/auth/login", ["email": account.email, "password": account.password]).status == .unauthorized)
            #expect(try await t.client.post("/auth/login", ["email": account.email, "password": "a brand new secret"]).status == .ok)
        }
    }
}

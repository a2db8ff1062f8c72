@testable import App
import Fluent
import Foundation
import Testing
import Vapor

@Suite("Headers, rehashing and common passwords", .timeLimit(.minutes(3)))
struct HeaderAndHashTests {
    @Test("Strict-Transport-Security is sent when FRONTEND_URL is https, and not otherwise")
    func strictTransportSecurity() async throws {
        try await withApp(.sqlite, environment: ["FRONTEND_URL": "https://mantis.example.com"]) { t in
            let health = try await t.client.get("/health")
            #expect(health.headers.first(name: "Strict-Transport-Security")?.hasPrefix("max-age=") == true)
        }
        try await withApp(.sqlite) { t in
            let health = try await t.client.get("/health")
            #expect(health.headers.first(name: "Strict-Transport-Security") == nil)
        }
    }

    @Test("Every /auth response, errors included, is Cache-Control: no-store; others are not", arguments: [TestDatabase.sqlite])
    func authResponsesAreNotStored(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            let responses = [
                try await t.client.post("/auth/login", ["email": account.email, "password": account.password]),
                try await t.client.post("/auth/login", ["email": account.email, "password": "wrong password!"]),
                try await t.client.get("/auth/me", token: account.accessToken),
                try await t.client.get("/auth/sessions", token: account.accessToken),
                try await t.client.post("/auth/refresh", ["refresh_token": "nope"]),
            ]
            for response in responses {
                #expect(response.headers.first(name: .cacheControl) == "no-store", "\(response.status)")
            }
            #expect(try await t.client.get("/health").headers.first(name: .cacheControl) != "no-store")
        }
    }

    @Test("After BCRYPT_COST changes, a successful login rehashes at the new cost; the dummy hash uses the current cost", arguments: TestDatabase.all)
    func rehashOnLogin(database: TestDatabase) async throws {
        try await withApp(database, environment: ["BCRYPT_COST": "5"]) { t in
            #expect(PasswordCheck.cost(of: t.app.mantis.dummyPasswordHash) == 5)
            let account = try await t.register()
            let user = try #require(try await User.query(on: t.app.db).filter(\.$email == account.email).first())
            #expect(PasswordCheck.cost(of: user.passwordHash) == 5)
            // setup: the hash as an older configuration (cost 4) made it.
            user.passwordHash = try Bcrypt.hash(account.password, cost: 4)
            try await user.save(on: t.app.db)
            // A failed login changes nothing ...
            _ = try await t.client.post("/auth/login", ["email": account.email, "password": "wrong password!"])
            #expect(PasswordCheck.cost(of: try await User.find(user.id, on: t.app.db)!.passwordHash) == 4)
            // ... a successful one rehashes, and the password still works.
            _ = try await t.login(account)
            let rehashed = try #require(try await User.find(user.id, on: t.app.db)).passwordHash
            #expect(PasswordCheck.cost(of: rehashed) == 5)
            _ = try await t.login(account)
        }
    }

    @Test("Common passwords are refused with 422 password_too_common on register, change and reset", arguments: TestDatabase.all)
    func commonPasswordsAreRefused(database: TestDatabase) async throws {
        try await withApp(database) { t in
            for password in ["password123", "qwertyuiop", "iloveyou", "12345678", "Password1"] {
                let response = try await t.client.post("/auth/register", ["email": TestApp.uniqueEmail(), "password": password])
                #expect(response.status == .unprocessableEntity, "\(password)")
                #expect(response.errorCode == "password_too_common", "\(password)")
            }
            let account = try await t.register()
            let change = try await t.client.post(
                "/auth/change-password", ["current_password": account.password, "new_password": "sunshine1"], token: account.accessToken)
            #expect(change.errorCode == "password_too_common")
            let reset = try await t.client.post("/auth/reset-password", ["token": "anything", "new_password": "football"])
            #expect(reset.errorCode == "password_too_common")
            // Ordinary passphrases, also in other scripts, are fine.
            for password in ["correct horse battery", "Grüße aus Köln 2026", "пароль очень длинный", String(repeating: "\u{20AC}", count: 24)] {
                let response = try await t.client.post("/auth/register", ["email": TestApp.uniqueEmail(), "password": password])
                #expect(response.status == .created, "\(password): \(response.text)")
            }
        }
    }
}

@testable import App
import Fluent
import Foundation
import Testing

struct TestAccount {
    let email: String
    var password: String
    var accessToken: String
    var refreshToken: String
    let userID: String
}

extension TestApp {
    static func uniqueEmail(_ prefix: String = "user") -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())@example.com"
    }

    func register(email: String = TestApp.uniqueEmail(), password: String = "correct horse battery") async throws -> TestAccount {
        let response = try await client.post("/auth/register", ["email": email, "password": password])
        try #require(response.status == .created, "register failed: \(response.text)")
        return try account(from: response, email: email, password: password)
    }

    func login(_ account: TestAccount, userAgent: String? = nil) async throws -> TestAccount {
        let response = try await client.send(
            .POST, "/auth/login", json: ["email": account.email, "password": account.password],
            headers: userAgent.map { [("User-Agent", $0)] } ?? [])
        try #require(response.status == .ok, "login failed: \(response.text)")
        return try self.account(from: response, email: account.email, password: account.password)
    }

    /// Follows the link in the verification email, as the user would.
    func verify(_ account: TestAccount) async throws {
        let messages = try await mailbox.waitForMessages(to: account.email, subjectContaining: "Confirm your email")
        let token = try #require(Mailbox.token(in: messages.last!, path: "/verify-email"))
        let response = try await client.post("/auth/verify-email", ["token": token])
        try #require(response.status == .ok, "verify failed: \(response.text)")
    }

    func verifiedAccount(_ prefix: String = "user") async throws -> TestAccount {
        let account = try await register(email: TestApp.uniqueEmail(prefix))
        try await verify(account)
        return account
    }

    private func account(from response: APIResponse, email: String, password: String) throws -> TestAccount {
        let user = try #require(response["user"] as? [String: Any])
        return TestAccount(
            email: email, password: password,
            accessToken: try #require(response.string("access_token")),
            refreshToken: try #require(response.string("refresh_token")),
            userID: try #require(user["id"] as? String))
    }

    /// A registered account marked verified in the database, for tests about something else than email.
    func verifiedAccountWithoutEmail(_ prefix: String = "user") async throws -> TestAccount {
        let account = try await register(email: TestApp.uniqueEmail(prefix))
        try await User.query(on: app.db).filter(\.$email == account.email).set(\.$isVerified, to: true).update()
        return account
    }
}

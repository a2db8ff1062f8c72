@testable import App
import Fluent
import Foundation
import Testing

@Suite("Registration", .timeLimit(.minutes(3)))
struct RegistrationTests {
    @Test("Registering returns a token pair and the new user, and emails a verification link", arguments: TestDatabase.all)
    func registerReturnsTokensAndSendsVerificationEmail(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let email = TestApp.uniqueEmail()
            // MUT
            let response = try await t.client.post("/auth/register", ["email": email, "password": "correct horse battery"])
            // validate
            #expect(response.status == .created)
            #expect(response.string("token_type") == "bearer")
            #expect(response["expires_in"] as? Int == 1800)
            #expect((response.string("access_token") ?? "").split(separator: ".").count == 3)
            #expect(response.string("refresh_token")?.isEmpty == false)
            let user = try #require(response["user"] as? [String: Any])
            #expect(user["email"] as? String == email)
            #expect(user["is_verified"] as? Bool == false)
            let messages = try await t.mailbox.waitForMessages(to: email, subjectContaining: "Confirm your email")
            #expect(Mailbox.token(in: messages[0], path: "http://mantis.test/verify-email") != nil)
        }
    }

    @Test("Emails are stored trimmed, lowercased and NFC-normalised", arguments: TestDatabase.all)
    func registerNormalisesEmail(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let decomposed = "  Rene\u{0301}-\(UUID().uuidString.prefix(6))@Example.COM "
            let response = try await t.client.post("/auth/register", ["email": decomposed, "password": "correct horse battery"])
            #expect(response.status == .created)
            let stored = (response["user"] as? [String: Any])?["email"] as? String
            #expect(stored == decomposed.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping.lowercased())
            #expect(stored?.contains("\u{E9}") == true)
            // The composed spelling is the same account.
            let again = try await t.client.post("/auth/register", ["email": stored!.uppercased(), "password": "another password"])
            #expect(again.status == .badRequest)
            #expect(again.errorCode == "email_taken")
        }
    }

    @Test("An email that is already registered gives 400 email_taken", arguments: TestDatabase.all)
    func duplicateEmailIsRejected(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            let response = try await t.client.post("/auth/register", ["email": account.email, "password": "another password"])
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "email_taken")
        }
    }

    @Test(
        "Invalid emails give 422 invalid_email",
        arguments: ["", "plainaddress", "a@b", "two@@example.com", "line\r\nbreak@example.com", "spa ce@example.com", "nul\u{0}@example.com"])
    func invalidEmailIsRejected(email: String) async throws {
        try await withApp(.sqlite) { t in
            let response = try await t.client.post("/auth/register", ["email": email, "password": "correct horse battery"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.errorCode == "invalid_email")
        }
    }

    @Test("Passwords need 8 characters and at most 72 UTF-8 bytes; any Unicode is fine")
    func passwordLengthRules() async throws {
        try await withApp(.sqlite) { t in
            let short = try await t.client.post("/auth/register", ["email": TestApp.uniqueEmail(), "password": "seven77"])
            #expect(short.status == .unprocessableEntity)
            #expect(short.errorCode == "password_too_short")

            // 37 × "é" is 74 bytes: refused rather than silently truncated by bcrypt.
            let long = try await t.client.post("/auth/register", ["email": TestApp.uniqueEmail(), "password": String(repeating: "é", count: 37)])
            #expect(long.status == .unprocessableEntity)
            #expect(long.errorCode == "password_too_long")

            // 36 × "é" is exactly 72 bytes, and works for login too.
            let account = try await t.register(password: String(repeating: "é", count: 36))
            _ = try await t.login(account)

            let emoji = try await t.register(password: "🔒🔑 пароль 密码")
            _ = try await t.login(emoji)
        }
    }

    @Test("Passwords are stored as bcrypt hashes, never in clear", arguments: TestDatabase.all)
    func passwordIsStoredHashed(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            let user = try #require(try await User.query(on: t.app.db).filter(\.$email == account.email).first())
            #expect(user.passwordHash.hasPrefix("$2"))
            #expect(!user.passwordHash.contains(account.password))
        }
    }
}

@testable import App
import Foundation
import Testing

@Suite("Login", .timeLimit(.minutes(3)))
struct LoginTests {
    @Test("The right password gives 200 and a fresh token pair", arguments: TestDatabase.all)
    func loginWithRightPassword(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            let response = try await t.client.post("/auth/login", ["email": account.email.uppercased(), "password": account.password])
            #expect(response.status == .ok)
            #expect(response.string("token_type") == "bearer")
            #expect(response.string("refresh_token") != account.refreshToken)
            let me = try await t.client.get("/auth/me", token: response.string("access_token"))
            #expect(me.status == .ok)
            #expect(me.string("email") == account.email)
        }
    }

    @Test("A wrong password and an unknown email give the same 401 invalid_credentials", arguments: TestDatabase.all)
    func wrongPasswordAndUnknownEmailLookAlike(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            let wrong = try await t.client.post("/auth/login", ["email": account.email, "password": "not the password"])
            let unknown = try await t.client.post("/auth/login", ["email": TestApp.uniqueEmail("nobody"), "password": "not the password"])
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            #expect(wrong.errorCode == "invalid_credentials")
            #expect(wrong.body == unknown.body)
        }
    }

    /// Without the dummy-hash verification an unknown email answers in about a millisecond while a known one
    /// pays for bcrypt (cost 10: about 50 ms); with it both pay.
    @Test("Login for an unknown email takes as long as for a known one (bcrypt against a dummy hash)")
    func unknownEmailCostsTheSameTime() async throws {
        try await withApp(.sqlite, environment: ["BCRYPT_COST": "10"]) { t in
            let account = try await t.register()
            func duration(_ email: String) async throws -> Double {
                let start = ContinuousClock.now
                let response = try await t.client.post("/auth/login", ["email": email, "password": "not the password"])
                #expect(response.status == .unauthorized)
                let elapsed = ContinuousClock.now - start
                return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            }
            // Alternate the two kinds so a busy moment on the machine hits both alike.
            var knownDurations: [Double] = [], unknownDurations: [Double] = []
            for _ in 0..<9 {
                knownDurations.append(try await duration(account.email))
                unknownDurations.append(try await duration(TestApp.uniqueEmail("ghost")))
            }
            // The fastest try of each is the one least disturbed by other work running in parallel.
            let known = knownDurations.min()!
            let unknown = unknownDurations.min()!
            #expect(unknown > known * 0.5, "unknown \(unknown)s vs known \(known)s")
            #expect(unknown < known * 2.0, "unknown \(unknown)s vs known \(known)s")
        }
    }

    @Test("A password longer than 72 bytes never logs in, even if its first 72 bytes match")
    func overlongPasswordNeverMatches() async throws {
        try await withApp(.sqlite) { t in
            let password = String(repeating: "a", count: 72)
            let account = try await t.register(password: password)
            let response = try await t.client.post("/auth/login", ["email": account.email, "password": password + "extra"])
            #expect(response.status == .unauthorized)
            #expect(response.errorCode == "invalid_credentials")
        }
    }

    @Test("GET /auth/me returns id, email, is_verified and created_at", arguments: TestDatabase.all)
    func meReturnsProfile(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            let me = try await t.client.get("/auth/me", token: account.accessToken)
            #expect(me.status == .ok)
            #expect(Set(me.object.keys) == ["id", "email", "is_verified", "created_at", "alerts_enabled"])
            #expect(me.string("id") == account.userID)
        }
    }
}

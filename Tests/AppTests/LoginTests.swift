@testable import App
import Foundation
import Testing
import Vapor

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

    /// Without the dummy-hash verification an unknown email would answer in a few milliseconds; with it, it
    /// pays for one bcrypt verification like a known email. The fastest of several tries is compared, to a
    /// bcrypt verification measured in-process and to a known email, so other work on the machine blurs little.
    @Test("Login for an unknown email takes as long as for a known one (bcrypt against a dummy hash)")
    func unknownEmailCostsTheSameTime() async throws {
        try await withApp(.sqlite, environment: ["BCRYPT_COST": "10"]) { t in
            let account = try await t.register()
            func seconds(_ duration: Duration) -> Double {
                Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            }
            func loginDuration(_ email: String) async throws -> Double {
                let start = ContinuousClock.now
                let response = try await t.client.post("/auth/login", ["email": email, "password": "not the password"])
                #expect(response.status == .unauthorized)
                return seconds(ContinuousClock.now - start)
            }
            let hash = try Bcrypt.hash("some password", cost: 10)
            var known: [Double] = [], unknown: [Double] = [], bcrypt: [Double] = []
            for _ in 0..<7 {
                known.append(try await loginDuration(account.email))
                unknown.append(try await loginDuration(TestApp.uniqueEmail("ghost")))
                let start = ContinuousClock.now
                _ = try Bcrypt.verify("wrong", created: hash)
                bcrypt.append(seconds(ContinuousClock.now - start))
            }
            #expect(unknown.min()! > bcrypt.min()! * 0.6, "unknown \(unknown.min()!)s vs one bcrypt \(bcrypt.min()!)s")
            #expect(unknown.min()! > known.min()! * 0.3, "unknown \(unknown.min()!)s vs known \(known.min()!)s")
            #expect(unknown.min()! < known.min()! * 3, "unknown \(unknown.min()!)s vs known \(known.min()!)s")
        }
    }

    @Test("A password longer than 72 bytes never logs in, even if its first 72 bytes match")
    func overlongPasswordNeverMatches() async throws {
        try await withApp(.sqlite) { t in
            let password = "u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ2isAjIhKtJ0RlgLKOmxgJTeKdNnFR"  // 72 bytes
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

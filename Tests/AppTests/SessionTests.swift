@testable import App
import Foundation
import Testing

@Suite("Sessions and logout", .timeLimit(.minutes(3)))
struct SessionTests {
    @Test("Logout ends that session: its refresh and access tokens stop working", arguments: TestDatabase.all)
    func logoutEndsTheSession(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let first = try await t.register()
            let second = try await t.login(first)
            let response = try await t.client.post("/auth/logout", ["refresh_token": first.refreshToken])
            #expect(response.status == .noContent)
            #expect(try await t.client.post("/auth/refresh", ["refresh_token": first.refreshToken]).status == .unauthorized)
            #expect(try await t.client.get("/auth/me", token: first.accessToken).status == .unauthorized)
            // Another session of the same user is untouched.
            #expect(try await t.client.get("/auth/me", token: second.accessToken).status == .ok)
        }
    }

    @Test("Logout with an unknown refresh token gives 401", arguments: TestDatabase.all)
    func logoutWithUnknownToken(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let response = try await t.client.post("/auth/logout", ["refresh_token": "\(UUID().uuidString).nope"])
            #expect(response.status == .unauthorized)
            #expect(response.errorCode == "invalid_refresh_token")
        }
    }

    @Test("Logout-all ends every session of the user", arguments: TestDatabase.all)
    func logoutAllEndsEverySession(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let first = try await t.register()
            let second = try await t.login(first)
            let other = try await t.register()
            let response = try await t.client.post("/auth/logout-all", token: second.accessToken)
            #expect(response.status == .noContent)
            for account in [first, second] {
                #expect(try await t.client.get("/auth/me", token: account.accessToken).status == .unauthorized)
                #expect(try await t.client.post("/auth/refresh", ["refresh_token": account.refreshToken]).status == .unauthorized)
            }
            #expect(try await t.client.get("/auth/me", token: other.accessToken).status == .ok)
        }
    }

    @Test("The session list shows each login with user agent, ip and which one is current", arguments: TestDatabase.all)
    func sessionListMarksCurrent(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let first = try await t.register()
            let second = try await t.login(first, userAgent: "MantisTest/2.0")
            let response = try await t.client.get("/auth/sessions", token: second.accessToken)
            #expect(response.status == .ok)
            let sessions = response.array
            #expect(sessions.count == 2)
            let current = sessions.filter { $0["current"] as? Bool == true }
            #expect(current.count == 1)
            #expect(current.first?["user_agent"] as? String == "MantisTest/2.0")
            #expect(current.first?["ip"] as? String == "127.0.0.1")
            #expect(Set(sessions[0].keys) == ["id", "created_at", "last_used_at", "user_agent", "ip", "current"])
        }
    }

    @Test("Deleting a session ends it; another user's session is 404 and stays alive", arguments: TestDatabase.all)
    func deleteSessionIsScopedToUser(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let alice = try await t.register()
            let aliceLaptop = try await t.login(alice)
            let bob = try await t.register()
            let aliceSessions = try await t.client.get("/auth/sessions", token: alice.accessToken).array
            let laptopSession = try #require(aliceSessions.first { $0["current"] as? Bool == false }?["id"] as? String)

            let stolen = try await t.client.delete("/auth/sessions/\(laptopSession)", token: bob.accessToken)
            #expect(stolen.status == .notFound)
            #expect(stolen.errorCode == "not_found")
            #expect(try await t.client.get("/auth/me", token: aliceLaptop.accessToken).status == .ok)

            let own = try await t.client.delete("/auth/sessions/\(laptopSession)", token: alice.accessToken)
            #expect(own.status == .noContent)
            #expect(try await t.client.get("/auth/me", token: aliceLaptop.accessToken).status == .unauthorized)
            #expect(try await t.client.get("/auth/me", token: alice.accessToken).status == .ok)
            #expect(try await t.client.delete("/auth/sessions/not-a-uuid", token: alice.accessToken).status == .notFound)
        }
    }
}

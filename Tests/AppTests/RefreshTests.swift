@testable import App
import Fluent
import Foundation
import MantisCore
import Testing

@Suite("Refresh tokens", .timeLimit(.minutes(3)))
struct RefreshTests {
    @Test("Refreshing returns a new access token and a new refresh token", arguments: TestDatabase.all)
    func refreshRotatesBothTokens(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            let response = try await t.client.post("/auth/refresh", ["refresh_token": account.refreshToken])
            #expect(response.status == .ok)
            let newRefresh = try #require(response.string("refresh_token"))
            #expect(newRefresh != account.refreshToken)
            let me = try await t.client.get("/auth/me", token: response.string("access_token"))
            #expect(me.status == .ok)
            // The new refresh token works in turn.
            let next = try await t.client.post("/auth/refresh", ["refresh_token": newRefresh])
            #expect(next.status == .ok)
        }
    }

    @Test("Presenting a rotated refresh token revokes the whole session", arguments: TestDatabase.all)
    func reusedRefreshTokenRevokesSession(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            let rotated = try await t.client.post("/auth/refresh", ["refresh_token": account.refreshToken])
            let newRefresh = try #require(rotated.string("refresh_token"))
            let newAccess = try #require(rotated.string("access_token"))
            // MUT: the old token comes back (stolen copy).
            let reuse = try await t.client.post("/auth/refresh", ["refresh_token": account.refreshToken])
            #expect(reuse.status == .unauthorized)
            #expect(reuse.errorCode == "refresh_token_reused")
            // validate: everything of that session is dead.
            let afterwards = try await t.client.post("/auth/refresh", ["refresh_token": newRefresh])
            #expect(afterwards.status == .unauthorized)
            #expect(try await t.client.get("/auth/me", token: newAccess).status == .unauthorized)
        }
    }

    @Test("Ten concurrent refreshes with one token yield exactly one success", arguments: TestDatabase.all)
    func concurrentRefreshesYieldOneSuccess(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for _ in 0..<10 {
                    group.addTask { try await t.client.post("/auth/refresh", ["refresh_token": account.refreshToken]).status.code }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 200 }.count == 1, "statuses: \(statuses)")
            #expect(statuses.filter { $0 == 401 }.count == 9, "statuses: \(statuses)")
        }
    }

    @Test("A made-up, malformed or expired refresh token gives 401", arguments: TestDatabase.all)
    func invalidRefreshTokensAreRejected(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            let sessionID = String(account.refreshToken.split(separator: ".")[0])
            for token in ["", "garbage", "\(sessionID).forged", "\(UUID().uuidString).x", String(repeating: "x", count: 5000)] {
                let response = try await t.client.post("/auth/refresh", ["refresh_token": token])
                #expect(response.status == .unauthorized, "token \(token.prefix(20))")
                #expect(response.errorCode == "invalid_refresh_token")
            }
            // A forged token for a real session does not end it.
            #expect(try await t.client.get("/auth/me", token: account.accessToken).status == .ok)

            try await UserSession.query(on: t.app.db).set(\.$expiresAt, to: Date().addingTimeInterval(-1)).update()
            let expired = try await t.client.post("/auth/refresh", ["refresh_token": account.refreshToken])
            #expect(expired.status == .unauthorized)
        }
    }

    @Test("Refresh tokens are stored only as SHA-256 digests", arguments: TestDatabase.all)
    func refreshTokensAreStoredHashed(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            let sessions = try await UserSession.query(on: t.app.db).all()
            #expect(sessions.count == 1)
            #expect(sessions[0].refreshTokenHash == SecureToken.digest(account.refreshToken))
            #expect(sessions[0].refreshTokenHash != account.refreshToken)
        }
    }
}

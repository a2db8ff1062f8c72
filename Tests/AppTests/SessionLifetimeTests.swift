@testable import App
import AsyncHTTPClient
import Fluent
import Foundation
import Testing

@Suite("Session lifetime and atomic rotation", .timeLimit(.minutes(4)))
struct SessionLifetimeTests {
    @Test("Of 20 concurrent refreshes with one token exactly one succeeds, every loser sees reuse, and the session ends", arguments: TestDatabase.all)
    func concurrentRefreshesAreAtomic(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let account = try await t.register()
            // A client of its own with room for 20 connections at once, patient on a busy machine.
            var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(60), read: .seconds(60)))
            configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 20)
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            let client = APIClient(baseURL: t.client.baseURL, http: http)
            let results: [APIResponse]
            do {
                results = try await withThrowingTaskGroup(of: APIResponse.self) { group in
                    for _ in 0..<20 {
                        group.addTask { try await client.post("/auth/refresh", ["refresh_token": account.refreshToken]) }
                    }
                    return try await group.reduce(into: [APIResponse]()) { $0.append($1) }
                }
                try await http.shutdown()
            } catch {
                try? await http.shutdown()
                throw error
            }
            let winners = results.filter { $0.status == .ok }
            #expect(winners.count == 1, "statuses: \(results.map(\.status.code))")
            let losers = results.filter { $0.status != .ok }
            #expect(losers.count == 19)
            // No loser ever sees a plain invalid_refresh_token: each one saw the rotation and revoked the session.
            #expect(losers.allSatisfy { $0.status == .unauthorized && $0.errorCode == "refresh_token_reused" },
                    "codes: \(losers.map { $0.errorCode ?? "-" })")
            let winner = try #require(winners.first)
            #expect(try await t.client.post("/auth/refresh", ["refresh_token": winner.string("refresh_token")!]).status == .unauthorized)
            #expect(try await t.client.get("/auth/me", token: winner.string("access_token")).status == .unauthorized)
            let sessions = try await UserSession.query(on: t.app.db).all()
            #expect(sessions.count == 1 && sessions[0].revokedAt != nil)
        }
    }

    @Test("SESSION_MAX_DAYS: refreshing never extends a session past its absolute lifetime", arguments: TestDatabase.all)
    func absoluteLifetime(database: TestDatabase) async throws {
        try await withApp(database, environment: ["SESSION_MAX_DAYS": "3", "REFRESH_TOKEN_EXPIRE_DAYS": "2"]) { t in
            let clock = TestClock()
            t.app.mantis.dependencies.now = { clock.now() }
            let signedInAt = clock.now()
            let account = try await t.register()
            var refresh = account.refreshToken
            // Refreshing each 1.4 days keeps the session alive, as the refresh lifetime (2 days) allows ...
            for _ in 0..<2 {
                clock.advance(by: 1.4 * 86_400)
                let response = try await t.client.post("/auth/refresh", ["refresh_token": refresh])
                #expect(response.status == .ok)
                refresh = try #require(response.string("refresh_token"))
                let session = try #require(try await UserSession.query(on: t.app.db).first())
                // ... but the expiry is capped at sign-in + 3 days.
                let createdAt = try #require(session.createdAt)
                #expect(session.expiresAt.timeIntervalSince(createdAt) <= 3 * 86_400 + 1)
                #expect(session.expiresAt.timeIntervalSince(signedInAt) > 2.5 * 86_400)
            }
            // 3.1 days after sign-in the session is over, although the last refresh was only 0.3 days ago.
            clock.advance(by: 0.3 * 86_400)
            let late = try await t.client.post("/auth/refresh", ["refresh_token": refresh])
            #expect(late.status == .unauthorized)
            #expect(late.errorCode == "invalid_refresh_token")
        }
    }

    @Test("The access token's expiry follows the clock: after its lifetime it is 401", arguments: [TestDatabase.sqlite])
    func accessTokenExpires(database: TestDatabase) async throws {
        try await withApp(database, environment: ["ACCESS_TOKEN_EXPIRE_MINUTES": "5"]) { t in
            let clock = TestClock()
            t.app.mantis.dependencies.now = { clock.now() }
            let account = try await t.register()
            #expect(try await t.client.get("/auth/me", token: account.accessToken).status == .ok)
            clock.advance(by: 5 * 60 + 1)
            #expect(try await t.client.get("/auth/me", token: account.accessToken).status == .unauthorized)
        }
    }
}

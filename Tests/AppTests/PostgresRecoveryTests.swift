@testable import App
import Foundation
import Testing
import Vapor

@Suite("PostgreSQL recovery", .timeLimit(.minutes(3)))
struct PostgresRecoveryTests {
    @Test(
        "After PostgreSQL restarts, the connection pool recovers without restarting Mantis",
        .enabled(if: TestDatabase.postgresAdminURL != nil, "needs the PostgreSQL test cluster from scripts/test"))
    func poolRecoversAfterRestart() async throws {
        let cluster = try PostgresCluster()
        defer { cluster.destroy() }
        try await withApp(.postgres(adminURL: cluster.url)) { t in
            let account = try await t.register()
            #expect(try await t.client.get("/health").status == .ok)

            try cluster.stop()
            let down = try await t.client.get("/health")
            #expect(down.status == .serviceUnavailable)

            try cluster.start()
            var recovered = false
            for _ in 0..<100 {
                if try await t.client.get("/health").status == .ok {
                    recovered = true
                    break
                }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(recovered)
            #expect(try await t.client.get("/auth/me", token: account.accessToken).status == .ok)
        }
    }
}

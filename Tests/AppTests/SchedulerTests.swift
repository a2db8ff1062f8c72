@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@Suite("Scheduled refresh", .timeLimit(.minutes(3)))
struct SchedulerTests {
    private func trackedProduct(_ t: TestApp, _ account: TestAccount, _ url: String) async throws -> UUID {
        let response = try await t.client.post("/products/fetch", ["url": url], token: account.accessToken)
        try #require(response.status == .created, "\(response.text)")
        return try #require(UUID(uuidString: response.string("id") ?? ""))
    }

    private func makeDue(_ t: TestApp) async throws {
        try await Product.query(on: t.app.db).set(\.$nextCheckAt, to: Date().addingTimeInterval(-1)).update()
    }

    @Test("A round checks due products only; an unchanged price still updates last_checked and adds a point", arguments: TestDatabase.all)
    func roundChecksDueProducts(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                let account = try await t.verifiedAccount()
                await store.setProduct("due", price: "10.00")
                await store.setProduct("fresh", price: "20.00")
                let due = try await trackedProduct(t, account, store.url("/product/due"))
                let fresh = try await trackedProduct(t, account, store.url("/product/fresh"))
                let freshBefore = try #require(try await Product.find(fresh, on: t.app.db))
                #expect(freshBefore.nextCheckAt! > Date().addingTimeInterval(5 * 3600))
                try await Product.query(on: t.app.db).filter(\.$id == due).set(\.$nextCheckAt, to: Date().addingTimeInterval(-60)).update()
                let before = try #require(try await Product.find(due, on: t.app.db)).lastChecked!

                let summary = try await t.app.mantis.scheduler.runRound()

                #expect(summary == .init(checked: 1, failed: 0))
                let after = try #require(try await Product.find(due, on: t.app.db))
                #expect(after.lastChecked! > before)
                #expect(after.leaseExpiresAt == nil)
                #expect(after.nextCheckAt! > Date().addingTimeInterval(5 * 3600))
                let history = try await PricePointRepository(t.app.db).history(productID: due)
                #expect(history.map(\.price) == ["10.00", "10.00"])
                #expect(try await PricePointRepository(t.app.db).history(productID: fresh).count == 1)
                #expect(try await t.app.mantis.scheduler.runRound() == .init(checked: 0, failed: 0))
            }
        }
    }

    @Test("A failed check is logged with its reason, keeps the last good price and backs off", arguments: TestDatabase.all)
    func failedCheckBacksOff(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                let account = try await t.verifiedAccount()
                await store.setProduct("kettle", price: "10.00")
                let id = try await trackedProduct(t, account, store.url("/product/kettle"))
                try await Product.query(on: t.app.db).set(\.$url, to: store.url("/status/429")).update()
                var retryDelays: [TimeInterval] = []
                for _ in 0..<3 {
                    try await makeDue(t)
                    #expect(try await t.app.mantis.scheduler.runRound() == .init(checked: 1, failed: 1))
                    let product = try #require(try await Product.find(id, on: t.app.db))
                    retryDelays.append(product.nextCheckAt!.timeIntervalSinceNow)
                }
                // 15 min, then 30, then 60, each ±10 %.
                #expect((13 * 60...17 * 60).contains(retryDelays[0]))
                #expect((27 * 60...33 * 60).contains(retryDelays[1]))
                #expect((54 * 60...66 * 60).contains(retryDelays[2]))

                let detail = try await t.client.get("/products/\(id)", token: account.accessToken)
                #expect(detail.string("current_price") == "10.00")
                #expect(detail.string("last_error")?.contains("blocked the check") == true)
                let checks = try #require(detail["checks"] as? [[String: Any]])
                #expect(checks.count == 4)
                #expect(checks.prefix(3).allSatisfy { $0["succeeded"] as? Bool == false && ($0["reason"] as? String)?.contains("HTTP 429") == true })
                #expect(checks.last?["succeeded"] as? Bool == true)

                // Once the store answers again, the error clears and the normal interval returns.
                try await Product.query(on: t.app.db).set(\.$url, to: store.url("/product/kettle")).update()
                try await makeDue(t)
                _ = try await t.app.mantis.scheduler.runRound()
                let recovered = try #require(try await Product.find(id, on: t.app.db))
                #expect(recovered.lastError == nil)
                #expect(recovered.consecutiveFailures == 0)
            }
        }
    }

    @Test("Claimed products are not claimed again until their lease expires (a crash loses nothing)", arguments: TestDatabase.all)
    func leasesExpire(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                let account = try await t.verifiedAccount()
                for slug in ["a", "b", "c"] {
                    await store.setProduct(slug, price: "1.00")
                    _ = try await trackedProduct(t, account, store.url("/product/\(slug)"))
                }
                try await makeDue(t)
                let scheduler = t.app.mantis.scheduler
                let first = try await scheduler.claimDue(limit: 2, now: Date())
                let second = try await scheduler.claimDue(limit: 10, now: Date())
                #expect(first.count == 2)
                #expect(second.count == 1)
                #expect(Set(first.map(\.id)).isDisjoint(with: second.map(\.id)))
                #expect(try await scheduler.claimDue(limit: 10, now: Date()).isEmpty)
                // The instance that claimed them "crashed"; after the lease the next round takes them all.
                let later = Date().addingTimeInterval(scheduler.leaseDuration + 1)
                #expect(try await scheduler.claimDue(limit: 10, now: later).count == 3)
            }
        }
    }

    @Test(
        "Two Mantis instances on one PostgreSQL claim disjoint work",
        .enabled(if: TestDatabase.postgresAdminURL != nil, "needs the PostgreSQL test cluster"))
    func twoInstancesClaimDisjointWork() async throws {
        let admin = try #require(TestDatabase.postgresAdminURL)
        try await withApp(.postgres(adminURL: admin)) { t in
            let account = try await t.verifiedAccount()
            let userID = try #require(UUID(uuidString: account.userID))
            for index in 0..<60 {
                let product = Product(userID: userID, url: "https://shop\(index % 7).example/p/\(index)")
                product.nextCheckAt = Date().addingTimeInterval(-10)
                try await product.create(on: t.app.db)
            }
            // A second instance: its own application and connection pool on the same database.
            let url = try #require(postgresURL(t))
            let other = try await Application.make(.testing)
            do {
                try await configure(other, config: AppConfig(environment: ["DATABASE_URL": url, "BCRYPT_COST": "4"], isProduction: false))
                let claims = try await withThrowingTaskGroup(of: [UUID].self) { group in
                    for scheduler in [t.app.mantis.scheduler, other.mantis.scheduler, t.app.mantis.scheduler, other.mantis.scheduler] {
                        group.addTask { try await scheduler.claimDue(limit: 20, now: Date()).compactMap(\.id) }
                    }
                    return try await group.reduce(into: [[UUID]]()) { $0.append($1) }
                }
                let all = claims.flatMap { $0 }
                #expect(all.count == 60)
                #expect(Set(all).count == 60)
            } catch {
                try? await other.asyncShutdown()
                throw error
            }
            try await other.asyncShutdown()
        }
    }

    private func postgresURL(_ t: TestApp) -> String? {
        if case .postgres(let url) = t.app.mantis.config.database { return url }
        return nil
    }

    @Test("Checks respect the per-host limit (2) while different hosts run side by side")
    func perHostLimit() async throws {
        try await withFixtureStore { store in
            try await withApp(.sqlite, environment: ["REFRESH_CONCURRENCY": "8"]) { t in
                let account = try await t.verifiedAccount()
                let port = URL(string: store.baseURL)!.port!
                for index in 0..<6 {
                    await store.setProduct("p\(index)", price: "3.00")
                    for host in ["127.0.0.1", "localhost"] {
                        _ = try await trackedProduct(t, account, "http://\(host):\(port)/slow/50/p\(index)")
                    }
                }
                await store.catalog.resetConcurrency()
                try await Product.query(on: t.app.db).all().asyncForEach { product in
                    product.url = product.url.replacingOccurrences(of: "/slow/50/", with: "/slow/300/")
                    product.nextCheckAt = Date().addingTimeInterval(-1)
                    try await product.save(on: t.app.db)
                }
                let start = Date()
                let summary = try await t.app.mantis.scheduler.runRound()
                let elapsed = Date().timeIntervalSince(start)
                let errors = try await Product.query(on: t.app.db).all().compactMap(\.lastError)
                #expect(summary == .init(checked: 12, failed: 0), "\(errors)")
                let peaks = await store.catalog.maxInFlight
                #expect(peaks["127.0.0.1"] == 2)
                #expect(peaks["localhost"] == 2)
                // 6 products per host, 2 at a time, 300 ms each: about 0.9 s, hosts in parallel. The upper
                // bound is only a sanity check: with the whole suite running on two cores it once took 6.9 s.
                #expect(elapsed >= 0.85)
                #expect(elapsed < 12)
            }
        }
    }

    @Test("POST /products/{id}/refresh records a failed check in the log", arguments: TestDatabase.all)
    func manualRefreshLogsFailure(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                let account = try await t.verifiedAccount()
                await store.setProduct("kettle", price: "10.00")
                let id = try await trackedProduct(t, account, store.url("/product/kettle"))
                try await Product.query(on: t.app.db).set(\.$url, to: store.url("/status/500")).update()
                let response = try await t.client.post("/products/\(id)/refresh", token: account.accessToken)
                #expect(response.status == .badGateway)
                let count = try await ProductCheck.query(on: t.app.db).filter(\.$succeeded == false).count()
                #expect(count == 1)
            }
        }
    }
}

extension Array {
    func asyncForEach(_ body: (Element) async throws -> Void) async rethrows {
        for element in self { try await body(element) }
    }
}

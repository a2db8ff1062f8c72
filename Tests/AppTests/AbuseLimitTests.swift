@testable import App
import Fluent
import Foundation
import Testing
import Vapor

@Suite("Abuse limits", .timeLimit(.minutes(3)))
struct AbuseLimitTests {
    @Test("A full bcrypt queue answers 503 server_busy with Retry-After on login and register, at once", arguments: [TestDatabase.sqlite])
    func boundedHashingQueue(database: TestDatabase) async throws {
        try await withApp(database, environment: ["BCRYPT_MAX_QUEUE": "1"]) { t in
            let account = try await t.register()
            let queue = t.app.mantis.hashingQueue
            // setup: one long job holds the only place in the queue.
            let release = AsyncStream<Void>.makeStream()
            let holder = Task { try await queue.run { for await _ in release.stream { break } } }
            while queue.count == 0 { try await Task.sleep(for: .milliseconds(5)) }
            // MUT
            let start = ContinuousClock.now
            let login = try await t.client.post("/auth/login", ["email": account.email, "password": account.password])
            let register = try await t.client.post("/auth/register", ["email": TestApp.uniqueEmail(), "password": "correct horse battery"])
            // validate
            for response in [login, register] {
                #expect(response.status == .serviceUnavailable)
                #expect(response.errorCode == "server_busy")
                #expect(response.headers.first(name: "Retry-After").flatMap(Int.init).map { $0 >= 1 } == true)
            }
            // At once: the job in the queue never finishes, so waiting for a place would mean no answer at all.
            #expect(ContinuousClock.now - start < .seconds(20))
            release.continuation.finish()
            try await holder.value
            #expect(try await t.client.post("/auth/login", ["email": account.email, "password": account.password]).status == .ok)
        }
    }

    @Test("MAX_PRODUCTS_PER_USER: a new product over the limit is 422 too_many_products; a tracked one still updates", arguments: TestDatabase.all)
    func productLimit(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database, environment: ["MAX_PRODUCTS_PER_USER": "2"]) { t in
                let account = try await t.verifiedAccountWithoutEmail()
                for slug in ["a", "b", "c"] { await store.setProduct(slug, price: "10.00") }
                #expect(try await t.client.post("/products/fetch", ["url": store.url("/product/a")], token: account.accessToken).status == .created)
                #expect(try await t.client.post("/products/fetch", ["url": store.url("/product/b")], token: account.accessToken).status == .created)
                let over = try await t.client.post("/products/fetch", ["url": store.url("/product/c")], token: account.accessToken)
                #expect(over.status == .unprocessableEntity)
                #expect(over.errorCode == "too_many_products")
                #expect(try await t.client.post("/products/fetch", ["url": store.url("/product/a")], token: account.accessToken).status == .ok)
                // Another user has a budget of their own.
                let other = try await t.verifiedAccountWithoutEmail("other")
                #expect(try await t.client.post("/products/fetch", ["url": store.url("/product/c")], token: other.accessToken).status == .created)
            }
            // Local mode (one person's own machine) has no limit.
            try await withApp(database, environment: ["MAX_PRODUCTS_PER_USER": "1", "MANTIS_MODE": "local"]) { t in
                for slug in ["a", "b"] {
                    let response = try await t.client.post("/products/fetch", ["url": store.url("/product/\(slug)")])
                    #expect(response.status == .created)
                }
            }
        }
    }

    @Test("Adding a product waits for the same per-store gate as refreshes", arguments: [TestDatabase.sqlite])
    func addingUsesTheGate(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database, environment: ["REFRESH_PER_HOST": "1"]) { t in
                let account = try await t.verifiedAccountWithoutEmail()
                await store.setProduct("kettle", price: "10.00")
                let host = try #require(URL(string: store.url("/"))?.host?.lowercased())
                // setup: the store's only slot is taken for 1.5 s.
                let gate = t.app.mantis.scheduler.gate
                let held = Task { await gate.withSlot(host: host) { try? await Task.sleep(for: .milliseconds(1500)) } }
                try await Task.sleep(for: .milliseconds(100))
                // MUT
                let start = ContinuousClock.now
                let response = try await t.client.post("/products/fetch", ["url": store.url("/product/kettle")], token: account.accessToken)
                // validate
                #expect(response.status == .created)
                #expect(ContinuousClock.now - start >= .milliseconds(1200))
                await held.value
            }
        }
    }

    @Test("Refresh all while one is running answers 202 with the running one", arguments: TestDatabase.all)
    func refreshAllIsNotDuplicated(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database, environment: ["REFRESH_PER_HOST": "1"]) { t in
                let account = try await t.verifiedAccountWithoutEmail()
                await store.setProduct("kettle", price: "10.00")
                #expect(try await t.client.post("/products/fetch", ["url": store.url("/product/kettle")], token: account.accessToken).status == .created)
                let host = try #require(URL(string: store.url("/"))?.host?.lowercased())
                let gate = t.app.mantis.scheduler.gate
                // Hold the store's only slot, and wait until it is really held (a fixed pause was too short
                // once with the whole suite on two cores).
                let (holding, signal) = AsyncStream<Void>.makeStream()
                let held = Task {
                    await gate.withSlot(host: host) {
                        signal.yield()
                        try? await Task.sleep(for: .seconds(4))
                    }
                }
                for await _ in holding { break }
                let first = try await t.client.post("/products/refresh", token: account.accessToken)
                let second = try await t.client.post("/products/refresh", token: account.accessToken)
                #expect(first.status == .accepted && second.status == .accepted)
                #expect(first.string("status") == "accepted")
                #expect(second.string("status") == "running")
                #expect(first.string("id") == second.string("id"))
                #expect(second["queued"] as? Int == 1)
                await held.value
                // Once it is done, a new run starts.
                for _ in 0..<100 where t.app.mantis.refreshAllRuns.isRunning(userID: UUID(uuidString: account.userID)!) {
                    try await Task.sleep(for: .milliseconds(50))
                }
                let third = try await t.client.post("/products/refresh", token: account.accessToken)
                #expect(third.string("status") == "accepted")
                #expect(third.string("id") != first.string("id"))
            }
        }
    }
}

@testable import App
import Fluent
import Foundation
import Testing

@Suite("Local mode", .timeLimit(.minutes(3)))
struct LocalModeTests {
    @Test("In local mode every request acts as the built-in local user, without login", arguments: TestDatabase.all)
    func localModeNeedsNoLogin(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database, environment: ["MANTIS_MODE": "local"]) { t in
                await store.setProduct("kettle", price: "49.99")
                let tracked = try await t.client.post("/products/fetch", ["url": store.url("/product/kettle")])
                #expect(tracked.status == .created)
                let list = try await t.client.get("/products")
                #expect(list.status == .ok)
                #expect(list.array.count == 1)
                let me = try await t.client.get("/auth/me")
                #expect(me.string("email") == LocalUser.email)
                #expect(me["is_verified"] as? Bool == true)
                // Concurrent first requests share one local user.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<5 { group.addTask { _ = try await t.client.get("/products") } }
                    try await group.waitForAll()
                }
                #expect(try await User.query(on: t.app.db).count() == 1)
            }
        }
    }

    @Test("Local mode always binds to 127.0.0.1, whatever HOST says")
    func localModeBindsToLoopback() throws {
        let config = try AppConfig(environment: ["MANTIS_MODE": "local", "HOST": "0.0.0.0"], isProduction: false)
        #expect(config.host == "127.0.0.1")
        let web = try AppConfig(environment: ["HOST": "0.0.0.0"], isProduction: false)
        #expect(web.host == "0.0.0.0")
    }
}

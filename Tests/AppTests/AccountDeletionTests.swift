@testable import App
import Fluent
import Foundation
import SQLKit
import Testing

@Suite("Account deletion", .timeLimit(.minutes(3)))
struct AccountDeletionTests {
    @Test("Deleting the account needs the password; afterwards user, sessions, products and history are gone", arguments: TestDatabase.all)
    func deleteAccountRemovesEverything(database: TestDatabase) async throws {
        try await withFixtureStore { store in
            try await withApp(database) { t in
                let alice = try await t.verifiedAccount("alice")
                let bob = try await t.verifiedAccount("bob")
                await store.setProduct("kettle", price: "49.99")
                for account in [alice, bob] {
                    let tracked = try await t.client.post("/products/fetch", ["url": store.url("/product/kettle")], token: account.accessToken)
                    #expect(tracked.status == .created)
                }

                let wrong = try await t.client.delete("/auth/me", ["password": "not the password"], token: alice.accessToken)
                #expect(wrong.status == .forbidden)
                #expect(wrong.errorCode == "wrong_password")

                let response = try await t.client.delete("/auth/me", ["password": alice.password], token: alice.accessToken)
                #expect(response.status == .noContent)

                let sql = t.app.db as! any SQLDatabase
                func count(_ table: String) async throws -> Int {
                    try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.decode(column: "n", as: Int.self)
                }
                #expect(try await User.query(on: t.app.db).count() == 1)
                #expect(try await UserSession.query(on: t.app.db).filter(\.$user.$id == UUID(uuidString: alice.userID)!).count() == 0)
                #expect(try await count("products") == 1)
                #expect(try await count("price_points") == 1)
                #expect(try await count("account_tokens") == 1)
                #expect(try await t.client.post("/auth/login", ["email": alice.email, "password": alice.password]).status == .unauthorized)
                // Bob keeps his product.
                #expect(try await t.client.get("/products", token: bob.accessToken).array.count == 1)
            }
        }
    }
}

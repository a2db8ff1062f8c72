@testable import App
import Fluent
import Foundation
import MantisCore
import NIOCore
import PostgresNIO
import SQLKit
import Testing

/// The fast paths of signed-in requests (issue 9): the cached product list, the remembered token signature
/// and SQLite reads on the calling thread must never serve anything the database would not.
@Suite("Hot paths: cached lists, verified tokens, direct SQLite reads", .timeLimit(.minutes(3)))
struct HotPathTests {
    /// The databases, plus SQLite on a file (the other tests use an in-memory one, where the direct reader is off).
    static var databases: [TestDatabaseVariant] {
        TestDatabase.all.map { TestDatabaseVariant(database: $0, sqliteFile: false) } + [TestDatabaseVariant(database: .sqlite, sqliteFile: true)]
    }

    struct TestDatabaseVariant: CustomTestStringConvertible, Sendable {
        let database: TestDatabase
        let sqliteFile: Bool
        var testDescription: String { sqliteFile ? "SQLite file" : database.testDescription }

        func run(_ test: (TestApp) async throws -> Void) async throws {
            guard sqliteFile else { return try await withApp(database, test) }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mantis-hot-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            try await withApp(.sqlite, environment: ["MANTIS_DB_PATH": directory.appendingPathComponent("mantis.sqlite").path]) { t in
                #expect(t.app.mantis.sqliteReader != nil)
                try await test(t)
            }
        }
    }

    private func titles(_ t: TestApp, _ account: TestAccount) async throws -> [String?] {
        let response = try await t.client.get("/products", token: account.accessToken)
        #expect(response.status == .ok)
        return response.array.map { $0["title"] as? String }
    }

    @Test("A cached list follows every change to the products, through the API or straight in SQL", arguments: databases)
    func cachedListFollowsChanges(variant: TestDatabaseVariant) async throws {
        try await variant.run { t in
            let account = try await t.verifiedAccountWithoutEmail()
            let userID = try #require(UUID(uuidString: account.userID))
            let product = Product(userID: userID, url: "https://shop.example/kettle")
            product.title = "Kettle"
            try await product.save(on: t.app.db)
            #expect(try await titles(t, account) == ["Kettle"])
            // The second read is served from the cache (same version, nothing changed).
            let version = try await t.app.db.sql.raw("SELECT products_version FROM users WHERE id = \(bind: userID)")
                .first()?.decode(column: "products_version", as: Int64.self)
            #expect(t.app.mantis.productListCache.body(for: userID, version: try #require(version)) != nil)
            #expect(try await titles(t, account) == ["Kettle"])

            // A change made with SQL, as from psql: the trigger moves the version, the list follows.
            try await t.app.db.sql.raw("UPDATE products SET title = 'Teapot' WHERE id = \(bind: product.requireID())").run()
            #expect(try await titles(t, account) == ["Teapot"])

            // Through the API.
            let id = try product.requireID().uuidString
            #expect(try await t.client.send(.PATCH, "/products/\(id)", json: ["target_price": "9.99"], token: account.accessToken).status == .ok)
            let listed = try await t.client.get("/products", token: account.accessToken).array
            #expect(listed.first?["target_price"] as? String == "9.99")

            // A second product, then none.
            let second = Product(userID: userID, url: "https://shop.example/cup")
            second.title = "Cup"
            try await second.save(on: t.app.db)
            #expect(Set(try await titles(t, account).compactMap { $0 }) == ["Teapot", "Cup"])
            #expect(try await t.client.delete("/products/\(id)", token: account.accessToken).status == .noContent)
            try await t.app.db.sql.raw("DELETE FROM products WHERE id = \(bind: second.requireID())").run()
            #expect(try await titles(t, account).isEmpty)
        }
    }

    @Test("One user's cached list is never another's", arguments: databases)
    func listsStayPerUser(variant: TestDatabaseVariant) async throws {
        try await variant.run { t in
            let alice = try await t.verifiedAccountWithoutEmail()
            let bob = try await t.verifiedAccountWithoutEmail()
            let product = Product(userID: try #require(UUID(uuidString: alice.userID)), url: "https://shop.example/a")
            product.title = "Alice's"
            try await product.save(on: t.app.db)
            #expect(try await titles(t, alice) == ["Alice's"])
            #expect(try await titles(t, bob).isEmpty)
            #expect(try await titles(t, alice) == ["Alice's"])
        }
    }

    @Test("A token whose signature was checked before still stops working the moment its session ends", arguments: databases)
    func verifiedTokenStillNeedsItsSession(variant: TestDatabaseVariant) async throws {
        try await variant.run { t in
            let account = try await t.verifiedAccountWithoutEmail()
            #expect(try await t.client.get("/auth/me", token: account.accessToken).status == .ok)
            #expect(t.app.mantis.verifiedTokens.payload(for: account.accessToken) != nil)
            #expect(try await t.client.post("/auth/logout", ["refresh_token": account.refreshToken]).status == .noContent)
            let after = try await t.client.get("/auth/me", token: account.accessToken)
            #expect(after.status == .unauthorized)
            #expect(after.string("code") == "session_ended")
            // A token differing in one character of its signature is checked afresh, not matched loosely.
            // (Not the last character: in base64url its low bits are padding.)
            var characters = Array(account.accessToken)
            let position = characters.count - 6
            characters[position] = characters[position] == "A" ? "B" : "A"
            let forged = String(characters)
            #expect(try await t.client.get("/auth/me", token: forged).string("code") == "invalid_token")
        }
    }

    @Test("Concurrent requests of one session share its check, yet all pass while it lives and none once it ends", arguments: databases)
    func concurrentChecksOfOneSession(variant: TestDatabaseVariant) async throws {
        try await variant.run { t in
            let account = try await t.verifiedAccountWithoutEmail()
            let client = t.client
            func burst() async throws -> [UInt] {
                try await withThrowingTaskGroup(of: UInt.self) { group in
                    for _ in 0..<40 { group.addTask { try await client.get("/auth/me", token: account.accessToken).status.code } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
            }
            #expect(try await burst().allSatisfy { $0 == 200 })
            // Revoked straight in the database, as another process (or an admin with psql) would.
            try await t.app.db.sql.raw("UPDATE sessions SET revoked_at = CURRENT_TIMESTAMP").run()
            #expect(try await burst().allSatisfy { $0 == 401 })
        }
    }

    @Test("The direct reader returns what the driver returns, and steps aside when it cannot read")
    func directReaderAgreesWithTheDriver() async throws {
        try await TestDatabaseVariant(database: .sqlite, sqliteFile: true).run { t in
            let account = try await t.verifiedAccountWithoutEmail()
            let userID = try #require(UUID(uuidString: account.userID))
            for index in 0..<3 {
                let product = Product(userID: userID, url: "https://shop.example/\(index)")
                product.title = "Näme \(index) — ✓"
                try await product.save(on: t.app.db)
            }
            let reader = try #require(t.app.mantis.sqliteReader)
            let direct = try await ProductListReader(database: t.app.db, direct: reader).products(of: userID)
            let pooled = try await ProductListReader(database: t.app.db).products(of: userID)
            #expect(direct.count == 3)
            #expect(direct.map(\.title) == pooled.map(\.title))
            #expect(direct.map(\.id) == pooled.map(\.id))
            #expect(direct.map(\.createdAt) == pooled.map(\.createdAt))
            // Writes are refused on its connection, and a missing file is "not here", not an error.
            #expect(reader.query("DELETE FROM products", []) == nil)
            #expect(try await Product.query(on: t.app.db).count() == 3)
            #expect(SQLiteDirectReader(path: "/nonexistent/mantis.sqlite").query("SELECT 1", []) == nil)
        }
    }

    @Test("The list cache keeps to its byte budget, dropping the least recently used")
    func cacheBudget() {
        let cache = ProductListCache(budget: 1000)
        let (a, b, c) = (UUID(), UUID(), UUID())
        cache.store(Array(repeating: 1, count: 200), for: a, version: 1)
        cache.store(Array(repeating: 2, count: 200), for: b, version: 1)
        #expect(cache.body(for: a, version: 1) != nil)  // a is now the more recent
        #expect(cache.body(for: a, version: 2) == nil)  // another version is a miss
        cache.store(Array(repeating: 3, count: 200), for: c, version: 1)
        cache.store(Array(repeating: 4, count: 240), for: b, version: 2)
        cache.store(Array(repeating: 5, count: 240), for: c, version: 2)
        // 200 + 240 + 240 + 240 = 920 fits; one more of 240 does not, and the least recently used (a) goes.
        cache.store(Array(repeating: 6, count: 240), for: UUID(), version: 1)
        cache.store(Array(repeating: 6, count: 240), for: UUID(), version: 1)
        #expect(cache.body(for: b, version: 2) != nil)
        #expect(cache.body(for: a, version: 1) == nil)
        #expect(cache.body(for: c, version: 2)?.first == 5)
        // A body over a quarter of the budget is never kept.
        let big = UUID()
        cache.store(Array(repeating: 7, count: 300), for: big, version: 1)
        #expect(cache.body(for: big, version: 1) == nil)
    }
}

/// The single-product view is written with `JSONWriter` (issue 9: 10,000 points in ≤ 20 ms); it must say what
/// `Codable` says, and PostgreSQL's binary arrays must be read as PostgreSQL sends them.
@Suite("Detail encoding and PostgreSQL arrays")
struct DetailEncodingTests {
    @Test("The detail written by JSONWriter parses to what JSONEncoder writes, with history, total and checks")
    func detailMatchesCodable() throws {
        let product = Product(userID: UUID(), url: "https://shop.example/p/1?q=\"x\"")
        product.id = UUID()
        product.title = "Caf\u{e9} \u{1F600} \\ / \u{1}"
        product.currency = "EUR"
        product.currentPrice = "19.99"
        product.lastChecked = Date(timeIntervalSince1970: 1_790_000_000)
        var response = try ProductResponse(product)
        response.history = [
            .init(price: "21.00", currency: "EUR", checkedAt: Date(timeIntervalSince1970: 1_780_000_000)),
            .init(price: "19.99", currency: nil, checkedAt: Date(timeIntervalSince1970: 1_790_000_000)),
        ]
        response.historyTotal = 2
        response.checks = [
            .init(checkedAt: Date(timeIntervalSince1970: 1_790_000_000), succeeded: false, reason: "HTTP 503"),
            .init(checkedAt: Date(timeIntervalSince1970: 1_780_000_000), succeeded: true, reason: nil),
        ]
        var json = JSONWriter()
        response.write(to: &json)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let written = try JSONSerialization.jsonObject(with: Data(json.bytes)) as? NSDictionary
        let expected = try JSONSerialization.jsonObject(with: encoder.encode(response)) as? NSDictionary
        #expect(written != nil)
        #expect(written == expected)
        #expect((written?["history"] as? [Any])?.count == 2)
    }

    private func array(_ elements: [[UInt8]?], oid: UInt32 = 25) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(1))
        buffer.writeInteger(Int32(elements.contains { $0 == nil } ? 1 : 0))
        buffer.writeInteger(oid)
        buffer.writeInteger(Int32(elements.count))
        buffer.writeInteger(Int32(1))
        for element in elements {
            if let element {
                buffer.writeInteger(Int32(element.count))
                buffer.writeBytes(element)
            } else {
                buffer.writeInteger(Int32(-1))
            }
        }
        return buffer
    }

    @Test("A text[] with a NULL and a timestamptz[] read element by element")
    func readsArrays() throws {
        let texts = try PostgresBinaryArray(array([Array("19.99".utf8), nil, Array("€".utf8)])).strings()
        #expect(texts == ["19.99", nil, "€"])
        var micro = ByteBuffer()
        micro.writeInteger(Int64(1_500_000)) // 1.5 s after 2000-01-01
        let dates = try PostgresBinaryArray(array([Array(micro.readableBytesView)], oid: 1184)).timestamps()
        #expect(dates == [Date(timeIntervalSince1970: 946_684_801.5)])
        // Odd microseconds decode to exactly what PostgresNIO's own `Date` decoding gives.
        var odd = ByteBuffer()
        odd.writeInteger(Int64(880_463_994_123_457))
        let viaDriver = try PostgresCell(bytes: odd, dataType: .timestamptz, format: .binary, columnName: "t", columnIndex: 0).decode(Date.self)
        #expect(try PostgresBinaryArray(array([Array(odd.readableBytesView)], oid: 1184)).timestamps() == [viaDriver])
        var empty = ByteBuffer()
        empty.writeInteger(Int32(0)); empty.writeInteger(Int32(0)); empty.writeInteger(UInt32(25))
        #expect(try PostgresBinaryArray(empty).strings().isEmpty)
    }

    @Test("Prices for the chart read as Double(_:) reads them, fast path or not")
    func chartValues() {
        var generator = SystemRandomNumberGenerator()
        var samples = ["0", "0.00", "1299.00", "19.99", "12.", ".5", "999999999999999", "1234567890123456.5", "-5.00", "1e3", "", "abc"]
        for _ in 0..<2_000 {
            let whole = Int.random(in: 0...9_999_999, using: &generator)
            let cents = Int.random(in: 0...9_999, using: &generator)
            samples.append("\(whole).\(String(format: "%04d", cents))")
            samples.append("\(whole).\(cents % 100)")
        }
        for text in samples {
            #expect(PricePointRepository.chartValue(text) == (Double(text) ?? 0), "\(text)")
        }
    }

    @Test("A truncated or many-dimensional array is refused, not misread")
    func refusesMalformed() {
        var truncated = array([Array("19.99".utf8)])
        truncated.moveWriterIndex(to: truncated.writerIndex - 2)
        #expect(throws: PostgresBinaryArray.Malformed.self) { try PostgresBinaryArray(truncated).strings() }
        var twoDimensions = ByteBuffer()
        twoDimensions.writeInteger(Int32(2)); twoDimensions.writeInteger(Int32(0)); twoDimensions.writeInteger(UInt32(25))
        #expect(throws: PostgresBinaryArray.Malformed.self) { try PostgresBinaryArray(twoDimensions) }
        #expect(throws: PostgresBinaryArray.Malformed.self) { try PostgresBinaryArray(ByteBuffer()) }
    }
}

@testable import App
import Fluent
import Foundation
import Testing
import Vapor

@Suite("Bad input", .timeLimit(.minutes(3)))
struct BadInputTests {
    @Test("Malformed JSON gives 400 malformed_json", arguments: TestDatabase.all)
    func malformedJSON(database: TestDatabase) async throws {
        try await withApp(database) { t in
            for body in [#"{"email": "a@b.c", "password": "#, "not json", "[1,2", #"{"email":"a@b.c","password":"x"} trailing"#] {
                let response = try await t.client.send(.POST, "/auth/register", body: body)
                #expect(response.status == .badRequest, "body: \(body)")
                #expect(response.errorCode == "malformed_json")
            }
        }
    }

    @Test("Missing fields give 422 missing_field naming the field")
    func missingFields() async throws {
        try await withApp(.sqlite) { t in
            let response = try await t.client.post("/auth/login", ["email": "a@example.com"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.errorCode == "missing_field")
            #expect(response.string("reason")?.contains("password") == true)
            let empty = try await t.client.send(.POST, "/auth/register", body: "{}")
            #expect(empty.errorCode == "missing_field")
        }
    }

    @Test("Wrong types give 422 invalid_field")
    func wrongTypes() async throws {
        try await withApp(.sqlite) { t in
            for json: [String: Any] in [["email": 42, "password": "correct horse"], ["email": ["a"], "password": "x"], ["email": NSNull(), "password": "x"]] {
                let response = try await t.client.post("/auth/register", json)
                #expect(response.status == .unprocessableEntity)
                #expect(response.errorCode == "invalid_field")
            }
            let array = try await t.client.send(.POST, "/auth/register", body: "[]")
            #expect(array.status.code >= 400 && array.status.code < 500)
            #expect(array.errorCode != nil)
        }
    }

    @Test("A 1 MB body gives 413 payload_too_large and nothing is stored", arguments: TestDatabase.all)
    func hugeBody(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let huge = #"{"email": "big@example.com", "password": ""# + String(repeating: "x", count: 1_048_576) + #""}"#
            let response = try await t.client.send(.POST, "/auth/register", body: huge)
            #expect(response.status == .payloadTooLarge)
            #expect(response.errorCode == "payload_too_large")
            #expect(try await User.query(on: t.app.db).count() == 0)
        }
    }

    @Test("Unknown routes and methods give a JSON error, not HTML")
    func unknownRoute() async throws {
        try await withApp(.sqlite) { t in
            let response = try await t.client.get("/nope/\u{1F600}")
            #expect(response.status == .notFound)
            #expect(response.errorCode == "not_found")
            #expect(response.headers.first(name: "Content-Type")?.contains("application/json") == true)
        }
    }

    @Test("A body that is not JSON gives 415 unsupported_media_type")
    func wrongContentType() async throws {
        try await withApp(.sqlite) { t in
            let response = try await t.client.send(
                .POST, "/auth/login", body: "email=a&password=b", headers: [("Content-Type", "text/csv")])
            #expect(response.status == .unsupportedMediaType)
            #expect(response.errorCode == "unsupported_media_type")
        }
    }

    @Test("Odd Unicode is stored and returned intact, never a 500", arguments: TestDatabase.all)
    func oddUnicode(database: TestDatabase) async throws {
        try await withApp(database) { t in
            let email = "\u{202E}ǝɯ-\(UUID().uuidString.prefix(4))@пример.рф"
            let response = try await t.client.post("/auth/register", ["email": email, "password": "\u{0}\u{FEFF}𝔭𝔞𝔰𝔰𝔴𝔬𝔯𝔡"])
            #expect(response.status.code < 500)
            let weird = try await t.client.post("/auth/login", ["email": "\u{FFFF}\u{D7FF}@x.y", "password": "\u{10FFFF}aaaaaaaa"])
            #expect(weird.status == .unauthorized)
        }
    }

    /// Stands in for a route whose database work found no free connection in the pool's wait.
    struct PoolExhausted: Responder {
        func respond(to request: Request) -> EventLoopFuture<Response> {
            request.eventLoop.makeFailedFuture(ConnectionPoolTimeoutError.connectionRequestTimeout)
        }
    }

    @Test("A database pool that stays full gives 503 server_busy with Retry-After, never a 500")
    func poolTimeoutIsBusy() async throws {
        let app = try await Application.make(.testing)
        let request = Request(application: app, on: app.eventLoopGroup.next())
        let response = try await APIErrorMiddleware().respond(to: request, chainingTo: PoolExhausted()).get()
        #expect(response.status == .serviceUnavailable)
        #expect(response.headers.first(name: "Retry-After") == "5")
        let body = try response.content.decode(APIErrorMiddleware.Body.self)
        #expect(body.error && body.code == "server_busy")
        try await app.asyncShutdown()
    }
}

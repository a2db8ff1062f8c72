@testable import App
import Foundation
import Testing

@Suite("CORS", .timeLimit(.minutes(3)))
struct CORSTests {
    @Test("Only origins listed in CORS_ALLOW_ORIGINS are allowed")
    func onlyListedOriginsAreAllowed() async throws {
        try await withApp(.sqlite, environment: ["CORS_ALLOW_ORIGINS": "https://app.example.com,https://other.example.com"]) { t in
            let allowed = try await t.client.send(.OPTIONS, "/auth/login", headers: [
                ("Origin", "https://other.example.com"), ("Access-Control-Request-Method", "POST"),
            ])
            #expect(allowed.headers.first(name: "Access-Control-Allow-Origin") == "https://other.example.com")
            let foreign = try await t.client.send(.GET, "/health", headers: [("Origin", "https://evil.example.net")])
            let header = foreign.headers.first(name: "Access-Control-Allow-Origin") ?? ""
            #expect(header != "https://evil.example.net")
            #expect(header != "*")
        }
    }
}

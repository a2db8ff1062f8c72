@testable import App
import Foundation
import Testing

@Suite("Local mode: DNS rebinding and cross-site requests", .timeLimit(.minutes(3)))
struct LocalModeGuardTests {
    @Test("Only Host 127.0.0.1, localhost or [::1] with the server's port is answered")
    func hostMustBeLoopback() async throws {
        try await withApp(.sqlite, environment: ["MANTIS_MODE": "local"]) { t in
            let port = try #require(t.app.http.server.shared.localAddress?.port)
            for host in ["127.0.0.1:\(port)", "localhost:\(port)", "[::1]:\(port)", "LOCALHOST:\(port)"] {
                let response = try await t.client.send(.GET, "/products", headers: [("Host", host)])
                #expect(response.status == .ok, "\(host)")
            }
            for host in ["evil.example:\(port)", "evil.example", "127.0.0.1:\(port + 1)", "127.0.0.1", "localhost.evil.example:\(port)", "127.0.0.2:\(port)"] {
                let response = try await t.client.send(.GET, "/products", headers: [("Host", host)])
                #expect(response.status == .misdirectedRequest, "\(host)")
                #expect(response.errorCode == "host_not_allowed")
            }
        }
    }

    @Test("A state-changing request with another site's Origin is refused; the local origin and no Origin work")
    func foreignOriginIsRefused() async throws {
        try await withApp(.sqlite, environment: ["MANTIS_MODE": "local"]) { t in
            let port = try #require(t.app.http.server.shared.localAddress?.port)
            for origin in ["https://evil.example", "null", "http://127.0.0.1:\(port + 1)", "http://evil.example:\(port)"] {
                let response = try await t.client.send(.POST, "/products/refresh", body: "{}", headers: [("Origin", origin)])
                #expect(response.status == .forbidden, "\(origin)")
                #expect(response.errorCode == "origin_not_allowed")
                let delete = try await t.client.send(.DELETE, "/products/\(UUID())", headers: [("Origin", origin)])
                #expect(delete.errorCode == "origin_not_allowed")
            }
            for origin in ["http://127.0.0.1:\(port)", "http://localhost:\(port)"] {
                #expect(try await t.client.send(.POST, "/products/refresh", body: "{}", headers: [("Origin", origin)]).status == .accepted)
            }
            #expect(try await t.client.send(.POST, "/products/refresh", body: "{}").status == .accepted)
            // Reading with a foreign Origin is answered (CORS keeps the page from seeing it).
            #expect(try await t.client.send(.GET, "/products", headers: [("Origin", "https://evil.example")]).status == .ok)
        }
    }

    @Test("Web mode is not affected by the local guard")
    func webModeUnaffected() async throws {
        try await withApp(.sqlite) { t in
            let health = try await t.client.send(.GET, "/health", headers: [("Host", "mantis.example.com")])
            #expect(health.status == .ok)
        }
    }
}

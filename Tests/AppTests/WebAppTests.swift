@testable import App
import Foundation
import Testing

@Suite("Web app serving", .timeLimit(.minutes(3)))
struct WebAppTests {
    /// A stand-in `Public/` so these tests do not depend on the real app's files.
    private func withPublicDirectory(_ body: (String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mantis-public-\(UUID().uuidString)").path + "/"
        try FileManager.default.createDirectory(atPath: directory + "js", withIntermediateDirectories: true)
        try "<!doctype html><title>Mantis</title><main id=\"app\"></main>".write(toFile: directory + "index.html", atomically: true, encoding: .utf8)
        try "export const x = 1;".write(toFile: directory + "js/main.js", atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await body(directory)
    }

    @Test("The app's routes all answer with index.html; API routes are untouched", arguments: TestDatabase.all)
    func spaFallback(database: TestDatabase) async throws {
        try await withPublicDirectory { publicDirectory in
            try await withApp(database, environment: ["MANTIS_PUBLIC_DIR": publicDirectory]) { t in
                for path in ["/", "/login", "/verify-email?token=abc", "/reset-password?token=abc", "/settings", "/product/\(UUID())"] {
                    let response = try await t.client.get(path)
                    #expect(response.status == .ok, "\(path)")
                    #expect(response.text.contains("<main id=\"app\">"), "\(path)")
                    #expect(response.headers.first(name: "Cache-Control") == "no-cache")
                }
                // The API's product route is still the API.
                let api = try await t.client.get("/products/\(UUID())")
                #expect(api.errorCode == "missing_token")
                #expect(try await t.client.get("/nope").errorCode == "not_found")
            }
        }
    }

    @Test("Static files are served with caching headers")
    func staticFiles() async throws {
        try await withPublicDirectory { publicDirectory in
            try await withApp(.sqlite, environment: ["MANTIS_PUBLIC_DIR": publicDirectory]) { t in
                let script = try await t.client.get("/js/main.js")
                #expect(script.status == .ok)
                #expect(script.headers.first(name: "Content-Type")?.contains("javascript") == true)
                #expect(script.headers.first(name: "Cache-Control")?.contains("max-age=3600") == true)
                #expect(script.headers.first(name: "ETag") != nil)
            }
        }
    }

    @Test("Every page carries a strict CSP (no inline script), nosniff, no-referrer and frame-ancestors 'none'")
    func securityHeaders() async throws {
        try await withPublicDirectory { publicDirectory in
            try await withApp(.sqlite, environment: ["MANTIS_PUBLIC_DIR": publicDirectory]) { t in
                for path in ["/", "/reset-password?token=x", "/health", "/js/main.js"] {
                    let response = try await t.client.get(path)
                    let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
                    #expect(csp.contains("script-src 'self'"), "\(path)")
                    #expect(!csp.contains("unsafe-inline"), "\(path)")
                    #expect(csp.contains("frame-ancestors 'none'"), "\(path)")
                    #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
                    #expect(response.headers.first(name: "Referrer-Policy") == "no-referrer", "\(path)")
                }
            }
        }
    }
}

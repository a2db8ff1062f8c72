@testable import App
import Foundation
import Testing

/// `deploy/mantis.env.example` is a production configuration Mantis accepts once its CHANGE-MEs are filled in,
/// and every variable it sets is one the README documents.
@Suite("Production env file")
struct ProductionEnvironmentTests {
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// KEY=value lines as systemd's EnvironmentFile reads them: comments and blank lines skipped.
    static func values(_ path: String) throws -> [String: String] {
        var values: [String: String] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, !text.hasPrefix("#"), let equals = text.firstIndex(of: "=") else { continue }
            values[String(text[..<equals])] = String(text[text.index(after: equals)...])
        }
        return values
    }

    @Test("Filled in, it is a valid production configuration: PostgreSQL, https, SMTP with STARTTLS, Cloudflare's header")
    func acceptedInProduction() throws {
        var values = try Self.values(Self.root.appendingPathComponent("deploy/mantis.env.example").path)
        #expect(values.values.filter { $0.contains("CHANGE-ME") }.count == 3)
        // Unfilled, production refuses the placeholder key (too short).
        #expect(throws: ConfigurationError.self) { try AppConfig(environment: values, isProduction: true) }
        values = values.mapValues { $0.replacingOccurrences(of: "CHANGE-ME", with: "f3a9c1e07b2d4c6e8a0b1d3f5e7c9a2b4d6f8e0a1c3e5b7d") }
        let config = try AppConfig(environment: values, isProduction: true)
        #expect(config.mode == .web)
        #expect(config.host == "127.0.0.1")
        #expect(!config.isSQLite)
        #expect(!config.autoMigrate)
        #expect(config.frontendURL.hasPrefix("https://"))
        #expect(config.corsAllowOrigins == [config.frontendURL])
        #expect(config.smtp?.security == .starttls)
        #expect(config.fetchRender == .never)
        #expect(!config.jwtSecretIsEphemeral)
    }

    @Test("Every variable it sets is in the README's configuration table")
    func documented() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        for key in try Self.values(Self.root.appendingPathComponent("deploy/mantis.env.example").path).keys {
            #expect(readme.contains("`\(key)`"), "\(key) is not documented")
        }
    }
}

@testable import App
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SMTPTestServer
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// No secret or token ever reaches the log: a whole account's life (register, verify, login, refresh,
/// reset, change password) against `mantis serve` at the most talkative log level, in both log formats,
/// and the log then searched for every secret the run used.
@Suite("Secrets stay out of the log", .serialized, .timeLimit(.minutes(3)))
struct LogSecrecyTests {
    @Test("Passwords, access and refresh tokens, verification and reset tokens and the JWT key never appear in the log",
          arguments: ["text", "json"])
    func noSecretsLogged(format: String) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mantis-secrecy-\(UUID().uuidString)")
        let mail = directory.appendingPathComponent("mail")
        try FileManager.default.createDirectory(at: mail, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let logFile = directory.appendingPathComponent("mantis.log")
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let port = try FreePort.find()
        let jwtKey = "jwt-key-" + UUID().uuidString + UUID().uuidString
        let process = CommandRunner.process(["serve", "--port", "\(port)"], environment: [
            "MANTIS_DB_PATH": directory.appendingPathComponent("m.sqlite").path, "JWT_SECRET_KEY": jwtKey,
            "REFRESH_SCHEDULER": "false", "BCRYPT_COST": "4", "FETCH_RENDER": "never", "LOG_LEVEL": "trace",
            "LOG_FORMAT": format, "MAIL_TRANSPORT": "file", "MAIL_DIR": mail.path,
            "AUTH_RATE_LIMIT_PER_IP": "0", "LOGIN_RATE_LIMIT_PER_ACCOUNT": "0",
        ])
        let log = try FileHandle(forWritingTo: logFile)
        process.standardOutput = log
        process.standardError = log
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        let base = "http://127.0.0.1:\(port)"
        let http = HTTPClient.shared
        func call(_ method: HTTPMethod, _ path: String, _ body: [String: Any]? = nil, token: String? = nil) async throws -> [String: Any] {
            var request = HTTPClientRequest(url: base + path)
            request.method = method
            request.headers.add(name: "Content-Type", value: "application/json")
            if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
            if let body { request.body = .bytes(ByteBuffer(data: try JSONSerialization.data(withJSONObject: body))) }
            let response = try await http.execute(request, timeout: .seconds(20))
            let bytes = try await response.body.collect(upTo: 1 << 20)
            return (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) as? [String: Any]) ?? [:]
        }
        for _ in 0..<200 {
            if (try? await http.execute(HTTPClientRequest(url: base + "/health"), timeout: .seconds(2)))?.status == .ok { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let mailbox = Mailbox(directory: mail.path)
        let email = TestApp.uniqueEmail("secrecy")
        let password = "first secret passphrase " + UUID().uuidString.prefix(6)
        let newPassword = "second secret passphrase " + UUID().uuidString.prefix(6)
        let finalPassword = "third secret passphrase " + UUID().uuidString.prefix(6)
        let registered = try await call(.POST, "/auth/register", ["email": email, "password": password])
        var secrets = [jwtKey, password, newPassword, finalPassword]
        let access = try #require(registered["access_token"] as? String)
        let refresh = try #require(registered["refresh_token"] as? String)
        let verifyMail = try #require(try await mailbox.waitForMessages(to: email, subjectContaining: "Confirm your email").first)
        let verifyToken = try #require(Mailbox.token(in: verifyMail, path: "/verify-email"))
        _ = try await call(.POST, "/auth/verify-email", ["token": verifyToken])
        let login = try await call(.POST, "/auth/login", ["email": email, "password": password])
        let rotated = try await call(.POST, "/auth/refresh", ["refresh_token": try #require(login["refresh_token"] as? String)])
        _ = try await call(.GET, "/auth/me", token: try #require(rotated["access_token"] as? String))
        _ = try await call(.POST, "/auth/refresh", ["refresh_token": try #require(login["refresh_token"] as? String)])  // reuse: revoked
        _ = try await call(.POST, "/auth/request-password-reset", ["email": email])
        let resetMail = try #require(try await mailbox.waitForMessages(to: email, subjectContaining: "Reset your").first)
        let resetToken = try #require(Mailbox.token(in: resetMail, path: "/reset-password"))
        _ = try await call(.POST, "/auth/reset-password", ["token": resetToken, "new_password": newPassword])
        let again = try await call(.POST, "/auth/login", ["email": email, "password": newPassword])
        let lastAccess = try #require(again["access_token"] as? String)
        _ = try await call(.POST, "/auth/change-password", ["current_password": newPassword, "new_password": finalPassword], token: lastAccess)
        _ = try await call(.POST, "/auth/login", ["email": email, "password": "wrong " + finalPassword])
        secrets += [access, refresh, verifyToken, resetToken, lastAccess,
                    try #require(login["refresh_token"] as? String), try #require(rotated["refresh_token"] as? String)]
        // The opaque part of a refresh token is the secret (its session id prefix is not).
        secrets += secrets.compactMap { $0.split(separator: ".").last.map(String.init) }.filter { $0.count >= 20 }

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        try log.close()
        let text = try String(contentsOf: logFile, encoding: .utf8)
        // The log holds the run, at its most talkative: HTTP parts at trace, every query at debug.
        #expect(text.contains("Decoded HTTP part"), "\(text.prefix(400))")
        #expect(text.contains("INSERT INTO \\\"users\\\"") || text.contains("INSERT INTO \"users\""), "\(text.prefix(400))")
        for (index, secret) in secrets.enumerated() {
            #expect(!text.contains(secret), "secret #\(index) (\(secret.prefix(6))…) is in the \(format) log")
        }
    }
}

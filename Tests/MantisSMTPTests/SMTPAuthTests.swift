import SMTPTestServer
import Foundation
import Testing

@testable import MantisSMTP

@Suite("AUTH PLAIN and AUTH LOGIN against a real server")
struct SMTPAuthTests {
    @Test("AUTH PLAIN is preferred when offered (after STARTTLS)")
    func authPlain() async throws {
        try await withTestSMTPServer(["--tls", "starttls", "--auth", "plain-login"]) { server in
            let client = SMTPClient(
                configuration: .test(
                    server,
                    tls: .startTLS,
                    trustServerCertificate: true,
                    username: TestSMTPServer.username,
                    password: TestSMTPServer.password
                )
            )
            let report = try await client.send(
                from: "alerts@mantis.test", to: ["alice@example.test"], data: testMessage())
            #expect(report.authMechanism == .plain)
            let message = try #require(server.messages().first)
            #expect(message.authenticatedAs == TestSMTPServer.username)
            #expect(message.tls)
        }
    }

    @Test("AUTH LOGIN when it is the only mechanism offered")
    func authLogin() async throws {
        try await withTestSMTPServer(["--auth", "login"]) { server in
            let client = SMTPClient(
                configuration: .test(server, username: TestSMTPServer.username, password: TestSMTPServer.password)
            )
            let report = try await client.send(
                from: "alerts@mantis.test", to: ["alice@example.test"], data: testMessage())
            #expect(report.authMechanism == .login)
            #expect(server.messages().first?.authenticatedAs == TestSMTPServer.username)
        }
    }

    @Test("A wrong password: authenticationFailed, permanent, password nowhere in the error")
    func wrongPassword() async throws {
        for mechanism in ["plain-login", "login"] {
            try await withTestSMTPServer(["--tls", "starttls", "--auth", mechanism]) { server in
                let password = "Wrong-Pa55word-\(mechanism)"
                let client = SMTPClient(
                    configuration: .test(
                        server,
                        tls: .startTLS,
                        trustServerCertificate: true,
                        username: TestSMTPServer.username,
                        password: password
                    )
                )
                let error = await #expect(throws: SMTPError.self) {
                    try await client.send(from: "alerts@mantis.test", to: ["alice@example.test"], data: testMessage())
                }
                let smtpError = try #require(error)
                guard case .authenticationFailed(let code, _) = smtpError else {
                    Issue.record("expected authenticationFailed, got \(smtpError)")
                    return
                }
                #expect(code == 535)
                #expect(smtpError.isPermanent)
                #expect(smtpError.step == .auth)
                for text in [smtpError.description, String(reflecting: smtpError), "\(smtpError)"] {
                    #expect(!text.contains(password))
                    #expect(!text.contains(Data(password.utf8).base64EncodedString()))
                }
                #expect(!client.configuration.description.contains(password))
                #expect(server.messages().isEmpty)
                #expect(!server.events().contains { $0.hasPrefix("MAIL") })
            }
        }
    }

    @Test("Credentials set but the server offers no AUTH: authenticationUnavailable")
    func authNotOffered() async throws {
        try await withTestSMTPServer { server in
            let client = SMTPClient(configuration: .test(server, username: "u", password: "p"))
            await #expect(throws: SMTPError.authenticationUnavailable(offered: [])) {
                try await client.send(from: "alerts@mantis.test", to: ["alice@example.test"], data: testMessage())
            }
            #expect(server.messages().isEmpty)
        }
    }

    @Test("A user name without a password is a configuration error")
    func halfCredentials() async throws {
        let client = SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: 9, username: "u", tls: .none))
        await #expect {
            try await client.send(from: "a@mantis.test", to: ["b@example.test"], data: testMessage())
        } throws: { error in
            guard case .invalidConfiguration = error as? SMTPError else { return false }
            return true
        }
    }
}

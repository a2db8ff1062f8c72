import SMTPTestServer
import Foundation
import Testing

@testable import MantisSMTP

@Suite("TLS: STARTTLS and implicit TLS against a real server")
struct SMTPTLSTests {
    @Test("STARTTLS with the self-signed certificate trusted through caFile")
    func startTLSTrustedByCAFile() async throws {
        try await withTestSMTPServer(["--tls", "starttls"]) { server in
            let client = SMTPClient(configuration: .test(server, tls: .startTLS, trustServerCertificate: true))
            let report = try await client.send(
                from: "alerts@mantis.test", to: ["alice@example.test"], data: testMessage())
            #expect(report.encrypted)
            let message = try #require(server.messages().first)
            #expect(message.tls)
            #expect(message.rcptTos == ["alice@example.test"])
            // EHLO is asked again once TLS is up.
            #expect(server.events().prefix(3) == ["EHLO", "STARTTLS", "EHLO"])
        }
    }

    @Test("STARTTLS refuses a certificate nobody trusts, and sends nothing")
    func startTLSUntrustedCertificateRefused() async throws {
        try await withTestSMTPServer(["--tls", "starttls"]) { server in
            let client = SMTPClient(configuration: .test(server, tls: .startTLS))
            let error = await #expect(throws: SMTPError.self) {
                try await client.send(from: "alerts@mantis.test", to: ["alice@example.test"], data: testMessage())
            }
            guard case .tlsFailed(step: .startTLS, let reason) = error else {
                Issue.record("expected tlsFailed during STARTTLS, got \(String(describing: error))")
                return
            }
            #expect(reason.uppercased().contains("CERTIFICATE"))
            #expect(error?.isPermanent == false)
            #expect(server.messages().isEmpty)
            #expect(!server.events().contains { $0.hasPrefix("MAIL") })
        }
    }

    @Test("verifyCertificates: false accepts the untrusted certificate (tests only)")
    func verificationOff() async throws {
        try await withTestSMTPServer(["--tls", "starttls"]) { server in
            var configuration = SMTPConfiguration.test(server, tls: .startTLS)
            configuration.verifyCertificates = false
            let report = try await SMTPClient(configuration: configuration)
                .send(from: "alerts@mantis.test", to: ["alice@example.test"], data: testMessage())
            #expect(report.encrypted)
            #expect(server.messages().first?.tls == true)
        }
    }

    @Test("A trusted certificate made out to another host name is refused")
    func wrongHostName() async throws {
        try await withTestSMTPServer(["--tls", "starttls", "--cert-name", "other.example"]) { server in
            let client = SMTPClient(configuration: .test(server, tls: .startTLS, trustServerCertificate: true))
            await #expect {
                try await client.send(from: "alerts@mantis.test", to: ["alice@example.test"], data: testMessage())
            } throws: { error in
                guard case .tlsFailed(step: .startTLS, _) = error as? SMTPError else { return false }
                return true
            }
            #expect(server.messages().isEmpty)
        }
    }

    @Test("STARTTLS required but not offered: tlsUnavailable, nothing sent in the clear")
    func startTLSNotOffered() async throws {
        try await withTestSMTPServer { server in
            let client = SMTPClient(
                configuration: .test(
                    server,
                    tls: .startTLS,
                    username: TestSMTPServer.username,
                    password: TestSMTPServer.password
                )
            )
            await #expect(throws: SMTPError.tlsUnavailable) {
                try await client.send(from: "alerts@mantis.test", to: ["alice@example.test"], data: testMessage())
            }
            // The server heard EHLO and nothing else: no AUTH, no MAIL, no message.
            #expect(server.events() == ["EHLO"])
            #expect(server.messages().isEmpty)
            #expect(SMTPError.tlsUnavailable.isPermanent == false)
        }
    }

    @Test("Cleartext sent along with the 220 to STARTTLS is refused, not read as if it came over TLS")
    func startTLSResponseInjection() async throws {
        try await withTestSMTPServer(["--starttls-inject"]) { server in
            let client = SMTPClient(
                configuration: .test(
                    server,
                    tls: .startTLS,
                    trustServerCertificate: false,
                    username: TestSMTPServer.username,
                    password: TestSMTPServer.password
                )
            )
            await #expect {
                try await client.send(from: "alerts@mantis.test", to: ["alice@example.test"], data: testMessage())
            } throws: { error in
                guard case .protocolError(step: .startTLS, _) = error as? SMTPError else { return false }
                return true
            }
            #expect(server.events() == ["EHLO", "STARTTLS"])
        }
    }

    @Test("Implicit TLS (port 465 style) with the certificate trusted through caFile")
    func implicitTLS() async throws {
        try await withTestSMTPServer(["--tls", "implicit"]) { server in
            let client = SMTPClient(configuration: .test(server, tls: .implicitTLS, trustServerCertificate: true))
            let report = try await client.send(
                from: "alerts@mantis.test", to: ["alice@example.test"], data: testMessage())
            #expect(report.encrypted)
            let message = try #require(server.messages().first)
            #expect(message.tls)
            #expect(!server.events().contains("STARTTLS"))
        }
    }

    @Test("Implicit TLS refuses an untrusted certificate during the handshake")
    func implicitTLSUntrusted() async throws {
        try await withTestSMTPServer(["--tls", "implicit"]) { server in
            let client = SMTPClient(configuration: .test(server, tls: .implicitTLS))
            await #expect {
                try await client.send(from: "alerts@mantis.test", to: ["alice@example.test"], data: testMessage())
            } throws: { error in
                guard case .tlsFailed(step: .tlsHandshake, _) = error as? SMTPError else { return false }
                return true
            }
            #expect(server.events().isEmpty)
        }
    }

    @Test("Implicit TLS to the host name localhost checks the certificate's DNS name")
    func implicitTLSByHostName() async throws {
        try await withTestSMTPServer(["--tls", "implicit"]) { server in
            var configuration = SMTPConfiguration.test(server, tls: .implicitTLS, trustServerCertificate: true)
            configuration.host = "localhost"
            let report = try await SMTPClient(configuration: configuration)
                .send(from: "alerts@mantis.test", to: ["alice@example.test"], data: testMessage())
            #expect(report.encrypted)
        }
    }

    @Test("An unreadable CA file is a configuration error, reported before connecting")
    func missingCAFile() async throws {
        var configuration = SMTPConfiguration(host: "127.0.0.1", port: 9, tls: .startTLS)
        configuration.caFile = "/nonexistent/ca.pem"
        await #expect {
            try await SMTPClient(configuration: configuration)
                .send(from: "a@mantis.test", to: ["b@example.test"], data: testMessage())
        } throws: { error in
            guard case .invalidConfiguration(let reason) = error as? SMTPError else { return false }
            return reason.contains("/nonexistent/ca.pem")
        }
    }
}

import SMTPTestServer
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

@testable import MantisSMTP

@Suite("Failures: refusals, dropped connections, dead servers, time-outs")
struct SMTPFailureTests {
    @Test("A refused recipient: permanent error naming RCPT TO, and nothing delivered to the others")
    func rejectedRecipient() async throws {
        try await withTestSMTPServer(["--reject", "gone@example.test"]) { server in
            let client = SMTPClient(configuration: .test(server))
            let error = await #expect(throws: SMTPError.self) {
                try await client.send(
                    from: "alerts@mantis.test",
                    to: ["alice@example.test", "gone@example.test"],
                    data: testMessage()
                )
            }
            let smtpError = try #require(error)
            guard case .rejected(step: .rcptTo, code: 550, let message) = smtpError else {
                Issue.record("expected a 550 for RCPT TO, got \(smtpError)")
                return
            }
            #expect(message.contains("gone@example.test"))
            #expect(smtpError.isPermanent)
            #expect(smtpError.description.contains("RCPT TO"))
            #expect(server.messages().isEmpty)
            #expect(!server.events().contains("DATA"))
        }
    }

    @Test("The server drops the connection during DATA: transient error")
    func droppedDuringData() async throws {
        try await withTestSMTPServer(["--drop-in-data"]) { server in
            let client = SMTPClient(configuration: .test(server))
            let error = await #expect(throws: SMTPError.self) {
                try await client.send(from: "alerts@mantis.test", to: ["alice@example.test"], data: testMessage())
            }
            let smtpError = try #require(error)
            guard case .connectionLost(step: .messageData, _) = smtpError else {
                Issue.record("expected connectionLost during message data, got \(smtpError)")
                return
            }
            #expect(!smtpError.isPermanent)
            #expect(server.messages().isEmpty)
        }
    }

    @Test("Nobody listening: connectionFailed, quickly")
    func serverDown() async throws {
        // Bind a port and let it go: now nobody listens there. (Stopping a started server instead races
        // with the process's exit on a busy machine.)
        let port = try FreePort.find()

        var configuration = SMTPConfiguration(host: "127.0.0.1", port: port, tls: .none)
        // A time-out far above the bound below: failing before it proves the refusal ended the attempt, even
        // on a loaded CI machine where "at once" took 12 s.
        configuration.timeouts.connect = .seconds(90)
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: SMTPError.self) {
            try await SMTPClient(configuration: configuration)
                .send(from: "a@mantis.test", to: ["b@example.test"], data: testMessage())
        }
        let elapsed = clock.now - start
        let smtpError = try #require(error)
        guard case .connectionFailed(host: "127.0.0.1", port: port, let reason) = smtpError else {
            Issue.record("expected connectionFailed, got \(smtpError)")
            return
        }
        #expect(reason.lowercased().contains("refused"))
        #expect(!smtpError.isPermanent)
        #expect(elapsed < .seconds(45), "a refused connection should fail at once, not wait for the time-out")
    }

    @Test("A server that accepts TCP but never greets: timeout naming the greeting")
    func greetingTimeout() async throws {
        try await withTestSMTPServer(["--silent"]) { server in
            let configuration = SMTPConfiguration.test(
                server,
                timeouts: SMTPTimeouts(connect: .seconds(5), command: .milliseconds(700), messageData: .seconds(5))
            )
            let clock = ContinuousClock()
            let start = clock.now
            await #expect(throws: SMTPError.timeout(step: .greeting)) {
                try await SMTPClient(configuration: configuration)
                    .send(from: "a@mantis.test", to: ["b@example.test"], data: testMessage())
            }
            let elapsed = clock.now - start
            #expect(elapsed >= .milliseconds(600))
            // Far below the 60 s default: the configured 0.7 s applied (loose, as CI machines are busy).
            #expect(elapsed < .seconds(30))
            #expect(SMTPError.timeout(step: .greeting).isPermanent == false)
            #expect(SMTPError.timeout(step: .greeting).description.contains("greeting"))
        }
    }

    @Test("A cancelled send stops waiting at once")
    func cancellation() async throws {
        try await withTestSMTPServer(["--silent"]) { server in
            let client = SMTPClient(configuration: .test(server))  // 15 s per command
            let task = Task {
                try await client.send(from: "a@mantis.test", to: ["b@example.test"], data: testMessage())
            }
            try await Task.sleep(for: .milliseconds(300))
            let clock = ContinuousClock()
            let start = clock.now
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(clock.now - start < .seconds(8))
        }
    }

    @Test("An address with CR/LF is refused before any connection is made")
    func injectionRefusedBeforeConnecting() async throws {
        try await withTestSMTPServer { server in
            let client = SMTPClient(configuration: .test(server))
            await #expect(throws: SMTPError.invalidAddress("alice@example.test>\r\nRCPT TO:<evil@example.test")) {
                try await client.send(
                    from: "alerts@mantis.test",
                    to: ["alice@example.test>\r\nRCPT TO:<evil@example.test"],
                    data: testMessage()
                )
            }
            await #expect(throws: SMTPError.noRecipients) {
                try await client.send(from: "alerts@mantis.test", to: [], data: testMessage())
            }
            #expect(server.events().isEmpty)
        }
    }
}


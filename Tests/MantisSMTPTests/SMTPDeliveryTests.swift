import SMTPTestServer
import Foundation
import Testing

@testable import MantisSMTP

@Suite("Delivery to a real SMTP server")
struct SMTPDeliveryTests {
    @Test("Plain delivery: envelope, several recipients, dot-stuffing undone, UTF-8 intact")
    func plainDelivery() async throws {
        try await withTestSMTPServer { server in
            let lines = [
                "Hello Zoë, the price of “Kaffeemühle” fell to 42,50 € 🎉",
                ".a line starting with a dot",
                "..two dots",
                ".",
                "bare LF follows",
                "then a bare CR",
                "end",
            ]
            let body = lines[0..<4].joined(separator: "\r\n") + "\r\n" + lines[4] + "\n" + lines[5] + "\r" + lines[6]
            let client = SMTPClient(configuration: .test(server))
            let report = try await client.send(
                from: "alerts@mantis.test",
                to: ["alice@example.test", "bob@example.test"],
                data: testMessage(body: body)
            )

            #expect(report.reply.code == 250)
            #expect(report.reply.message.contains("queued as MSG0001"))
            #expect(report.recipients == ["alice@example.test", "bob@example.test"])
            #expect(report.encrypted == false)
            #expect(report.authMechanism == nil)

            let messages = server.messages()
            try #require(messages.count == 1)
            let message = messages[0]
            #expect(message.mailFrom == "alerts@mantis.test")
            #expect(message.rcptTos == ["alice@example.test", "bob@example.test"])
            #expect(message.tls == false)
            #expect(message.mailOptions.contains("BODY=8BITMIME"))
            // What the server stored is the text as given, every line ending made CRLF, dots unescaped.
            #expect(message.contentText == testMessage(body: lines.joined(separator: "\r\n")) + "\r\n")
            #expect(message.contentText.contains("Zoë") && message.contentText.contains("🎉"))
            #expect(server.events().last == "DATA")
        }
    }

    @Test("A server that refuses EHLO gets HELO instead")
    func heloFallback() async throws {
        try await withTestSMTPServer(["--reject-ehlo"]) { server in
            let client = SMTPClient(configuration: .test(server))
            _ = try await client.send(from: "a@mantis.test", to: ["b@example.test"], data: testMessage())
            #expect(server.events().prefix(2) == ["EHLO", "HELO"])
            #expect(server.messages().count == 1)
        }
    }

    @Test("The null sender <> is allowed for bounces")
    func nullSender() async throws {
        try await withTestSMTPServer { server in
            let client = SMTPClient(configuration: .test(server))
            _ = try await client.send(from: "", to: ["b@example.test"], data: testMessage())
            #expect(server.events().contains("MAIL <>"))
            #expect(server.messages().first?.rcptTos == ["b@example.test"])
        }
    }

    @Test("An internationalised address is sent with SMTPUTF8")
    func smtpUTF8() async throws {
        try await withTestSMTPServer { server in
            let client = SMTPClient(configuration: .test(server))
            _ = try await client.send(from: "alerts@mantis.test", to: ["zoë@exämple.test"], data: testMessage())
            let message = try #require(server.messages().first)
            #expect(message.rcptTos == ["zoë@exämple.test"])
            #expect(message.mailOptions.contains("SMTPUTF8"))
        }
    }

    @Test("One client delivers several messages at once, each on its own connection")
    func concurrentSends() async throws {
        try await withTestSMTPServer { server in
            let client = SMTPClient(configuration: .test(server))
            try await withThrowingTaskGroup(of: SMTPDeliveryReport.self) { group in
                for index in 0..<5 {
                    group.addTask {
                        try await client.send(
                            from: "alerts@mantis.test",
                            to: ["user\(index)@example.test"],
                            data: testMessage(subject: "Message \(index)")
                        )
                    }
                }
                for try await report in group { #expect(report.reply.code == 250) }
            }
            let recipients = server.messages().flatMap(\.rcptTos).sorted()
            #expect(recipients == (0..<5).map { "user\($0)@example.test" })
        }
    }
}

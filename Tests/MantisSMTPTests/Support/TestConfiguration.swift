import SMTPTestServer
import MantisSMTP

extension SMTPConfiguration {
    /// A configuration aimed at a test server, with limits short enough to keep failing tests quick
    /// and long enough for a loaded two-core CI machine.
    static func test(
        _ server: TestSMTPServer,
        tls: TLSMode = .none,
        trustServerCertificate: Bool = false,
        username: String? = nil,
        password: String? = nil,
        timeouts: SMTPTimeouts = SMTPTimeouts(connect: .seconds(5), command: .seconds(15), messageData: .seconds(15))
    ) -> SMTPConfiguration {
        SMTPConfiguration(
            host: "127.0.0.1",
            port: server.port,
            username: username,
            password: password,
            tls: tls,
            caFile: trustServerCertificate ? server.certificatePath : nil,
            heloName: "mantis.test",
            timeouts: timeouts
        )
    }
}

/// A message as the app would build it: headers, blank line, body, CRLF line ends.
func testMessage(subject: String = "Price drop", body: String = "The price fell.") -> String {
    [
        "From: Mantis <alerts@mantis.test>",
        "To: Alice <alice@example.test>",
        "Subject: \(subject)",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        body,
    ].joined(separator: "\r\n")
}

@testable import App
import Foundation
import SMTPTestServer
import Testing

extension TestApp {
    /// Runs `test` against a Mantis whose mail goes over SMTP to a real aiosmtpd server on loopback.
    static func withSMTP(
        _ database: TestDatabase, serverArguments: [String] = [], environment: [String: String] = [:],
        _ test: (TestApp, TestSMTPServer) async throws -> Void
    ) async throws {
        try await withTestSMTPServer(serverArguments) { server in
            var values = ["SMTP_HOST": "127.0.0.1", "SMTP_PORT": "\(server.port)", "SMTP_USE_TLS": "false",
                          "SMTP_FROM_EMAIL": "Mantis Alerts <alerts@mantis.test>"]
            values.merge(environment) { _, new in new }
            try await withApp(database, environment: values) { t in try await test(t, server) }
        }
    }
}

extension TestSMTPServer {
    /// Waits (up to 10 s) for `count` messages to `address` whose subject contains `subject`.
    func waitForMessages(to address: String, subject: String, count: Int = 1) async throws -> [ReceivedMessage] {
        for _ in 0..<200 {
            let found = messages().filter { $0.rcptTos.contains(address) && $0.header("Subject")?.contains(subject) == true }
            if found.count >= count { return found }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSetupError.timeout("no SMTP message '\(subject)' to \(address); got \(messages().map { $0.header("Subject") ?? "?" })")
    }
}

extension TestSMTPServer.ReceivedMessage {
    /// The value of a top-level header, decoded if it is one RFC 2047 base64 word.
    func header(_ name: String) -> String? {
        let head = contentText.components(separatedBy: "\r\n\r\n").first ?? contentText
        guard let line = head.components(separatedBy: "\r\n").first(where: { $0.lowercased().hasPrefix(name.lowercased() + ": ") })
        else { return nil }
        // Unfold continuation lines, then decode each RFC 2047 word.
        let lines = head.components(separatedBy: "\r\n")
        guard let index = lines.firstIndex(of: line) else { return nil }
        var value = String(line.dropFirst(name.count + 2))
        for next in lines[(index + 1)...] where next.hasPrefix(" ") { value += next }
        guard value.hasPrefix("=?utf-8?B?") else { return value }
        return value.components(separatedBy: " ").map { word in
            guard word.hasPrefix("=?utf-8?B?"), word.hasSuffix("?="),
                  let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))
            else { return word }
            return String(decoding: data, as: UTF8.self)
        }.joined()
    }

    /// The body of the part with this content type ("text/plain" or "text/html").
    func part(_ contentType: String) -> String? {
        guard let start = contentText.range(of: "Content-Type: \(contentType)") else { return nil }
        let afterHeaders = contentText[start.upperBound...].range(of: "\r\n\r\n").map { contentText[$0.upperBound...] } ?? ""
        let end = afterHeaders.range(of: "\r\n--")?.lowerBound ?? afterHeaders.endIndex
        return String(afterHeaders[..<end])
    }
}

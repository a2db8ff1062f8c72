@testable import App
import Foundation
import MantisCore
import Testing

/// Snapshot tests: the rendered messages are compared with files in Snapshots/. After a deliberate change,
/// run with MANTIS_RECORD_SNAPSHOTS=1 to rewrite them, and review the diff.
@Suite("Email templates")
struct EmailTemplateTests {
    private let templates = EmailTemplates(frontendURL: "https://mantis.example.com")
    private let date = Date(timeIntervalSince1970: 1_790_000_000)

    private func render(_ message: EmailMessage) -> String {
        MIMEMessageRenderer.render(message, from: "Mantis <mantis@example.com>", date: date, messageID: "fixed@example.com", boundary: "BOUNDARY")
    }

    private func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name).eml")
        if ProcessInfo.processInfo.environment["MANTIS_RECORD_SNAPSHOTS"] == "1" || !FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("snapshot \(name) was missing", sourceLocation: sourceLocation) }
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "snapshot \(name) differs", sourceLocation: sourceLocation)
    }

    @Test("Verification email")
    func verification() throws {
        try assertSnapshot(render(templates.verification(to: "ana@example.com", token: "TOKEN123")), named: "verification")
    }

    @Test("Password reset email")
    func passwordReset() throws {
        try assertSnapshot(render(templates.passwordReset(to: "ana@example.com", token: "TOKEN456")), named: "password-reset")
    }

    @Test("Password changed notice")
    func passwordChanged() throws {
        try assertSnapshot(render(templates.passwordChanged(to: "ana@example.com", at: date)), named: "password-changed")
    }

    @Test("Price alert")
    func priceAlert() throws {
        let alert = EmailTemplates.Alert(
            productID: UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!, title: "Café Grinder \"Pro\" <Edition>",
            storeURL: "https://shop.example/grinder?a=1&b=2", oldPrice: "149.00", newPrice: "119.00", currency: "EUR",
            reasons: [.targetReached(target: PriceAmount("120")!), .droppedByPercent(from: PriceAmount("149.00")!, percent: 10)])
        try assertSnapshot(render(templates.priceAlert(to: "ana@example.com", alert)), named: "price-alert")
    }

    @Test("Non-ASCII subjects are RFC 2047 encoded; CR/LF in user text cannot add headers")
    func headerSafety() {
        let message = EmailMessage(to: "victim@example.com\r\nBcc: everyone@example.com", subject: "Prix baissé\r\nX-Evil: 1", text: "t", html: nil)
        let rendered = render(message)
        let headers = rendered.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        #expect(!headers.contains { $0.hasPrefix("Bcc:") || $0.hasPrefix("X-Evil:") })
        #expect(headers.contains { $0.hasPrefix("Subject: =?utf-8?B?") })
        #expect(headers.contains("Date: Mon, 21 Sep 2026 14:13:20 +0000"))
    }
}

import Testing

@testable import MantisSMTP

@Suite("Errors: permanent or transient, and what they say")
struct SMTPErrorTests {
    @Test("5xx replies are permanent, 4xx replies and transport failures are transient")
    func permanence() {
        #expect(SMTPError.rejected(step: .rcptTo, code: 550, message: "no such user").isPermanent)
        #expect(SMTPError.rejected(step: .mailFrom, code: 552, message: "too big").isPermanent)
        #expect(!SMTPError.rejected(step: .rcptTo, code: 450, message: "greylisted").isPermanent)
        #expect(!SMTPError.rejected(step: .greeting, code: 421, message: "busy").isPermanent)
        #expect(SMTPError.authenticationFailed(code: 535, message: "bad").isPermanent)
        #expect(!SMTPError.authenticationFailed(code: 454, message: "try later").isPermanent)
        #expect(!SMTPError.connectionFailed(host: "h", port: 25, reason: "refused").isPermanent)
        #expect(!SMTPError.connectionLost(step: .messageData, reason: "reset").isPermanent)
        #expect(!SMTPError.timeout(step: .data).isPermanent)
        #expect(!SMTPError.tlsFailed(step: .startTLS, reason: "bad cert").isPermanent)
        #expect(!SMTPError.protocolError(step: .ehlo, reason: "garbage").isPermanent)
        #expect(SMTPError.invalidAddress("a\nb").isPermanent)
        #expect(SMTPError.noRecipients.isPermanent)
    }

    @Test("Descriptions name the failing step")
    func descriptions() {
        #expect(
            SMTPError.rejected(step: .rcptTo, code: 550, message: "no").description
                == "SMTP: server rejected RCPT TO: 550 no")
        #expect(SMTPError.timeout(step: .greeting).description.contains("greeting"))
        #expect(SMTPError.connectionLost(step: .messageData, reason: "x").step == .messageData)
        #expect(SMTPError.tlsUnavailable.step == .startTLS)
    }

    @Test("An echoed password is blanked out of server messages")
    func redaction() {
        let error = SMTPError.authenticationFailed(code: 535, message: "bad password hunter2 (aHVudGVyMg==)")
        #expect(error.redacting("hunter2").description == "SMTP: authentication failed: 535 bad password *** (***)")
    }

    @Test("A configuration prints without its password")
    func configurationDescription() {
        let configuration = SMTPConfiguration(host: "smtp.example.test", port: 587, username: "u", password: "hunter2")
        #expect(!configuration.description.contains("hunter2"))
        #expect(!String(reflecting: configuration).contains("hunter2"))
        var dumped = ""
        dump(SMTPClient(configuration: configuration), to: &dumped)
        #expect(!dumped.contains("hunter2"))
        #expect(dumped.contains("smtp.example.test"))
        #expect(configuration.description.contains("smtp.example.test:587"))
    }
}

import NIOCore
import Testing

@testable import MantisSMTP

@Suite("Reply parsing")
struct SMTPReplyDecoderTests {
    private func replies(_ chunks: [String]) throws -> [SMTPReply] {
        var decoder = SMTPReplyDecoder()
        var result: [SMTPReply] = []
        for chunk in chunks {
            var buffer = ByteBuffer(string: chunk)
            decoder.feed(&buffer)
            while let reply = try decoder.nextReply() { result.append(reply) }
        }
        return result
    }

    @Test("Multi-line replies are joined; a reply split across reads is still one reply")
    func multiLine() throws {
        let parsed = try replies([
            "250-mx.test Hello\r\n250-SIZE 1000\r\n25", "0-8BITMIME\r\n250 HELP\r\n220 ready\r\n",
        ])
        #expect(parsed.count == 2)
        #expect(parsed[0] == SMTPReply(code: 250, lines: ["mx.test Hello", "SIZE 1000", "8BITMIME", "HELP"]))
        #expect(parsed[1] == SMTPReply(code: 220, lines: ["ready"]))
    }

    @Test("A bare code and bare LF line ends are accepted")
    func lenient() throws {
        #expect(
            try replies(["250\r\n", "354 go ahead\n"]) == [
                SMTPReply(code: 250, lines: [""]), SMTPReply(code: 354, lines: ["go ahead"]),
            ])
    }

    @Test("Nothing is returned until the last line has arrived")
    func incomplete() throws {
        #expect(try replies(["250-first\r\n250 sec"]).isEmpty)
    }

    @Test(
        "Garbage, mixed codes and endless lines are protocol errors",
        arguments: ["HTTP/1.1 400 Bad Request\r\n", "250-a\r\n251 b\r\n", "250xhello\r\n", "99 x\r\n", "650 x\r\n"]
    )
    func malformed(_ input: String) {
        #expect(throws: SMTPReplyDecoder.Malformed.self) { try replies([input]) }
    }

    @Test("A line longer than the limit is refused rather than buffered forever")
    func tooLong() {
        #expect(throws: SMTPReplyDecoder.Malformed.self) {
            try replies(["250 " + String(repeating: "x", count: SMTPReplyDecoder.maximumLineLength + 10)])
        }
    }

    @Test("EHLO capabilities: keywords, AUTH mechanisms (also the old AUTH= form)")
    func capabilities() {
        let reply = SMTPReply(
            code: 250,
            lines: ["mx.test", "SIZE 1000", "8BITMIME", "starttls", "AUTH LOGIN PLAIN", "AUTH=CRAM-MD5 login"]
        )
        let capabilities = SMTPServerCapabilities(ehloReply: reply)
        #expect(capabilities.supportsStartTLS)
        #expect(capabilities.supports8BitMIME)
        #expect(!capabilities.supportsSMTPUTF8)
        #expect(capabilities.authMechanisms == ["LOGIN", "PLAIN", "CRAM-MD5"])
        #expect(SMTPAuthMechanism.preferred(among: capabilities.authMechanisms) == .plain)
        #expect(SMTPAuthMechanism.preferred(among: ["LOGIN", "XOAUTH2"]) == .login)
        #expect(SMTPAuthMechanism.preferred(among: ["CRAM-MD5"]) == nil)
        // The first line is the server's name, never a capability.
        #expect(!SMTPServerCapabilities(ehloReply: SMTPReply(code: 250, lines: ["STARTTLS"])).supportsStartTLS)
    }
}

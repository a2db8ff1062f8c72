import Testing

@testable import MantisSMTP

@Suite("DATA encoding: CRLF normalisation and dot-stuffing")
struct SMTPMessageDataTests {
    private func encoded(_ text: String) -> String {
        String(decoding: SMTPMessageData.encode(text), as: UTF8.self)
    }

    @Test("Lines starting with a dot get another dot; the end marker follows")
    func dotStuffing() {
        #expect(encoded("a\r\n.b\r\n..c\r\n.\r\nd") == "a\r\n..b\r\n...c\r\n..\r\nd\r\n.\r\n")
        #expect(encoded(".first") == "..first\r\n.\r\n")
        #expect(encoded("no.dot.at.start") == "no.dot.at.start\r\n.\r\n")
    }

    @Test("LF, CR and CRLF all become CRLF; a lone LF-dot-LF can't end the data early")
    func lineEndings() {
        #expect(encoded("a\nb\rc\r\nd") == "a\r\nb\r\nc\r\nd\r\n.\r\n")
        #expect(encoded("a\n.\nb") == "a\r\n..\r\nb\r\n.\r\n")
        #expect(encoded("a\r\r\nb") == "a\r\n\r\nb\r\n.\r\n")
        #expect(encoded("a\n\nb") == "a\r\n\r\nb\r\n.\r\n")
    }

    @Test("Text already ending in CRLF gets no extra blank line; empty text is just the end marker")
    func ends() {
        #expect(encoded("a\r\n") == "a\r\n.\r\n")
        #expect(encoded("a\n") == "a\r\n.\r\n")
        #expect(encoded("") == ".\r\n")
    }

    @Test("UTF-8 passes through byte for byte")
    func utf8() {
        let text = "Grüße, “quotes”, 🎉"
        #expect(SMTPMessageData.encode(text) == Array(text.utf8) + Array("\r\n.\r\n".utf8))
    }
}

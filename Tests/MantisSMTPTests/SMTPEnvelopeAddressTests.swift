import Testing

@testable import MantisSMTP

@Suite("Envelope address guard")
struct SMTPEnvelopeAddressTests {
    @Test(
        "Addresses that could inject commands or parameters are refused",
        arguments: [
            "",
            "alice@example.test\r\nRCPT TO:<evil@example.test>",
            "alice@example.test\nDATA",
            "alice@example.test\r",
            "alice@example.test>",
            "<alice@example.test",
            "alice@example.test> SIZE=1",
            "alice @example.test",
            "alice@example.test\t",
            "alice\0@example.test",
            "alice\u{7F}@example.test",
            "alice\u{85}@example.test",
            "alice\u{2028}@example.test",
            String(repeating: "a", count: 250) + "@x.test",
        ]
    )
    func refused(_ address: String) {
        #expect(!SMTPEnvelopeAddress.isValid(address))
        #expect(throws: SMTPError.invalidAddress(address)) { try SMTPEnvelopeAddress.validate(address) }
    }

    @Test(
        "Ordinary and internationalised addresses pass",
        arguments: ["alice@example.test", "a.b+tag@sub.example.test", "zoë@exämple.test", "postmaster"]
    )
    func accepted(_ address: String) throws {
        #expect(SMTPEnvelopeAddress.isValid(address))
        try SMTPEnvelopeAddress.validate(address)
    }

    @Test("The error shows CR/LF escaped, so it can't forge log lines either")
    func descriptionEscapes() {
        let error = SMTPError.invalidAddress("a@b\r\nX")
        #expect(!error.description.contains("\r") && !error.description.contains("\n"))
        #expect(error.description.contains(#"\r\n"#))
        #expect(error.isPermanent)
    }
}

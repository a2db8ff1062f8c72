import Testing

@testable import MantisCore

@Suite("EmailAddress")
struct EmailAddressTests {
    // MARK: normalisation

    @Test("Surrounding whitespace and newlines are trimmed")
    func trimsSurroundingWhitespace() throws {
        let email = try EmailAddress("  \t alice@example.com \n")
        #expect(email.value == "alice@example.com")
    }

    @Test("Local part and domain are lowercased")
    func lowercases() throws {
        let email = try EmailAddress("Alice.Smith@Example.COM")
        #expect(email.value == "alice.smith@example.com")
        #expect(email.description == "alice.smith@example.com")
    }

    @Test("Decomposed and precomposed spellings store the same NFC scalars")
    func normalisesToNFC() throws {
        let decomposed = try EmailAddress("rene\u{301}@example.com")
        let precomposed = try EmailAddress("ren\u{E9}@example.com")
        // Swift's String == already treats canonically equivalent strings as equal, so compare the stored bytes.
        #expect(Array(decomposed.value.utf8) == Array("ren\u{E9}@example.com".utf8))
        #expect(Array(decomposed.value.utf8) == Array(precomposed.value.utf8))
    }

    @Test("Uppercase decomposed letters end up as lowercase precomposed scalars")
    func normalisesCaseAndComposition() throws {
        let email = try EmailAddress("RENE\u{301}@EXAMPLE.COM")
        #expect(Array(email.value.unicodeScalars) == Array("ren\u{E9}@example.com".unicodeScalars))
    }

    @Test("Two spellings of one address are one Set element")
    func spellingsAreHashEqual() throws {
        let spellings: Set<EmailAddress> = [
            try EmailAddress("Bob@Example.com"),
            try EmailAddress(" bob@example.com "),
            try EmailAddress("BOB@EXAMPLE.COM"),
        ]
        #expect(spellings.count == 1)
    }

    @Test("normalize applies trim, NFC and lowercase without validating")
    func normalizeIsPublicAndPure() {
        #expect(
            EmailAddress.normalize("  NOT AN E\u{301}MAIL  ").unicodeScalars.elementsEqual(
                "not an \u{E9}mail".unicodeScalars))
    }

    // MARK: accepted addresses

    @Test(
        "Unicode local parts and internationalised domains are accepted",
        arguments: [
            "jörg@example.de",
            "用户@例子.广告",
            "θσερ@παράδειγμα.δοκιμή",
            "ñandú+tag@example.com",
        ])
    func acceptsUnicode(raw: String) throws {
        let email = try EmailAddress(raw)
        #expect(email.value == raw)
    }

    @Test(
        "Common ASCII shapes are accepted",
        arguments: [
            "a@b.co",
            "first.last+tag@sub.example.co.uk",
            "o'brien@example.ie",
            "x_y-z@my-host.example",
        ])
    func acceptsCommonShapes(raw: String) throws {
        #expect(try EmailAddress(raw).value == raw)
    }

    // MARK: rejected addresses

    @Test("Empty or whitespace-only input is empty", arguments: ["", "   ", "\n\t"])
    func rejectsEmpty(raw: String) {
        #expect(throws: EmailAddress.Invalid.empty) { try EmailAddress(raw) }
    }

    @Test(
        "Malformed addresses are rejected",
        arguments: [
            "alice",
            "alice@",
            "@example.com",
            "alice@@example.com",
            "alice@bob@example.com",
            "alice@localhost",
            "alice@example.",
            "alice@.example.com",
            "alice@example..com",
            "alice@-example.com",
            "alice@example-.com",
            ".alice@example.com",
            "alice.@example.com",
            "al..ice@example.com",
            "alice smith@example.com",
            "\"alice\"@example.com",
            "alice@[127.0.0.1]",
            "alice,bob@example.com",
            "alice;bob@example.com",
            "alice:bob@example.com",
            "alice\\bob@example.com",
            "alice(comment)@example.com",
        ])
    func rejectsMalformed(raw: String) {
        #expect(throws: EmailAddress.Invalid.malformed) { try EmailAddress(raw) }
    }

    @Test(
        "CR/LF and other control characters inside an address cannot smuggle headers",
        arguments: [
            "alice@example.com\r\nBcc: eve@example.com",
            "alice@example.com\nBcc:eve",
            "alice\r\n@example.com",
            "alice@exa\rmple.com",
            "alice@example.com\u{0}",
            "ali\u{7F}ce@example.com",
            "alice@example.com\u{85}x",
            "<alice@example.com>",
            "Alice <alice@example.com>",
        ])
    func rejectsHeaderInjection(raw: String) {
        #expect(throws: EmailAddress.Invalid.malformed) { try EmailAddress(raw) }
    }

    @Test("A 64-byte local part is accepted, 65 bytes is malformed")
    func localPartLimit() throws {
        let longest = String(repeating: "a", count: 64) + "@example.com"
        #expect(try EmailAddress(longest).value == longest)
        #expect(throws: EmailAddress.Invalid.malformed) {
            try EmailAddress(String(repeating: "a", count: 65) + "@example.com")
        }
    }

    @Test("The local-part limit counts UTF-8 bytes, not characters")
    func localPartLimitCountsBytes() {
        // 33 "é" are 33 characters but 66 bytes.
        #expect(throws: EmailAddress.Invalid.malformed) {
            try EmailAddress(String(repeating: "\u{E9}", count: 33) + "@example.com")
        }
    }

    @Test("254 bytes in total are accepted, 255 are too long")
    func totalLengthLimit() throws {
        func address(totalBytes: Int) -> String {
            let local = String(repeating: "a", count: 64)
            let label = String(repeating: "b", count: totalBytes - 64 - 1 - ".com".count)
            return "\(local)@\(label).com"
        }
        let longest = address(totalBytes: 254)
        #expect(longest.utf8.count == 254)
        #expect(try EmailAddress(longest).value == longest)
        #expect(throws: EmailAddress.Invalid.tooLong) { try EmailAddress(address(totalBytes: 255)) }
    }

    @Test("Length is measured after trimming")
    func lengthMeasuredAfterTrim() throws {
        let local = String(repeating: "a", count: 64)
        let address = "\(local)@\(String(repeating: "b", count: 185)).com"
        #expect(address.utf8.count == 254)
        #expect(try EmailAddress("   \(address)   ").value == address)
    }
}

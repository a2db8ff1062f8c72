import Testing

@testable import MantisCore

@Suite("PasswordPolicy")
struct PasswordPolicyTests {
    @Test("The limits are 8 characters and 72 UTF-8 bytes (bcrypt's input size)")
    func limits() {
        #expect(PasswordPolicy.minimumCharacters == 8)
        #expect(PasswordPolicy.maximumUTF8Bytes == 72)
    }

    @Test("7 characters are too short")
    func sevenCharactersRejected() {
        #expect(throws: PasswordPolicy.Violation.tooShort) { try PasswordPolicy.validate("abcdefg") }
    }

    @Test("The empty password is too short")
    func emptyRejected() {
        #expect(throws: PasswordPolicy.Violation.tooShort) { try PasswordPolicy.validate("") }
    }

    @Test("8 characters are accepted")
    func eightCharactersAccepted() {
        #expect(throws: Never.self) { try PasswordPolicy.validate("abcdefgh") }
    }

    @Test("72 ASCII bytes are accepted")
    func seventyTwoBytesAccepted() {
        let password = String(repeating: "x", count: 72)
        #expect(throws: Never.self) { try PasswordPolicy.validate(password) }
    }

    @Test("73 ASCII bytes are too long")
    func seventyThreeBytesRejected() {
        let password = String(repeating: "x", count: 73)
        #expect(throws: PasswordPolicy.Violation.tooLong) { try PasswordPolicy.validate(password) }
    }

    @Test("The minimum counts characters, not bytes: 7 two-byte letters are still too short")
    func minimumCountsCharacters() {
        let password = String(repeating: "\u{E9}", count: 7)
        #expect(password.utf8.count == 14)
        #expect(throws: PasswordPolicy.Violation.tooShort) { try PasswordPolicy.validate(password) }
    }

    @Test("24 euro signs (72 bytes) are accepted")
    func twentyFourEurosAccepted() {
        let password = String(repeating: "€", count: 24)
        #expect(password.utf8.count == 72)
        #expect(throws: Never.self) { try PasswordPolicy.validate(password) }
    }

    @Test("25 euro signs are only 25 characters but 75 bytes, so too long")
    func twentyFiveEurosRejected() {
        let password = String(repeating: "€", count: 25)
        #expect(password.count == 25)
        #expect(password.utf8.count == 75)
        #expect(throws: PasswordPolicy.Violation.tooLong) { try PasswordPolicy.validate(password) }
    }

    @Test("Emoji count by their UTF-8 bytes: 18 four-byte emoji fit, 19 do not")
    func emojiCountedByBytes() {
        let fits = String(repeating: "🔒", count: 18)
        let tooMany = String(repeating: "🔒", count: 19)
        #expect(fits.utf8.count == 72)
        #expect(throws: Never.self) { try PasswordPolicy.validate(fits) }
        #expect(throws: PasswordPolicy.Violation.tooLong) { try PasswordPolicy.validate(tooMany) }
    }

    @Test("A ZWJ family emoji is one character but 25 bytes")
    func zwjSequenceCountsAsOneCharacter() {
        let family = "👨‍👩‍👧‍👦"
        #expect(family.count == 1 && family.utf8.count == 25)
        // 7 letters + 1 family = 8 characters, 32 bytes: fine.
        #expect(throws: Never.self) { try PasswordPolicy.validate("abcdefg" + family) }
        // 6 letters + 1 family = 7 characters although 31 bytes: too short.
        #expect(throws: PasswordPolicy.Violation.tooShort) { try PasswordPolicy.validate("abcdef" + family) }
        // 8 families = 8 characters but 200 bytes: too long.
        #expect(throws: PasswordPolicy.Violation.tooLong) {
            try PasswordPolicy.validate(String(repeating: family, count: 8))
        }
    }

    @Test("Whitespace is part of the password and is not trimmed")
    func whitespaceIsNotTrimmed() {
        #expect(throws: Never.self) { try PasswordPolicy.validate("   abc  ") }
    }
}

import Foundation
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
        #expect(throws: Never.self) { try PasswordPolicy.validate("mz7!qw3x") }
    }

    @Test("72 ASCII bytes are accepted")
    func seventyTwoBytesAccepted() {
        let password = "mantis keeps an eye on prices so that you never pay too much for a thing"
        #expect(password.utf8.count == 72)
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

    @Test("24 currency signs of 3 bytes (72 bytes) are accepted")
    func twentyFourEurosAccepted() {
        // Mixed signs: 24 copies of one sign would be refused as too few distinct characters.
        let password = String(repeating: "€₤₹", count: 8)
        #expect(password.count == 24)
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
        let fits = String(repeating: "🔒🔑", count: 9)
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
        #expect(throws: Never.self) { try PasswordPolicy.validate("kqzvxwj" + family) }
        // 6 letters + 1 family = 7 characters although 31 bytes: too short.
        #expect(throws: PasswordPolicy.Violation.tooShort) { try PasswordPolicy.validate("abcdef" + family) }
        // 8 families = 8 characters but 200 bytes: too long.
        #expect(throws: PasswordPolicy.Violation.tooLong) {
            try PasswordPolicy.validate(String(repeating: family, count: 8))
        }
    }

    @Test("Whitespace is part of the password and is not trimmed")
    func whitespaceIsNotTrimmed() {
        #expect(throws: Never.self) { try PasswordPolicy.validate(" x7&kq4 ") }
    }

    // MARK: common passwords (cracklib)

    // These need Debian's cracklib-runtime (its dictionary), which Package.swift names as a provider of CCrack.

    @Test("The cracklib dictionary is installed where libcrack2 looks for it, and is reported available")
    func checkerIsAvailable() {
        let checker = CommonPasswordChecker.shared
        #expect(checker.dictionaryPath == "/var/cache/cracklib/cracklib_dict")
        #expect(checker.isAvailable)
    }

    @Test(
        "Common passwords are refused",
        arguments: [
            "password", "password1", "password123", "12345678", "123456789", "1234567890", "qwerty123", "qwertyuiop",
            "iloveyou", "11111111", "abc12345", "letmein1", "football", "baseball", "sunshine", "princess", "1q2w3e4r",
            "monkey123", "dragon12", "trustno1", "welcome1", "superman", "starwars",
        ])
    func commonPasswordsRefused(password: String) {
        #expect(throws: PasswordPolicy.Violation.tooCommon) { try PasswordPolicy.validate(password) }
    }

    @Test("Case, reversal and surrounding whitespace do not hide a dictionary word")
    func mangledDictionaryWordsRefused() {
        for password in ["PASSWORD", "Password1", "drowssap", "  sunshine  ", "Passw0rd"] {
            #expect(throws: PasswordPolicy.Violation.tooCommon, "\(password)") { try PasswordPolicy.validate(password) }
        }
    }

    @Test("Runs of neighbouring characters and too few distinct characters are refused as common")
    func systematicPasswordsRefused() {
        let checker = CommonPasswordChecker.shared
        #expect(checker.cracklibMessage(for: "abcdefgh") == "it is too simplistic/systematic")
        #expect(checker.cracklibMessage(for: "87654321") == "it is too simplistic/systematic")
        #expect(checker.cracklibMessage(for: "abababab") == "it does not contain enough DIFFERENT characters")
        #expect(throws: PasswordPolicy.Violation.tooCommon) { try PasswordPolicy.validate("abcdefgh") }
        #expect(throws: PasswordPolicy.Violation.tooCommon) { try PasswordPolicy.validate("abababab") }
        let seventyTwoXs = String(repeating: "x", count: 72)
        #expect(throws: PasswordPolicy.Violation.tooCommon) { try PasswordPolicy.validate(seventyTwoXs) }
    }

    @Test(
        "Passphrases and random strings are accepted",
        arguments: [
            "correct horse battery", "a fine long passphrase", "a long passphrase", "correct horse battery staple",
            "a brand new passphrase", "another fine passphrase", "Tr0ub4dor&3x", "hunter2-but-much-longer",
            // Random 16-character strings, fixed so the test cannot flake.
            "fX(]pYM0YB0d%Av.", #"T:~\Q51LsWcv"eb,"#, "h=}PQa.m>!Bo644e", "O}K3r/ITMiR_H-y[", "78tfxylcm26s1zci",
            "p2ix5aja99mrijmd",
        ])
    func goodPasswordsAccepted(password: String) {
        #expect(throws: Never.self) { try PasswordPolicy.validate(password) }
    }

    @Test(
        "Passphrases in other scripts are not mistaken for dictionary words",
        arguments: ["Grüße aus Köln 2026", "пароль очень длинный", "一二三四五六七八", "🔒🔑 пароль 密码"])
    func nonASCIIAccepted(password: String) {
        #expect(CommonPasswordChecker.shared.cracklibMessage(for: password) == nil)
        #expect(throws: Never.self) { try PasswordPolicy.validate(password) }
    }

    @Test(
        "Few distinct bytes count against ASCII passwords only (cracklib counts bytes, not characters)",
        arguments: [String(repeating: "\u{20AC}", count: 24), String(repeating: "🔒", count: 18), "ääääääääää"])
    func repeatedNonASCIIAccepted(password: String) {
        #expect(CommonPasswordChecker.shared.cracklibMessage(for: password) == CommonPasswordChecker.fewDistinctCharacters)
        #expect(throws: Never.self) { try PasswordPolicy.validate(password) }
    }

    @Test("Length is judged before commonness, with the same violations as before")
    func lengthBeforeCommonness() {
        #expect(throws: PasswordPolicy.Violation.tooShort) { try PasswordPolicy.validate("1234567") }
        #expect(throws: PasswordPolicy.Violation.tooLong) {
            try PasswordPolicy.validate(String(repeating: "password", count: 10))
        }
    }

    @Test("An embedded NUL does not hide the rest of the password from cracklib")
    func nulDoesNotHideThePassword() {
        #expect(throws: PasswordPolicy.Violation.tooCommon) { try PasswordPolicy.validate("\u{0}password") }
    }

    @Test("A missing dictionary is reported unavailable, and then nothing is refused as common")
    func missingDictionary() {
        let checker = CommonPasswordChecker(dictionaryPath: "/nonexistent/cracklib_dict")
        #expect(!checker.isAvailable)
        #expect(!checker.isCommon("password"))
        #expect(throws: Never.self) { try PasswordPolicy.validate("password", commonPasswords: checker) }
        #expect(throws: PasswordPolicy.Violation.tooShort) {
            try PasswordPolicy.validate("pass", commonPasswords: checker)
        }
    }

    @Test("Files that are not a cracklib dictionary are reported unavailable")
    func corruptDictionary() throws {
        // setup
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cracklib-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let prefix = directory.appendingPathComponent("cracklib_dict").path
        for suffix in [".pwd", ".pwi", ".hwm"] {
            try Data("not a dictionary".utf8).write(to: URL(fileURLWithPath: prefix + suffix))
        }
        // MUT
        let checker = CommonPasswordChecker(dictionaryPath: prefix)
        // validate
        #expect(!checker.isAvailable)
        #expect(!checker.isCommon("password"))
    }

    @Test("Concurrent checks take turns and all get cracklib's real answer")
    func concurrentChecks() async {
        // Without the lock, cracklib's single static dictionary handle would make overlapping calls fail to open it.
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<200 {
                let password = index.isMultiple(of: 2) ? "password" : "correct horse battery"
                group.addTask { CommonPasswordChecker.shared.isCommon(password) }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 200)
        #expect(results.filter { $0 }.count == 100)
    }
}

import Foundation
import Testing

@testable import MantisCore

@Suite("SecureToken")
struct SecureTokenTests {
    private static let urlSafe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    // MARK: generate

    @Test("A default token is 43 URL-safe characters with no padding")
    func defaultTokenShape() {
        // 200 tokens make it all but certain that bytes encoding to "+" and "/" (and so "-" and "_") occur.
        for _ in 0..<200 {
            let token = SecureToken.generate()
            #expect(token.count == 43)
            #expect(token.allSatisfy { Self.urlSafe.contains($0) }, "not URL-safe: \(token)")
        }
    }

    @Test("Token length follows the byte count", arguments: [(1, 2), (16, 22), (32, 43), (48, 64), (64, 86)])
    func lengthFollowsByteCount(byteCount: Int, expectedLength: Int) {
        #expect(SecureToken.generate(byteCount: byteCount).count == expectedLength)
    }

    @Test("Generated tokens differ from each other")
    func tokensDiffer() {
        let tokens = Set((0..<1000).map { _ in SecureToken.generate() })
        #expect(tokens.count == 1000)
    }

    @Test("Generated tokens decode back to the requested number of bytes")
    func tokensDecodeToRequestedBytes() throws {
        let token = SecureToken.generate()
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        let data = try #require(Data(base64Encoded: base64))
        #expect(data.count == 32)
    }

    // MARK: base64url

    @Test("base64url swaps + and / for - and _ and drops padding")
    func base64URLAlphabet() {
        // Standard base64 of these bytes is "+/+/" and "+w==".
        #expect(Data([0xFB, 0xFF, 0xBF]).base64URLEncodedString() == "-_-_")
        #expect(Data([0xFB]).base64URLEncodedString() == "-w")
        #expect(Data("abc".utf8).base64URLEncodedString() == "YWJj")
        #expect(Data().base64URLEncodedString() == "")
    }

    // MARK: digest

    @Test(
        "digest is the lowercase hex SHA-256 of the token's UTF-8 bytes (FIPS 180-2 vectors)",
        arguments: [
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
        ])
    func digestMatchesKnownVectors(input: String, expected: String) {
        #expect(SecureToken.digest(input) == expected)
    }

    @Test("digest is deterministic, 64 lowercase hex characters, and differs for different tokens")
    func digestShape() {
        let token = SecureToken.generate()
        let digest = SecureToken.digest(token)
        #expect(digest == SecureToken.digest(token))
        #expect(digest.count == 64)
        #expect(digest.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(digest != SecureToken.digest(token + "x"))
        #expect(digest != token)
    }

    // MARK: constantTimeEquals

    @Test("Equal strings compare equal", arguments: ["", "a", "same-token", "ünïcödé 🔒"])
    func equalStrings(value: String) {
        #expect(SecureToken.constantTimeEquals(value, String(value)))
    }

    @Test(
        "Strings that differ anywhere compare unequal",
        arguments: [
            ("abcdef", "Xbcdef"),
            ("abcdef", "abXdef"),
            ("abcdef", "abcdeX"),
            ("abcdef", "ABCDEF"),
        ])
    func differentStrings(lhs: String, rhs: String) {
        #expect(!SecureToken.constantTimeEquals(lhs, rhs))
        #expect(!SecureToken.constantTimeEquals(rhs, lhs))
    }

    @Test(
        "Strings of different lengths compare unequal, including prefixes and the empty string",
        arguments: [
            ("abc", "abcd"),
            ("", "a"),
            ("token", "token\0"),
        ])
    func differentLengths(lhs: String, rhs: String) {
        #expect(!SecureToken.constantTimeEquals(lhs, rhs))
        #expect(!SecureToken.constantTimeEquals(rhs, lhs))
    }

    @Test("Comparison is by UTF-8 bytes, so canonically equivalent spellings are not equal")
    func comparesBytesNotCharacters() {
        // "é" precomposed (2 bytes) vs "e" + combining acute (3 bytes): Swift's == says equal, the bytes do not.
        #expect("\u{E9}" == "e\u{301}")
        #expect(!SecureToken.constantTimeEquals("\u{E9}", "e\u{301}"))
        // Same byte length, one byte apart.
        #expect(!SecureToken.constantTimeEquals("\u{E9}", "\u{E8}"))
    }

    @Test("A digest matches the stored digest of the same token and no other")
    func digestComparison() {
        let token = SecureToken.generate()
        let stored = SecureToken.digest(token)
        #expect(SecureToken.constantTimeEquals(SecureToken.digest(token), stored))
        #expect(!SecureToken.constantTimeEquals(SecureToken.digest(SecureToken.generate()), stored))
    }
}

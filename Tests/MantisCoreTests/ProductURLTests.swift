import Foundation
import Testing

@testable import MantisCore

@Suite("ProductURL")
struct ProductURLTests {
    // MARK: accepted

    @Test(
        "http and https URLs are accepted unchanged when already canonical",
        arguments: [
            "http://example.com/product/42",
            "https://shop.example.co.uk/p/espresso-machine?variant=3&ref=home",
            "https://example.com:8443/item",
            "https://xn--bcher-kva.example/b%C3%BCcher",
        ])
    func acceptsHTTPAndHTTPS(raw: String) throws {
        #expect(try ProductURL(raw).description == raw)
    }

    @Test("Scheme and host are lowercased; path and query keep their case")
    func lowercasesSchemeAndHost() throws {
        let url = try ProductURL("HTTPS://Shop.EXAMPLE.com/Products/Kettle?Color=Red")
        #expect(url.description == "https://shop.example.com/Products/Kettle?Color=Red")
        #expect(url.url.scheme == "https")
        #expect(url.url.host == "shop.example.com")
    }

    @Test("The fragment is dropped, so one page is one URL")
    func dropsFragment() throws {
        let withFragment = try ProductURL("https://example.com/item?id=7#reviews")
        #expect(withFragment.description == "https://example.com/item?id=7")
        #expect(withFragment.url.fragment == nil)
        #expect(withFragment == (try ProductURL("https://example.com/item?id=7")))
    }

    @Test("An empty path becomes /")
    func emptyPathBecomesSlash() throws {
        #expect(try ProductURL("https://example.com").description == "https://example.com/")
        #expect(try ProductURL("https://example.com?x=1").description == "https://example.com/?x=1")
    }

    @Test("Surrounding whitespace is trimmed")
    func trimsWhitespace() throws {
        #expect(try ProductURL("  https://example.com/a \n").description == "https://example.com/a")
    }

    @Test("A URL of exactly 2048 bytes is accepted")
    func acceptsMaximumLength() throws {
        let prefix = "https://example.com/"
        let raw = prefix + String(repeating: "a", count: ProductURL.maximumLength - prefix.utf8.count)
        #expect(raw.utf8.count == 2048)
        #expect(try ProductURL(raw).description == raw)
    }

    // MARK: rejected

    @Test(
        "Schemes other than http(s) are rejected",
        arguments: [
            "ftp://example.com/file.zip",
            "javascript:alert(1)",
            "JavaScript:alert(document.cookie)",
            "file:///etc/passwd",
            "data:text/plain,hello",
            "mailto:shop@example.com",
            "gopher://example.com/",
            "example.com/product",
            "//example.com/product",
        ])
    func rejectsOtherSchemes(raw: String) {
        #expect(throws: ProductURL.Invalid.notHTTP) { try ProductURL(raw) }
    }

    @Test(
        "http(s) URLs without a host are rejected",
        arguments: [
            "https:///path/only",
            "http:example.com",
            "https://",
            "https:",
        ])
    func rejectsMissingHost(raw: String) {
        #expect(throws: ProductURL.Invalid.noHost) { try ProductURL(raw) }
    }

    @Test(
        "Credentials in the URL are rejected",
        arguments: [
            "https://user:pass@example.com/",
            "https://user@example.com/",
            "https://:secret@example.com/",
            "http://admin:admin@example.com@evil.example/",
        ])
    func rejectsCredentials(raw: String) {
        #expect(throws: ProductURL.Invalid.credentials) { try ProductURL(raw) }
    }

    @Test("URLs longer than 2048 bytes are rejected")
    func rejectsTooLong() {
        let prefix = "https://example.com/"
        let raw = prefix + String(repeating: "a", count: ProductURL.maximumLength - prefix.utf8.count + 1)
        #expect(throws: ProductURL.Invalid.tooLong) { try ProductURL(raw) }
    }

    @Test("The length limit counts UTF-8 bytes")
    func lengthCountsBytes() {
        // 1100 "ü" are 1100 characters but 2200 bytes.
        let raw = "https://example.com/" + String(repeating: "ü", count: 1100)
        #expect(throws: ProductURL.Invalid.tooLong) { try ProductURL(raw) }
    }

    @Test(
        "Control characters inside the URL are rejected",
        arguments: [
            "https://example.com/a\u{0}b",
            "https://example.com/a\tb",
            "https://example.com/a\r\nSet-Cookie: x=1",
            "https://exa\u{7F}mple.com/",
            "https://example.com/\u{1B}[31m",
            "https://example.com/a\u{85}b",
        ])
    func rejectsControlCharacters(raw: String) {
        #expect(throws: ProductURL.Invalid.malformed) { try ProductURL(raw) }
    }
}

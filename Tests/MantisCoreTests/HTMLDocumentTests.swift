import Foundation
import Testing

@testable import MantisCore

@Suite("HTMLDocument")
struct HTMLDocumentTests {
    @Test("Broken markup is repaired into a tree that XPath can query")
    func forgivingParse() throws {
        let document = try #require(HTMLDocument(html: "<div class=a><p>One<p>Two<span id=x>3 &amp; 4</div>"))
        #expect(document.nodes(xpath: "//p").count == 2)
        let span = try #require(document.nodes(xpath: "//span[@id='x']").first)
        #expect(span.text == "3 & 4")
        #expect(span.name == "span")
        #expect(span.parent?.name == "p")
    }

    @Test("Tag and attribute names are lowercased; attribute values keep their case and decode entities")
    func attributes() throws {
        let document = try #require(HTMLDocument(html: #"<META PROPERTY="og:title" CONTENT="Tom &amp; Jerry">"#))
        let meta = try #require(document.nodes(xpath: "//meta").first)
        #expect(meta.attribute("property") == "og:title")
        #expect(meta.attribute("content") == "Tom & Jerry")
        #expect(meta.attribute("missing") == nil)
        #expect(meta.attributes.map(\.name) == ["property", "content"])
    }

    @Test("Queries run relative to a node")
    func relativeQuery() throws {
        let document = try #require(HTMLDocument(html: "<ul id=a><li>1</li><li>2</li></ul><ul id=b><li>3</li></ul>"))
        let second = try #require(document.nodes(xpath: "//ul[@id='b']").first)
        #expect(second.nodes(xpath: ".//li").map(\.text) == ["3"])
    }

    @Test("An invalid expression gives no nodes instead of failing")
    func invalidXPath() throws {
        let document = try #require(HTMLDocument(html: "<p>x</p>"))
        #expect(document.nodes(xpath: "//p[").isEmpty)
    }

    @Test("Empty input and non-HTML still give a document")
    func emptyInput() {
        #expect(HTMLDocument(html: "") != nil)
        #expect(HTMLDocument(data: Data()) != nil)
        #expect(HTMLDocument(html: "not html at all") != nil)
    }

    @Test("Bytes that are not UTF-8 are decoded with the page's declared charset")
    func declaredCharset() throws {
        var bytes = Array(#"<html><head><meta charset="windows-1252"></head><body><p>"#.utf8)
        bytes += [0x80, 0x20, 0x35]  // "€ 5" in windows-1252
        bytes += Array("</p></body></html>".utf8)
        let document = try #require(HTMLDocument(data: Data(bytes)))
        #expect(document.nodes(xpath: "//p").first?.text == "€ 5")
    }

    @Test("Documents parse concurrently from many tasks")
    func concurrentParsing() async {
        let html = "<html><body><h1>Kettle</h1><span class=price>€ 12,50</span></body></html>"
        let titles = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<64 {
                group.addTask { HTMLDocument(html: html)?.nodes(xpath: "//h1").first?.text }
            }
            return await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(titles.count == 64)
        #expect(titles.allSatisfy { $0 == "Kettle" })
    }

    @Test("Files are read plain or gzipped; missing files and remote names give nil")
    func readsFiles() throws {
        let plain = try #require(
            Bundle.module.url(forResource: "opengraph-product", withExtension: "html", subdirectory: "Fixtures"))
        let gzipped = try #require(
            Bundle.module.url(forResource: "opengraph-product.html", withExtension: "gz", subdirectory: "Fixtures"))
        let expected = try Data(contentsOf: plain)
        #expect(HTMLDocument.contents(ofFile: plain.path) == expected)
        #expect(HTMLDocument.contents(ofFile: gzipped.path) == expected)
        #expect(HTMLDocument.contents(ofFile: "/nonexistent/page.html") == nil)
        #expect(HTMLDocument.contents(ofFile: "http://127.0.0.1:9/page.html") == nil)
    }
}

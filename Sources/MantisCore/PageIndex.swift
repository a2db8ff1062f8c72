import CLibXML2

/// The elements extraction reads, found in one walk over the document instead of one XPath scan each:
/// on a large page every `//...` query walks the whole tree, which costs more than half the parse.
final class PageIndex {
    let document: HTMLDocument
    private(set) var scripts: [HTMLNode] = []
    private(set) var metas: [HTMLNode] = []
    private(set) var headings: [HTMLNode] = []
    private(set) var titles: [HTMLNode] = []
    private(set) var links: [HTMLNode] = []
    /// The `lang` of the `<html>` element.
    private(set) var htmlLang: String?
    /// Elements with `itemprop` (microdata) or `property` (RDFa), in document order.
    private(set) var properties: [HTMLNode] = []

    init(_ document: HTMLDocument) {
        self.document = document
        var byID: [String: HTMLNode] = [:]
        var tokens = Set<String>()
        var byClass: [String: [HTMLNode]] = [:]
        document.forEachElement { pointer in
            let node = HTMLNode(pointer: pointer, document: document)
            if node.hasName("script") {
                scripts.append(node)
            } else if node.hasName("meta") {
                metas.append(node)
            } else if node.hasName("h1") {
                headings.append(node)
            } else if node.hasName("title") {
                titles.append(node)
            } else if node.hasName("link") {
                links.append(node)
            } else if node.hasName("html"), htmlLang == nil {
                htmlLang = node.attribute("lang") ?? node.attribute("xml:lang")
            }
            var attribute = pointer.pointee.properties
            var isProperty = false
            while let current = attribute {
                let name = current.pointee.name
                if xmlStrEqual(name, Self.itemprop.utf8Start) != 0 || xmlStrEqual(name, Self.property.utf8Start) != 0 {
                    isProperty = true
                } else if xmlStrEqual(name, Self.id.utf8Start) != 0, let id = node.attribute("id"), byID[id] == nil {
                    byID[id] = node
                } else if xmlStrEqual(name, Self.classAttribute.utf8Start) != 0, let value = current.pointee.children?.pointee.content {
                    Self.addTokens(value, to: &tokens, element: node, byClass: &byClass)
                }
                attribute = current.pointee.next
            }
            if isProperty { properties.append(node) }
        }
        elementsByID = byID
        classTokens = tokens
        elementsByClass = byClass
    }

    /// Splits a class attribute's bytes on ASCII whitespace into `tokens`.
    private static func addTokens(
        _ value: UnsafePointer<xmlChar>, to tokens: inout Set<String>, element: HTMLNode, byClass: inout [String: [HTMLNode]]
    ) {
        var start: UnsafePointer<xmlChar>? = nil
        var cursor = value
        while true {
            let byte = cursor.pointee
            let isSpace = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
            if byte == 0 || isSpace {
                if let first = start {
                    let length = cursor - first
                    if length <= 64 {
                        let token = String(decoding: UnsafeBufferPointer(start: first, count: length), as: UTF8.self)
                        if indexedClasses.contains(token), byClass[token]?.last != element {
                            byClass[token, default: []].append(element)
                        }
                        tokens.insert(token)
                    }
                    start = nil
                }
                if byte == 0 { return }
            } else if start == nil {
                start = cursor
            }
            cursor += 1
        }
    }

    private static let itemprop: StaticString = "itemprop"
    private static let property: StaticString = "property"
    private static let id: StaticString = "id"
    private static let classAttribute: StaticString = "class"

    /// Every class name used on the page, so rules keyed by a class skip pages without it (a `//*[…@class…]`
    /// scan of a large page costs more than this whole walk).
    private(set) var classTokens: Set<String> = []

    /// Elements by `id`, the first of each, for store layouts.
    private(set) var elementsByID: [String: HTMLNode] = [:]

    /// The class names whose elements are kept, in document order, in `elementsByClass`: the price blocks of
    /// the shop platforms (`PlatformPriceMarkup`), found here instead of by one XPath scan of the page each.
    static let indexedClasses: Set<String> = Set(PlatformPriceMarkup.rules.compactMap(\.blockClass))
    private(set) var elementsByClass: [String: [HTMLNode]] = [:]
}

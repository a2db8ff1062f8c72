import CLibXML2

/// A path to an element that survives the page being rendered again: tag names with the attributes shops keep
/// stable (`id`, `itemprop`, `data-testid`, class names without generated hashes), a position only among
/// siblings that look alike, and the path cut at the nearest ancestor with a stable id.
/// `main#content > div.buy-box > span.price:nth(2)`.
enum ElementLocator {
    /// A path deeper than this holds nothing more that tells elements apart.
    private static let maximumSegments = 14

    static func path(of node: HTMLNode) -> String {
        var segments: [String] = []
        var current: xmlNodePtr? = node.pointer
        while let element = current, segments.count < maximumSegments {
            guard element.pointee.type == XML_ELEMENT_NODE else { break }
            let here = HTMLNode(pointer: element, document: node.document)
            let name = here.name.lowercased()
            if name == "html" || name == "body" { break }
            if let id = here.attribute("id"), isStable(id) {
                segments.append("\(name)#\(id)")
                break
            }
            var segment = signature(here, name: name)
            if let position = positionAmongLookalikes(here, signature: segment) { segment += ":nth(\(position))" }
            segments.append(segment)
            current = element.pointee.parent
        }
        return segments.reversed().joined(separator: " > ")
    }

    /// Tag, `itemprop`, `data-testid` and up to three stable class names.
    private static func signature(_ element: HTMLNode, name: String) -> String {
        var result = name
        if let itemprop = element.attribute("itemprop"), isStable(itemprop) { result += "[itemprop=\(itemprop)]" }
        if let testID = element.attribute("data-testid"), isStable(testID) { result += "[data-testid=\(testID)]" }
        if let classes = element.attribute("class") {
            let stable = classes.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
                .map(String.init).filter(isStable).prefix(3)
            for token in stable { result += ".\(token)" }
        }
        return result
    }

    /// A name a framework did not generate: no long numbers (`product-48213`, `ember1234`), no `:r1:` of
    /// React, no hashes of CSS modules.
    private static func isStable(_ token: String) -> Bool {
        guard !token.isEmpty, token.utf8.count <= 48 else { return false }
        var digits = 0
        var run = 0
        for byte in token.utf8 {
            let isDigit = byte >= 0x30 && byte <= 0x39
            let allowed = isDigit || byte == 0x2D || byte == 0x5F || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
            guard allowed else { return false }
            if isDigit {
                digits += 1
                run += 1
                if run >= 3 { return false }
            } else {
                run = 0
            }
        }
        // Styled-components and CSS modules hash class names ("sc-bdVaJa", "css-1x2y3z", "Price_root__3kd8d").
        if token.hasPrefix("sc-") || token.hasPrefix("css-") || token.contains("__") && digits > 0 { return false }
        return digits <= 2
    }

    /// 1-based position among the parent's element children with the same signature, when there are several.
    private static func positionAmongLookalikes(_ node: HTMLNode, signature own: String) -> Int? {
        let element = node.pointer
        guard let parent = element.pointee.parent else { return nil }
        var position: Int?
        var count = 0
        var child = parent.pointee.children
        while let current = child {
            defer { child = current.pointee.next }
            guard current.pointee.type == XML_ELEMENT_NODE, xmlStrEqual(current.pointee.name, element.pointee.name) != 0 else { continue }
            let sibling = HTMLNode(pointer: current, document: node.document)
            guard signature(sibling, name: sibling.name.lowercased()) == own else { continue }
            count += 1
            if current == element { position = count }
        }
        return count > 1 ? position : nil
    }
}

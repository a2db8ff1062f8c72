import CLibXML2

/// One node of an `HTMLDocument`. Holds its document, so the libxml2 tree lives as long as any node does.
/// Reads names, attributes and text straight from the tree without copying through libxml2's allocator.
struct HTMLNode: Equatable {
    let pointer: xmlNodePtr
    let document: HTMLDocument

    /// The same node of the same tree.
    static func == (lhs: HTMLNode, rhs: HTMLNode) -> Bool { lhs.pointer == rhs.pointer }

    var isElement: Bool { pointer.pointee.type == XML_ELEMENT_NODE }
    var isText: Bool { pointer.pointee.type == XML_TEXT_NODE || pointer.pointee.type == XML_CDATA_SECTION_NODE }

    /// Lowercase element name ("div"); the HTML parser lowercases tag names.
    var name: String {
        pointer.pointee.name.map { String(cString: $0) } ?? ""
    }

    /// True when this element's name is `name` (ASCII, already lowercase), without building a String.
    func hasName(_ name: StaticString) -> Bool {
        xmlStrEqual(pointer.pointee.name, name.utf8Start) != 0
    }

    /// The attribute's value with entities decoded, or nil when absent. Names are matched as written
    /// by the parser, which lowercases them.
    func attribute(_ name: String) -> String? {
        var attribute = pointer.pointee.properties
        while let current = attribute {
            if Self.equals(current.pointee.name, name) {
                return Self.text(ofChildren: current.pointee.children)
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// Every attribute as (name, value), in document order.
    var attributes: [(name: String, value: String)] {
        var result: [(String, String)] = []
        var attribute = pointer.pointee.properties
        while let current = attribute {
            if let name = current.pointee.name {
                result.append((String(cString: name), Self.text(ofChildren: current.pointee.children)))
            }
            attribute = current.pointee.next
        }
        return result
    }

    /// The text of a text node, or of every text node below an element, in document order.
    var text: String {
        if isText { return pointer.pointee.content.map { String(cString: $0) } ?? "" }
        var result = ""
        Self.appendText(below: pointer, to: &result, depth: 0)
        return result
    }

    /// Recursion stops this deep: broken pages can nest elements thousands deep, and the stack is finite.
    static let maximumDepth = 400

    var parent: HTMLNode? {
        guard let parent = pointer.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return HTMLNode(pointer: parent, document: document)
    }

    var children: [HTMLNode] {
        var result: [HTMLNode] = []
        var child = pointer.pointee.children
        while let current = child {
            result.append(HTMLNode(pointer: current, document: document))
            child = current.pointee.next
        }
        return result
    }

    /// XPath relative to this node, e.g. `.//span[@class='price']`.
    func nodes(xpath: String) -> [HTMLNode] {
        document.nodes(xpath: xpath, from: self)
    }

    /// The text below `node`, or nil once it grows past `limit` characters (cheap on big subtrees).
    static func shortText(_ node: xmlNodePtr, limit: Int) -> String? {
        var result = ""
        return appendShortText(below: node, to: &result, limit: limit, depth: 0) ? result : nil
    }

    private static func appendShortText(
        below node: xmlNodePtr, to result: inout String, limit: Int, depth: Int
    ) -> Bool {
        guard depth < maximumDepth else { return true }
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { result += String(cString: content) }
                if result.utf8.count > limit * 4 || result.count > limit { return false }
            case XML_ELEMENT_NODE:
                let name = current.pointee.name.map { String(cString: $0) } ?? ""
                if name == "script" || name == "style" { break }
                if !appendShortText(below: current, to: &result, limit: limit, depth: depth + 1) { return false }
            default:
                break
            }
            child = current.pointee.next
        }
        return true
    }

    private static func equals(_ libraryString: UnsafePointer<xmlChar>?, _ string: String) -> Bool {
        guard let libraryString else { return false }
        var string = string
        return string.withUTF8 { bytes in
            // Compare byte by byte and require the C string to end where the Swift one does.
            for (offset, byte) in bytes.enumerated() where libraryString[offset] != byte { return false }
            return libraryString[bytes.count] == 0
        }
    }

    private static func text(ofChildren first: xmlNodePtr?) -> String {
        var result = ""
        var child = first
        while let current = child {
            if let content = current.pointee.content { result += String(cString: content) }
            child = current.pointee.next
        }
        return result
    }

    private static func appendText(below node: xmlNodePtr, to result: inout String, depth: Int) {
        guard depth < maximumDepth else { return }
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { result += String(cString: content) }
            case XML_ELEMENT_NODE:
                appendText(below: current, to: &result, depth: depth + 1)
            default:
                break
            }
            child = current.pointee.next
        }
    }
}

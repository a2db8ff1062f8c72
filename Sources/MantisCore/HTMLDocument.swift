import CLibXML2
import Foundation

/// An HTML page parsed by libxml2's forgiving HTML parser, queried with XPath.
///
/// Not `Sendable`: libxml2 trees are not safe to share between threads, so each extraction parses its own
/// document and drops it when done. Nodes keep their document alive, so a node never outlives its tree.
final class HTMLDocument {
    /// libxml2 keeps process-wide tables (encodings, entities); they must be set up once before any
    /// thread parses. A static `let` is initialised exactly once, thread-safely.
    private static let libraryReady: Void = xmlInitParser()

    /// Sets libxml2 up now rather than on first parse (e.g. at start-up, before tasks run concurrently).
    static func prepareLibrary() {
        _ = libraryReady
    }

    private let document: htmlDocPtr
    private var xpathContext: xmlXPathContextPtr?

    convenience init?(html: String) {
        var html = html
        guard let document = html.withUTF8({ Self.parse(UnsafeRawBufferPointer($0), encoding: "UTF-8") }) else {
            return nil
        }
        self.init(document: document)
    }

    /// Browser-saved and fetched pages are nearly always UTF-8 whatever their `<meta>` claims;
    /// only bytes that are not valid UTF-8 are left to libxml2's own charset detection.
    convenience init?(data: Data) {
        let document = data.withUnsafeBytes { bytes in
            Self.parse(bytes, encoding: Self.isValidUTF8(bytes) ? "UTF-8" : nil)
        }
        guard let document else { return nil }
        self.init(document: document)
    }

    /// A file's bytes, gunzipped when compressed (libxml2 reads gzip transparently): saved pages are often
    /// `.html.gz`, and Foundation has no gzip reader on Linux. Nil when the file cannot be read.
    static func contents(ofFile path: String) -> Data? {
        _ = libraryReady
        // libxml2 would fetch "http://..." names itself; only local files are read here.
        guard !path.contains("://"),
            let input = xmlParserInputBufferCreateFilename(path, XML_CHAR_ENCODING_NONE)
        else { return nil }
        defer { xmlFreeParserInputBuffer(input) }
        while true {
            let read = xmlParserInputBufferRead(input, 1 << 16)
            if read < 0 { return nil }
            if read == 0 { break }
        }
        guard let buffer = input.pointee.buffer, let content = xmlBufContent(buffer) else { return Data() }
        return Data(bytes: content, count: Int(xmlBufUse(buffer)))
    }

    private init(document: htmlDocPtr) {
        self.document = document
    }

    deinit {
        if let xpathContext { xmlXPathFreeContext(xpathContext) }
        xmlFreeDoc(document)
    }

    /// `encoding` nil lets libxml2 read the page's own `<meta charset>` declaration.
    private static func parse(_ bytes: UnsafeRawBufferPointer, encoding: String?) -> htmlDocPtr? {
        _ = libraryReady
        // libxml2 takes an Int32 length; bigger input is not a product page.
        guard bytes.count < Int(Int32.max) else { return nil }
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self), !bytes.isEmpty else {
            // An empty page is an empty document, not a failure.
            return " ".withCString { htmlReadMemory($0, 1, nil, "UTF-8", options) }
        }
        return htmlReadMemory(base, Int32(bytes.count), nil, encoding, options)
    }

    private static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// The `<html>` element (libxml2 adds one when the page has none).
    var root: HTMLNode? {
        xmlDocGetRootElement(document).map { HTMLNode(pointer: $0, document: self) }
    }

    /// Element nodes matching an XPath expression, evaluated against `node` or the whole document.
    /// Non-element results (attributes, text) are returned too; an invalid expression gives no nodes.
    func nodes(xpath expression: String, from node: HTMLNode? = nil) -> [HTMLNode] {
        guard let context = context() else { return [] }
        context.pointee.node = node?.pointer ?? UnsafeMutablePointer(OpaquePointer(document))
        let evaluated = expression.withCString {
            $0.withMemoryRebound(to: xmlChar.self, capacity: expression.utf8.count + 1) {
                xmlXPathEvalExpression($0, context)
            }
        }
        guard let object = evaluated else { return [] }
        defer { xmlXPathFreeObject(object) }
        guard let set = object.pointee.nodesetval, set.pointee.nodeNr > 0, let table = set.pointee.nodeTab else {
            return []
        }
        return (0..<Int(set.pointee.nodeNr)).compactMap { index in
            table[index].map { HTMLNode(pointer: $0, document: self) }
        }
    }

    /// Visits every element in document order, without recursion (broken pages can nest thousands deep).
    /// For the few element kinds every extraction needs, one walk is several times cheaper than XPath scans.
    func forEachElement(_ body: (xmlNodePtr) -> Void) {
        guard var node = xmlDocGetRootElement(document) else { return }
        let root = node
        while true {
            if node.pointee.type == XML_ELEMENT_NODE { body(node) }
            if node.pointee.type == XML_ELEMENT_NODE, let child = node.pointee.children {
                node = child
                continue
            }
            while node.pointee.next == nil {
                guard let parent = node.pointee.parent, parent != root else { return }
                node = parent
            }
            if node == root { return }
            node = node.pointee.next!
        }
    }

    private func context() -> xmlXPathContextPtr? {
        if let xpathContext { return xpathContext }
        xpathContext = xmlXPathNewContext(document)
        return xpathContext
    }
}

/// Finds tags and raw element contents in an HTML byte buffer without building a tree.
/// Good enough for `<meta>`, `<title>` and JSON-LD `<script>` blocks; matching is ASCII case-insensitive,
/// so byte offsets stay valid for any UTF-8 text.
struct HTMLTagScanner {
    struct Tag {
        var attributes: [String: String]
        /// Bytes between the opening tag and its closing tag, for elements read with `elements(named:)`.
        var content: String?
    }

    private let bytes: [UInt8]

    init(html: String) {
        bytes = Array(html.utf8)
    }

    /// Every opening tag with this name, with attributes; `withContent` also reads up to the closing tag.
    func tags(named name: String, withContent: Bool = false) -> [Tag] {
        let open = Array("<\(name)".utf8)
        let close = Array("</\(name)".utf8)
        var result: [Tag] = []
        var position = 0
        while let start = find(open, from: position) {
            let afterName = start + open.count
            guard afterName < bytes.count, isTagNameEnd(bytes[afterName]) else {
                position = afterName
                continue
            }
            guard let tagEnd = findTagEnd(from: afterName) else { break }
            let attributes = parseAttributes(Array(bytes[afterName..<tagEnd]))
            position = tagEnd + 1
            var content: String?
            if withContent {
                let closeStart = find(close, from: position) ?? bytes.count
                content = String(decoding: bytes[position..<closeStart], as: UTF8.self)
                position = closeStart
            }
            result.append(Tag(attributes: attributes, content: content))
        }
        return result
    }

    private func isTagNameEnd(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || isSpace(byte)
    }

    private func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    /// The `>` that closes a tag, skipping any inside quoted attribute values.
    private func findTagEnd(from start: Int) -> Int? {
        var quote: UInt8?
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return index
            }
            index += 1
        }
        return nil
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        var index = start
        let last = bytes.count - needle.count
        while index <= last {
            if lower(bytes[index]) == needle[0] {
                var matched = true
                for offset in 1..<needle.count where lower(bytes[index + offset]) != needle[offset] {
                    matched = false
                    break
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }

    private func lower(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte + 0x20 : byte
    }

    private func parseAttributes(_ raw: [UInt8]) -> [String: String] {
        var attributes: [String: String] = [:]
        var index = 0
        func skipSpaces() { while index < raw.count, isSpace(raw[index]) || raw[index] == UInt8(ascii: "/") { index += 1 } }
        while index < raw.count {
            skipSpaces()
            let nameStart = index
            while index < raw.count, !isSpace(raw[index]), raw[index] != UInt8(ascii: "="), raw[index] != UInt8(ascii: "/") {
                index += 1
            }
            guard index > nameStart else { break }
            let name = String(decoding: raw[nameStart..<index].map(lower), as: UTF8.self)
            while index < raw.count, isSpace(raw[index]) { index += 1 }
            var value = ""
            if index < raw.count, raw[index] == UInt8(ascii: "=") {
                index += 1
                while index < raw.count, isSpace(raw[index]) { index += 1 }
                if index < raw.count, raw[index] == UInt8(ascii: "\"") || raw[index] == UInt8(ascii: "'") {
                    let quote = raw[index]
                    index += 1
                    let valueStart = index
                    while index < raw.count, raw[index] != quote { index += 1 }
                    value = String(decoding: raw[valueStart..<index], as: UTF8.self)
                    index += 1
                } else {
                    let valueStart = index
                    while index < raw.count, !isSpace(raw[index]) { index += 1 }
                    value = String(decoding: raw[valueStart..<index], as: UTF8.self)
                }
            }
            if attributes[name] == nil { attributes[name] = HTMLText.decodeEntities(value) }
        }
        return attributes
    }
}

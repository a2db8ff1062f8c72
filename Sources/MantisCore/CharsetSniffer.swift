/// Finds the character set a page declares: the Content-Type header first, then `<meta charset>` or
/// `<meta http-equiv="Content-Type" content="…; charset=…">` in the first bytes of the document.
public enum CharsetSniffer {
    public static func charset(contentType: String?, head: [UInt8]) -> String? {
        if let contentType, let declared = value(after: "charset=", in: contentType.lowercased()) { return declared }
        let prefix = String(decoding: head.prefix(4096), as: UTF8.self).lowercased()
        var searchStart = prefix.startIndex
        while let meta = prefix.range(of: "<meta", range: searchStart..<prefix.endIndex) {
            let tagEnd = prefix[meta.upperBound...].firstIndex(of: ">") ?? prefix.endIndex
            if let declared = value(after: "charset=", in: String(prefix[meta.upperBound..<tagEnd])) { return declared }
            searchStart = tagEnd
        }
        return nil
    }

    private static func value(after key: String, in text: String) -> String? {
        guard let range = text.range(of: key) else { return nil }
        let rest = text[range.upperBound...].drop { $0 == "\"" || $0 == "'" || $0 == " " }
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        return name.isEmpty ? nil : String(name)
    }
}

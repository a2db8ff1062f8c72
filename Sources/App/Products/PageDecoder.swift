import Foundation

/// Turns page bytes into text using the declared character set; undeclared or unknown sets read as UTF-8,
/// with invalid bytes replaced rather than failing the check.
enum PageDecoder {
    static func decode(_ bytes: [UInt8], charset: String?) -> String {
        let encoding: String.Encoding? = switch charset?.lowercased() {
        case "iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii": .isoLatin1
        case "windows-1252", "cp1252": .windowsCP1252
        case "windows-1250", "cp1250": .windowsCP1250
        case "windows-1251", "cp1251": .windowsCP1251
        case "iso-8859-2", "latin2": .isoLatin2
        case "shift_jis", "shift-jis", "sjis", "windows-31j": .shiftJIS
        case "euc-jp": .japaneseEUC
        case "utf-16", "utf-16le", "utf-16be": .utf16
        default: nil
        }
        if let encoding, let text = String(data: Data(bytes), encoding: encoding) { return text }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// What the server's `EHLO` reply advertises. Empty after a `HELO` fallback.
struct SMTPServerCapabilities: Sendable, Hashable {
    /// Extension keywords in upper case, each with its parameters (`AUTH` → `["PLAIN", "LOGIN"]`).
    private(set) var extensions: [String: [String]] = [:]

    init() {}

    init(ehloReply: SMTPReply) {
        // The first line is the server's name and greeting, the rest are extensions.
        for line in ehloReply.lines.dropFirst() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard var keyword = words.first?.uppercased() else { continue }
            var parameters = Array(words.dropFirst())
            // Some old servers also write `AUTH=LOGIN PLAIN`.
            if keyword.hasPrefix("AUTH=") {
                parameters.insert(String(keyword.dropFirst(5)), at: 0)
                keyword = "AUTH"
            }
            extensions[keyword, default: []].append(contentsOf: parameters)
        }
    }

    func supports(_ keyword: String) -> Bool { extensions[keyword] != nil }

    var supportsStartTLS: Bool { supports("STARTTLS") }
    var supports8BitMIME: Bool { supports("8BITMIME") }
    var supportsSMTPUTF8: Bool { supports("SMTPUTF8") }

    /// Mechanisms offered by `AUTH`, upper-cased, without duplicates, in the server's order.
    var authMechanisms: [String] {
        var seen = Set<String>()
        return (extensions["AUTH"] ?? []).map { $0.uppercased() }.filter { seen.insert($0).inserted }
    }
}

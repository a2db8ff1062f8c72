import Foundation

/// Renders an `EmailMessage` as RFC 5322 text with a multipart/alternative body. Header values are
/// stripped of line breaks so no user-controlled text (an address, a product title) can add headers.
enum MIMEMessageRenderer {
    static func render(
        _ message: EmailMessage, from sender: String, date: Date, messageID: String? = nil, boundary fixedBoundary: String? = nil
    ) -> String {
        let boundary = fixedBoundary ?? "mantis-\(UUID().uuidString.lowercased())"
        let domain = sender.split(separator: "@").last.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "> ")) } ?? "localhost"
        var lines = [
            "From: \(encodeAddress(sender))",
            "To: \(headerSafe(message.to))",
            "Subject: \(encodeHeader(message.subject))",
            "Date: \(rfc5322Date(date))",
            "Message-ID: <\(headerSafe(messageID ?? "\(UUID().uuidString.lowercased())@\(domain)"))>",
            "MIME-Version: 1.0",
        ]
        if let html = message.html {
            lines += [
                "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
                "",
                "--\(boundary)",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: 8bit",
                "",
                message.text,
                "--\(boundary)",
                "Content-Type: text/html; charset=utf-8",
                "Content-Transfer-Encoding: 8bit",
                "",
                html,
                "--\(boundary)--",
            ]
        } else {
            lines += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", message.text]
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func headerSafe(_ value: String) -> String {
        String(value.unicodeScalars.filter { $0 != "\r" && $0 != "\n" && $0 != "\0" }.map(Character.init))
    }

    /// "Name <address>" with a non-ASCII display name encoded; the address itself stays as it is.
    static func encodeAddress(_ value: String) -> String {
        let safe = headerSafe(value)
        guard let open = safe.lastIndex(of: "<") else { return safe }
        let name = safe[..<open].trimmingCharacters(in: .whitespaces)
        let address = safe[open...]
        return name.isEmpty ? String(address) : "\(encodeHeader(name)) \(address)"
    }

    /// RFC 2047 encoded-words for non-ASCII text: each word at most 75 characters, split between whole
    /// characters, folded onto continuation lines.
    static func encodeHeader(_ value: String) -> String {
        let safe = headerSafe(value)
        guard safe.unicodeScalars.contains(where: { !$0.isASCII }) else { return safe }
        var words: [String] = []
        var chunk = ""
        for character in safe {
            if chunk.utf8.count + character.utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?utf-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}

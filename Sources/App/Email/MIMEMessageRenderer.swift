import Foundation

/// Renders an `EmailMessage` as RFC 5322 text with a multipart/alternative body. Header values are
/// stripped of line breaks so no user-controlled text (an address, a product title) can add headers.
enum MIMEMessageRenderer {
    static func render(_ message: EmailMessage, from sender: String, date: Date, messageID: String? = nil) -> String {
        let boundary = "mantis-\(UUID().uuidString.lowercased())"
        let domain = sender.split(separator: "@").last.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "> ")) } ?? "localhost"
        var lines = [
            "From: \(headerSafe(sender))",
            "To: \(headerSafe(message.to))",
            "Subject: \(encodeHeader(message.subject))",
            "Date: \(rfc5322Date(date))",
            "Message-ID: <\(messageID ?? UUID().uuidString.lowercased())@\(headerSafe(domain))>",
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

    /// RFC 2047 encoded-word for non-ASCII subjects.
    static func encodeHeader(_ value: String) -> String {
        let safe = headerSafe(value)
        guard safe.unicodeScalars.contains(where: { !$0.isASCII }) else { return safe }
        return "=?utf-8?B?\(Data(safe.utf8).base64EncodedString())?="
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}

/// Checks on envelope addresses (`MAIL FROM` / `RCPT TO`) before they go into a command line.
public enum SMTPEnvelopeAddress {
    /// RFC 5321 limits a path to 256 octets including the angle brackets.
    public static let maximumLength = 254

    /// Throws ``SMTPError/invalidAddress(_:)`` unless `address` is safe to put between `<` and `>`:
    /// not empty, at most ``maximumLength`` UTF-8 bytes, and free of CR, LF and other control
    /// characters, whitespace, `<` and `>`. A CR or LF would let the address smuggle in commands
    /// of its own; whitespace or `>` would let it add `MAIL`/`RCPT` parameters.
    public static func validate(_ address: String) throws(SMTPError) {
        guard isValid(address) else { throw .invalidAddress(address) }
    }

    public static func isValid(_ address: String) -> Bool {
        guard !address.isEmpty, address.utf8.count <= maximumLength else { return false }
        return address.unicodeScalars.allSatisfy { scalar in
            !(scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value))
                && !scalar.properties.isWhitespace
                && scalar != "<" && scalar != ">"
                // Line and paragraph separators: harmless to SMTP, but not to logs and headers.
                && scalar != "\u{2028}" && scalar != "\u{2029}"
        }
    }
}

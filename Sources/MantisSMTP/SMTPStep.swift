/// The part of an SMTP conversation an error happened in.
public enum SMTPStep: Sendable, Hashable, CustomStringConvertible {
    case connect
    /// The TLS handshake of implicit TLS (the handshake after `STARTTLS` belongs to ``startTLS``).
    case tlsHandshake
    case greeting
    case ehlo
    case helo
    case startTLS
    case auth
    case mailFrom
    case rcptTo
    /// The `DATA` command itself, before any content is sent.
    case data
    /// The message content and the server's verdict on it, after `DATA` was accepted.
    case messageData
    case quit

    public var description: String {
        switch self {
        case .connect: "connect"
        case .tlsHandshake: "TLS handshake"
        case .greeting: "greeting"
        case .ehlo: "EHLO"
        case .helo: "HELO"
        case .startTLS: "STARTTLS"
        case .auth: "AUTH"
        case .mailFrom: "MAIL FROM"
        case .rcptTo: "RCPT TO"
        case .data: "DATA"
        case .messageData: "message data"
        case .quit: "QUIT"
        }
    }
}

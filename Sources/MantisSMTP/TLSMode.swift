/// How the connection to the SMTP server is protected.
public enum TLSMode: Sendable, Hashable, CustomStringConvertible {
    /// Plain connection upgraded with `STARTTLS` before anything else is said (submission, port 587).
    /// If the server doesn't offer `STARTTLS`, sending fails with ``SMTPError/tlsUnavailable``:
    /// it never falls back to cleartext.
    case startTLS
    /// TLS from the first byte (submissions, port 465).
    case implicitTLS
    /// No encryption at all: only for a relay on the same host or a trusted network (port 25).
    case none

    public var description: String {
        switch self {
        case .startTLS: "STARTTLS"
        case .implicitTLS: "implicit TLS"
        case .none: "no TLS"
        }
    }
}

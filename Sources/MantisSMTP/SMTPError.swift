/// Why a delivery failed. Descriptions name the failing step and never contain the password.
///
/// ``isPermanent`` tells an outbox whether trying the same message again later can help.
public enum SMTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An envelope address is empty, too long, or contains characters that could inject commands.
    case invalidAddress(String)
    /// `send` was called without recipients.
    case noRecipients
    /// The configuration can't work as given (e.g. the CA file can't be read).
    case invalidConfiguration(String)
    /// No TCP connection could be made (refused, unreachable, unknown host).
    case connectionFailed(host: String, port: Int, reason: String)
    /// The connection broke or the server closed it before the conversation was over.
    case connectionLost(step: SMTPStep, reason: String)
    /// The server took longer than the configured time limit to answer.
    case timeout(step: SMTPStep)
    /// TLS was required (``TLSMode/startTLS``) but the server doesn't offer `STARTTLS`.
    /// Nothing was sent beyond `EHLO`/`HELO`.
    case tlsUnavailable
    /// The TLS handshake failed, e.g. an untrusted certificate or one for another host name.
    case tlsFailed(step: SMTPStep, reason: String)
    /// Credentials are configured but the server offers neither `AUTH PLAIN` nor `AUTH LOGIN`.
    case authenticationUnavailable(offered: [String])
    /// The server refused the credentials (or, with a 4xx code, couldn't check them right now).
    case authenticationFailed(code: Int, message: String)
    /// The server answered a step with an error reply.
    case rejected(step: SMTPStep, code: Int, message: String)
    /// The server said something that isn't SMTP, or broke the protocol's rules.
    case protocolError(step: SMTPStep, reason: String)

    /// True when trying the same message again can't succeed: the server refused it with a 5xx reply,
    /// or the envelope itself is unusable. Time-outs, broken connections, 4xx replies and TLS or
    /// configuration problems are transient: they may clear up once the server or the settings change.
    public var isPermanent: Bool {
        switch self {
        case .invalidAddress, .noRecipients:
            true
        case .rejected(_, let code, _), .authenticationFailed(let code, _):
            (500...599).contains(code)
        case .invalidConfiguration, .connectionFailed, .connectionLost, .timeout, .tlsUnavailable, .tlsFailed,
            .authenticationUnavailable, .protocolError:
            false
        }
    }

    /// The step that failed, when the failure happened during the conversation.
    public var step: SMTPStep? {
        switch self {
        case .invalidAddress, .noRecipients, .invalidConfiguration: nil
        case .connectionFailed: .connect
        case .tlsUnavailable: .startTLS
        case .authenticationUnavailable, .authenticationFailed: .auth
        case .connectionLost(let step, _), .timeout(let step), .tlsFailed(let step, _), .rejected(let step, _, _),
            .protocolError(let step, _):
            step
        }
    }

    public var description: String {
        switch self {
        case .invalidAddress(let address):
            // Escaped so a CR/LF in the address can't forge lines in a log either.
            "SMTP: invalid envelope address \(String(reflecting: address))"
        case .noRecipients:
            "SMTP: no recipients given"
        case .invalidConfiguration(let reason):
            "SMTP: invalid configuration: \(reason)"
        case .connectionFailed(let host, let port, let reason):
            "SMTP: could not connect to \(host):\(port): \(reason)"
        case .connectionLost(let step, let reason):
            "SMTP: connection lost during \(step): \(reason)"
        case .timeout(let step):
            "SMTP: timed out waiting for the server during \(step)"
        case .tlsUnavailable:
            "SMTP: STARTTLS is required but the server does not offer it; nothing was sent"
        case .tlsFailed(let step, let reason):
            "SMTP: TLS failed during \(step): \(reason)"
        case .authenticationUnavailable(let offered):
            "SMTP: the server offers no supported AUTH mechanism (PLAIN, LOGIN); offered: "
                + (offered.isEmpty ? "none" : offered.joined(separator: " "))
        case .authenticationFailed(let code, let message):
            "SMTP: authentication failed: \(code) \(message)"
        case .rejected(let step, let code, let message):
            "SMTP: server rejected \(step): \(code) \(message)"
        case .protocolError(let step, let reason):
            "SMTP: protocol error during \(step): \(reason)"
        }
    }
}

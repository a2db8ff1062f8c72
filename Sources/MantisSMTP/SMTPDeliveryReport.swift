/// What a successful delivery looked like, for logs and the outbox's records.
public struct SMTPDeliveryReport: Sendable, Hashable {
    /// Every recipient the server accepted (all of those asked for: any refusal fails the delivery).
    public var recipients: [String]
    /// The server's reply to the message content; its text often carries the queue id.
    public var reply: SMTPReply
    /// Whether the message travelled over TLS.
    public var encrypted: Bool
    /// The mechanism used to log in, nil when no login took place.
    public var authMechanism: SMTPAuthMechanism?

    public init(recipients: [String], reply: SMTPReply, encrypted: Bool, authMechanism: SMTPAuthMechanism?) {
        self.recipients = recipients
        self.reply = reply
        self.encrypted = encrypted
        self.authMechanism = authMechanism
    }
}

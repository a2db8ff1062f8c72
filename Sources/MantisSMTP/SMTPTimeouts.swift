/// Time limits for one delivery. Each limit is reset for every step, so a slow but live server
/// is not cut off halfway through a long conversation.
public struct SMTPTimeouts: Sendable, Hashable {
    /// Establishing the TCP connection (DNS and every address tried included).
    public var connect: Duration
    /// Waiting for the reply to any one command, the greeting and the TLS handshake.
    public var command: Duration
    /// Waiting for the reply after the message content: servers often scan the message first.
    public var messageData: Duration

    public init(
        connect: Duration = .seconds(10), command: Duration = .seconds(60), messageData: Duration = .seconds(120)
    ) {
        self.connect = connect
        self.command = command
        self.messageData = messageData
    }
}

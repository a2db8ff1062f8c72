import NIOCore
import NIOPosix
import NIOSSL

/// One open connection to the server: connects, sends commands one by one and awaits the replies.
/// Knows nothing of the SMTP conversation itself; ``SMTPClient`` drives that.
final class SMTPConnection: Sendable {
    private let channel: Channel
    /// Why the connection failed, once it has (see ``SMTPClientHandler``).
    private let firstFailure: EventLoopPromise<SMTPTransportError>

    private init(channel: Channel, firstFailure: EventLoopPromise<SMTPTransportError>) {
        self.channel = channel
        self.firstFailure = firstFailure
    }

    /// Connects, with TLS from the start when `implicitTLS` is given.
    static func connect(
        host: String,
        port: Int,
        timeout: Duration,
        implicitTLS: (context: NIOSSLContext, serverHostname: String?)?,
        group: any EventLoopGroup
    ) async throws -> SMTPConnection {
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(timeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
        let initializer: @Sendable (any Channel) -> EventLoopFuture<(any Channel, EventLoopPromise<SMTPTransportError>)> = { channel in
            channel.eventLoop.makeCompletedFuture {
                let firstFailure = channel.eventLoop.makePromise(of: SMTPTransportError.self)
                // Closed without the handler seeing why (e.g. before it was added): just "closed".
                channel.closeFuture.whenComplete { _ in firstFailure.succeed(.closed) }
                if let implicitTLS {
                    let tls = try NIOSSLClientHandler(
                        context: implicitTLS.context,
                        serverHostname: implicitTLS.serverHostname
                    )
                    try channel.pipeline.syncOperations.addHandler(tls)
                }
                try channel.pipeline.syncOperations.addHandler(SMTPClientHandler(firstFailure: firstFailure))
                return (channel, firstFailure)
            }
        }
        // An address literal needs no resolver: NIO's resolves on a thread pool, and on a busy machine a
        // refused connection was reported only when the connect timeout ran out.
        let literal = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let (channel, firstFailure) =
            if let address = try? SocketAddress(ipAddress: literal, port: port) {
                try await bootstrap.connect(to: address, channelInitializer: initializer)
            } else {
                try await bootstrap.connect(host: host, port: port, channelInitializer: initializer)
            }
        return SMTPConnection(channel: channel, firstFailure: firstFailure)
    }

    /// Sends `line` plus CRLF (nothing for the greeting) and returns the server's reply.
    func command(_ line: String, timeout: Duration) async throws -> SMTPReply {
        var bytes = channel.allocator.buffer(capacity: line.utf8.count + 2)
        bytes.writeString(line)
        bytes.writeString("\r\n")
        return try await perform(.send(bytes), timeout: timeout)
    }

    func greeting(timeout: Duration) async throws -> SMTPReply {
        try await perform(.awaitGreeting, timeout: timeout)
    }

    func startTLS(context: NIOSSLContext, serverHostname: String?, timeout: Duration) async throws -> SMTPReply {
        var bytes = channel.allocator.buffer(capacity: 10)
        bytes.writeString("STARTTLS\r\n")
        return try await perform(.startTLS(bytes, context: context, serverHostname: serverHostname), timeout: timeout)
    }

    /// Sends already-encoded message content (see ``SMTPMessageData``) and returns the verdict.
    func messageData(_ encoded: [UInt8], timeout: Duration) async throws -> SMTPReply {
        try await perform(.send(channel.allocator.buffer(bytes: encoded)), timeout: timeout)
    }

    private func perform(_ action: SMTPRequest.Action, timeout: Duration) async throws -> SMTPReply {
        let promise = channel.eventLoop.makePromise(of: SMTPReply.self)
        let request = SMTPRequest(action: action, timeout: TimeAmount(timeout), promise: promise)
        // If the write never reaches the handler (the channel closed first), nothing else would
        // complete the reply promise: fail it with the reason the connection failed. Completing
        // it twice is harmless, the first result wins.
        let firstFailure = self.firstFailure
        channel.writeAndFlush(request).whenFailure { _ in
            firstFailure.futureResult.whenSuccess { promise.fail($0) }
        }
        // Closing the channel fails the pending reply, so a cancelled task doesn't hang on it.
        return try await withTaskCancellationHandler {
            try await promise.futureResult.get()
        } onCancel: {
            channel.close(promise: nil)
        }
    }

    /// Whether the connection is still open and usable for a polite `QUIT`.
    var isActive: Bool { channel.isActive }

    func close() async {
        try? await channel.close()
    }
}

import NIOCore
import NIOSSL
import NIOTLS

/// A command for ``SMTPClientHandler`` and the promise for the server's reply to it.
struct SMTPRequest: Sendable {
    enum Action: Sendable {
        /// Send nothing; wait for the greeting the server sends unasked.
        case awaitGreeting
        case send(ByteBuffer)
        /// Send `STARTTLS`; on a `220`, switch the connection to TLS and answer once the handshake is done.
        case startTLS(ByteBuffer, context: NIOSSLContext, serverHostname: String?)
    }

    var action: Action
    var timeout: TimeAmount
    var promise: EventLoopPromise<SMTPReply>
}

/// How the transport failed; ``SMTPClient`` turns it into an ``SMTPError`` naming the step.
enum SMTPTransportError: Error, Sendable, Hashable {
    case timedOut
    case closed
    case tls(String)
    case io(String)
    case protocolViolation(String)
}

/// Writes one command at a time and matches the server's replies to them. Owns the time limits,
/// so that a timer and the reply it guards are always handled on the same event loop.
final class SMTPClientHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = Never
    typealias OutboundIn = SMTPRequest
    typealias OutboundOut = ByteBuffer

    private struct Pending {
        var promise: EventLoopPromise<SMTPReply>
        var timer: Scheduled<Void>
        var startTLS: (context: NIOSSLContext, serverHostname: String?)?
        /// The `220` to STARTTLS, held back until the handshake has succeeded.
        var replyAwaitingHandshake: SMTPReply?
    }

    private var decoder = SMTPReplyDecoder()
    private var pending: Pending?
    /// Replies nobody asked for yet: normally just the greeting, if it beats the first request.
    private var unclaimed: [SMTPReply] = []
    /// Once failed, the connection stays failed: later requests get the first error at once.
    private var failure: SMTPTransportError?
    /// Completed with the first failure, for requests that arrive after the pipeline is gone.
    private let firstFailure: EventLoopPromise<SMTPTransportError>

    init(firstFailure: EventLoopPromise<SMTPTransportError>) {
        self.firstFailure = firstFailure
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let failure {
            request.promise.fail(failure)
            promise?.fail(failure)
            return
        }
        guard pending == nil else {
            let error = SMTPTransportError.protocolViolation("a command was sent before the last one was answered")
            request.promise.fail(error)
            promise?.fail(error)
            return
        }
        let timer = context.eventLoop.assumeIsolated().scheduleTask(in: request.timeout) {
            self.fail(.timedOut, context: context)
        }
        pending = Pending(promise: request.promise, timer: timer)

        switch request.action {
        case .awaitGreeting:
            promise?.succeed(())
            if !unclaimed.isEmpty { deliver(unclaimed.removeFirst(), context: context) }
        case .send(let bytes), .startTLS(let bytes, _, _):
            // A reply that came before the command was sent is out of turn (often a 421 before
            // closing). Never let it stand for the answer to this command, above all not to STARTTLS.
            if let early = unclaimed.first {
                promise?.succeed(())
                fail(.protocolViolation("the server replied out of turn: \(early)"), context: context)
                return
            }
            if case .startTLS(_, let sslContext, let serverHostname) = request.action {
                pending?.startTLS = (sslContext, serverHostname)
            }
            context.writeAndFlush(wrapOutboundOut(bytes), promise: promise)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        guard failure == nil else { return }
        decoder.feed(&bytes)
        do {
            while failure == nil, let reply = try decoder.nextReply() {
                deliver(reply, context: context)
            }
        } catch {
            fail(.protocolViolation(error.reason), context: context)
        }
    }

    private func deliver(_ reply: SMTPReply, context: ChannelHandlerContext) {
        guard var entry = pending else {
            unclaimed.append(reply)
            if unclaimed.count > 8 { fail(.protocolViolation("the server keeps talking unasked"), context: context) }
            return
        }
        if let startTLS = entry.startTLS, reply.code == 220 {
            // RFC 3207 §6: bytes that arrived with the 220 came in cleartext and may be an
            // attacker's; they must not be read as if they came over TLS.
            guard !decoder.hasUnprocessedBytes else {
                fail(.protocolViolation("the server sent more data after its STARTTLS reply"), context: context)
                return
            }
            do {
                let tlsHandler = try NIOSSLClientHandler(
                    context: startTLS.context,
                    serverHostname: startTLS.serverHostname
                )
                try context.pipeline.syncOperations.addHandler(tlsHandler, position: .first)
            } catch {
                fail(.tls(String(describing: error)), context: context)
                return
            }
            entry.startTLS = nil
            entry.replyAwaitingHandshake = reply
            pending = entry
            return
        }
        pending = nil
        entry.timer.cancel()
        entry.promise.succeed(reply)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted = event as? TLSUserEvent, let entry = pending,
            let reply = entry.replyAwaitingHandshake
        {
            pending = nil
            entry.timer.cancel()
            entry.promise.succeed(reply)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        fail(Self.classify(error), context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.closed, context: context)
        context.fireChannelInactive()
    }

    private func fail(_ error: SMTPTransportError, context: ChannelHandlerContext) {
        if failure == nil {
            failure = error
            firstFailure.succeed(error)
        }
        if let entry = pending {
            pending = nil
            entry.timer.cancel()
            entry.promise.fail(failure ?? error)
        }
        context.close(promise: nil)
    }

    private static func classify(_ error: Error) -> SMTPTransportError {
        switch error {
        case NIOSSLError.uncleanShutdown:
            // The peer closed TCP without ending TLS first: to us that's just a dropped connection.
            .closed
        case is NIOSSLError, is NIOSSLExtraError, is BoringSSLError:
            .tls(String(describing: error))
        case let error as IOError:
            .io(error.description)
        default:
            .io(String(describing: error))
        }
    }
}

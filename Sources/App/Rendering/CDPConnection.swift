import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import WebSocketKit

/// One CDP event (`{"method": ..., "params": ..., "sessionId": ...}`).
struct CDPEvent: Sendable {
    let method: String
    let params: JSONValue
    /// nil for events of the browser target itself.
    let sessionID: String?
}

/// Errors of the CDP transport and of the remote end.
enum CDPError: Error, Sendable, CustomStringConvertible {
    /// Chromium answered the call with `{"error": {...}}`.
    case remote(method: String, code: Int, message: String)
    /// The socket closed (or was never open) before the answer came.
    case connectionClosed
    /// The socket could not be opened.
    case connectFailed(String)

    var description: String {
        switch self {
        case .remote(let method, let code, let message): return "CDP \(method) failed (\(code)): \(message)"
        case .connectionClosed: return "CDP connection closed"
        case .connectFailed(let reason): return "CDP connect failed: \(reason)"
        }
    }
}

/// JSON-RPC client for the Chrome DevTools Protocol over one WebSocket.
///
/// Calls are matched to answers by `id`; events are fanned out to listeners registered per
/// `sessionId` (flat sessions, `Target.attachToTarget {flatten: true}`). When the socket closes,
/// every pending call fails with `CDPError.connectionClosed` and every event stream finishes.
final class CDPConnection: Sendable {
    /// Chromium sends a whole CDP message as one frame; rendered HTML can be several MB.
    static let maximumFrameSize = 64 << 20

    private struct Pending {
        let method: String
        let continuation: CheckedContinuation<JSONValue, any Error>
    }

    private struct State {
        var nextCallID = 1
        var nextListenerID = 0
        var pending: [Int: Pending] = [:]
        /// Keyed by session id; "" is the browser target.
        var listeners: [String: [Int: AsyncStream<CDPEvent>.Continuation]] = [:]
        var closed = false
    }

    private struct Outgoing: Encodable {
        let id: Int
        let method: String
        let params: [String: JSONValue]
        let sessionId: String?
    }

    private struct Incoming: Decodable {
        struct RemoteError: Decodable {
            let code: Int?
            let message: String?
        }
        let id: Int?
        let method: String?
        let params: JSONValue?
        let result: JSONValue?
        let error: RemoteError?
        let sessionId: String?
    }

    private enum Inbound: Sendable {
        case text(String)
        case closed
    }

    private let socket: WebSocket
    private let state = NIOLockedValueBox(State())
    private let logger: Logger
    /// Frames are decoded off the event loop (a multi-MB JSON decode would stall every other
    /// channel on that loop), by one consumer, so answers and events keep their order.
    private let inbox: AsyncStream<Inbound>.Continuation

    private init(socket: WebSocket, logger: Logger) {
        self.socket = socket
        self.logger = logger
        let (stream, inbox) = AsyncStream.makeStream(of: Inbound.self)
        self.inbox = inbox
        Task { [weak self] in
            for await item in stream {
                guard let self else { return }
                switch item {
                case .text(let text): self.handle(text: text)
                case .closed: self.handleClose()
                }
            }
        }
    }

    /// Opens the socket. The handlers are installed inside the upgrade callback, before any frame
    /// can be read, so no early message is lost.
    static func connect(to url: String, on group: any EventLoopGroup, logger: Logger) async throws -> CDPConnection {
        var configuration = WebSocketClient.Configuration(maxFrameSize: maximumFrameSize)
        configuration.maxAccumulatedFrameSize = maximumFrameSize
        // The connect future can complete before the upgrade callback has run, so wait for the
        // callback itself; a failed connect fails the same promise.
        let upgraded = group.any().makePromise(of: CDPConnection.self)
        WebSocket.connect(to: url, configuration: configuration, on: group) { socket in
            let connection = CDPConnection(socket: socket, logger: logger)
            connection.installHandlers()
            upgraded.succeed(connection)
        }.whenFailure { error in
            upgraded.fail(error)
        }
        let connection: CDPConnection
        do {
            connection = try await upgraded.futureResult.get()
        } catch {
            throw CDPError.connectFailed(String(describing: error))
        }
        return connection
    }

    deinit {
        // Dropped without close(): don't leave the socket or the decoding task behind.
        inbox.finish()
        if !socket.isClosed { socket.close(code: .goingAway).whenComplete { _ in } }
    }

    private func installHandlers() {
        // Weak: the socket keeps these closures alive, and the connection owns the socket.
        socket.onText { [weak self] _, text in
            self?.inbox.yield(.text(text))
        }
        socket.onBinary { [weak self] _, buffer in
            self?.inbox.yield(.text(String(buffer: buffer)))
        }
        // Queued behind the frames that arrived before it, so their answers are delivered first.
        socket.onClose.whenComplete { [weak self] _ in
            self?.inbox.yield(.closed)
            self?.inbox.finish()
        }
    }

    var isClosed: Bool {
        state.withLockedValue { $0.closed } || socket.isClosed
    }

    /// Sends one command and waits for its answer's `result` object.
    ///
    /// Cancelling the calling task fails the call at once with `CancellationError` (the answer,
    /// if it comes later, is dropped); this is what lets a page deadline abort a hung
    /// `Runtime.evaluate`.
    @discardableResult
    func send(_ method: String, params: [String: JSONValue] = [:], sessionID: String? = nil) async throws -> JSONValue {
        let id = state.withLockedValue { state -> Int in
            defer { state.nextCallID += 1 }
            return state.nextCallID
        }
        let data = try JSONEncoder().encode(Outgoing(id: id, method: method, params: params, sessionId: sessionID))
        let text = String(decoding: data, as: UTF8.self)

        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<JSONValue, any Error>) in
                enum Registration { case registered, closed, cancelled }
                let registration = state.withLockedValue { state -> Registration in
                    if state.closed { return .closed }
                    // Checked under the lock: if the cancellation handler has not run yet, it will
                    // run after this and find the entry.
                    if Task.isCancelled { return .cancelled }
                    state.pending[id] = Pending(method: method, continuation: continuation)
                    return .registered
                }
                switch registration {
                case .closed:
                    continuation.resume(throwing: CDPError.connectionClosed)
                case .cancelled:
                    continuation.resume(throwing: CancellationError())
                case .registered:
                    let promise = socket.eventLoop.makePromise(of: Void.self)
                    promise.futureResult.whenFailure { [weak self] _ in
                        self?.fail(callID: id, with: CDPError.connectionClosed)
                    }
                    socket.send(text, promise: promise)
                }
            }
        } onCancel: {
            self.fail(callID: id, with: CancellationError())
        }
    }

    /// Events for one session (nil: the browser target), in arrival order, until the socket
    /// closes or the consumer stops iterating.
    func events(sessionID: String?) -> AsyncStream<CDPEvent> {
        let key = sessionID ?? ""
        let (stream, continuation) = AsyncStream.makeStream(of: CDPEvent.self)
        let listenerID = state.withLockedValue { state -> Int? in
            if state.closed { return nil }
            let listenerID = state.nextListenerID
            state.nextListenerID += 1
            state.listeners[key, default: [:]][listenerID] = continuation
            return listenerID
        }
        guard let listenerID else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLockedValue { state in
                state.listeners[key]?[listenerID] = nil
                if state.listeners[key]?.isEmpty == true { state.listeners[key] = nil }
            }
        }
        return stream
    }

    /// Closes the socket and fails pending calls at once.
    func close() {
        socket.close(code: .goingAway).whenComplete { _ in }
        handleClose()
    }

    // MARK: - Incoming

    private func handle(text: String) {
        let message: Incoming
        do {
            message = try JSONDecoder().decode(Incoming.self, from: Data(text.utf8))
        } catch {
            logger.warning("undecodable CDP message", metadata: ["bytes": "\(text.utf8.count)"])
            return
        }
        if let id = message.id {
            guard let pending = state.withLockedValue({ $0.pending.removeValue(forKey: id) }) else { return }
            if let error = message.error {
                pending.continuation.resume(
                    throwing: CDPError.remote(
                        method: pending.method, code: error.code ?? 0, message: error.message ?? "unknown error"))
            } else {
                pending.continuation.resume(returning: message.result ?? .object([:]))
            }
        } else if let method = message.method {
            let event = CDPEvent(method: method, params: message.params ?? .object([:]), sessionID: message.sessionId)
            let listeners = state.withLockedValue { Array(($0.listeners[message.sessionId ?? ""] ?? [:]).values) }
            for listener in listeners { listener.yield(event) }
        }
    }

    private func fail(callID: Int, with error: any Error) {
        let pending = state.withLockedValue { $0.pending.removeValue(forKey: callID) }
        pending?.continuation.resume(throwing: error)
    }

    private func handleClose() {
        let (pending, listeners) = state.withLockedValue { state in
            state.closed = true
            let pending = Array(state.pending.values)
            let listeners = state.listeners.values.flatMap(\.values)
            state.pending = [:]
            state.listeners = [:]
            return (pending, listeners)
        }
        for call in pending { call.continuation.resume(throwing: CDPError.connectionClosed) }
        for listener in listeners { listener.finish() }
    }
}

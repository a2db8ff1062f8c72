import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A tiny HTTP/1.1 server on a loopback address and a free port, serving fixed responses by
/// path and counting what it was asked for.
final class FixtureServer: Sendable {
    struct Response: Sendable {
        var status: HTTPResponseStatus = .ok
        var contentType = "text/html; charset=utf-8"
        var body: String = ""
        var headers: [(String, String)] = []
        var delay: TimeAmount? = nil

        static func html(_ body: String, delay: TimeAmount? = nil) -> Response {
            Response(body: body, delay: delay)
        }

        static func javascript(_ body: String) -> Response {
            Response(contentType: "text/javascript", body: body)
        }

        static func redirect(to location: String) -> Response {
            Response(status: .found, body: "", headers: [("Location", location)])
        }
    }

    private struct Stats {
        var hits: [String: Int] = [:]
        var inflight = 0
        var peakInflight = 0
    }

    let host: String
    let port: Int
    private let channel: any Channel
    private let stats: NIOLockedValueBox<Stats>
    private let routeTable: NIOLockedValueBox<[String: Response]>

    var baseURL: String { "http://\(host):\(port)" }

    func url(_ path: String) -> URL {
        URL(string: baseURL + path)!  // built from our own constants
    }

    /// Replaces the served pages (path without query → response).
    func setRoutes(_ routes: [String: Response]) {
        routeTable.withLockedValue { $0 = routes }
    }

    private init(host: String, port: Int, channel: any Channel, stats: NIOLockedValueBox<Stats>, routes: NIOLockedValueBox<[String: Response]>) {
        self.host = host
        self.port = port
        self.channel = channel
        self.stats = stats
        self.routeTable = routes
    }

    static func start(host: String = "127.0.0.1") async throws -> FixtureServer {
        let stats = NIOLockedValueBox(Stats())
        let routes = NIOLockedValueBox<[String: Response]>([:])
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.backlog, value: 64)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        Handler(
                            routes: { routes.withLockedValue { $0 } },
                            record: { path, slow in
                                stats.withLockedValue { stats in
                                    stats.hits[path, default: 0] += 1
                                    guard slow else { return }
                                    stats.inflight += 1
                                    stats.peakInflight = max(stats.peakInflight, stats.inflight)
                                }
                            },
                            finished: { slow in if slow { stats.withLockedValue { $0.inflight -= 1 } } }))
                }
            }
        let channel = try await bootstrap.bind(host: host, port: 0).get()
        guard let port = channel.localAddress?.port else {
            throw ChannelError.unknownLocalAddress
        }
        return FixtureServer(host: host, port: port, channel: channel, stats: stats, routes: routes)
    }

    func hits(_ path: String) -> Int { stats.withLockedValue { $0.hits[path] ?? 0 } }
    func hits(prefix: String) -> Int {
        stats.withLockedValue { $0.hits.filter { $0.key.hasPrefix(prefix) }.values.reduce(0, +) }
    }
    var allPaths: [String] { stats.withLockedValue { Array($0.hits.keys).sorted() } }
    /// Most requests for delayed routes that were in flight at once.
    var peakInflight: Int { stats.withLockedValue { $0.peakInflight } }

    func shutdown() async {
        try? await channel.close()
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let routes: () -> [String: Response]
        private let record: (_ path: String, _ slow: Bool) -> Void
        private let finished: (_ slow: Bool) -> Void
        private var path = "/"
        private var keepAlive = true

        init(
            routes: @escaping () -> [String: Response],
            record: @escaping (_ path: String, _ slow: Bool) -> Void,
            finished: @escaping (_ slow: Bool) -> Void
        ) {
            self.routes = routes
            self.record = record
            self.finished = finished
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                path = String(head.uri.split(separator: "?", maxSplits: 1).first ?? "/")
                keepAlive = head.isKeepAlive
                record(path, routes()[path]?.delay != nil)
            case .body:
                break
            case .end:
                let response = routes()[path] ?? Response(status: .notFound, contentType: "text/plain", body: "not found")
                if let delay = response.delay {
                    context.eventLoop.assumeIsolated().scheduleTask(in: delay) {
                        self.write(response, context: context)
                    }
                } else {
                    write(response, context: context)
                }
            }
        }

        private func write(_ response: Response, context: ChannelHandlerContext) {
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: response.contentType)
            headers.add(name: "Content-Length", value: "\(response.body.utf8.count)")
            headers.add(name: "Cache-Control", value: "no-store")
            for (name, value) in response.headers { headers.add(name: name, value: value) }
            if !keepAlive { headers.add(name: "Connection", value: "close") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: response.status, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: response.body)))), promise: nil)
            let keepAlive = self.keepAlive
            let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            finished(response.delay != nil)
            if !keepAlive {
                let channel = context.channel
                done.whenComplete { _ in channel.close(promise: nil) }
            }
        }
    }
}

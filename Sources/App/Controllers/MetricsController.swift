import Foundation
import NIOCore
import Vapor

/// `GET /metrics` in Prometheus's text format, registered only when METRICS_ENABLED=true (otherwise 404 like
/// any unknown path). Who may read it: `MetricsAccess`.
struct MetricsController: RouteCollection {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    let metrics: MantisMetrics
    let access: MetricsAccess

    func boot(routes: any RoutesBuilder) throws {
        routes.get("metrics", use: scrape)
    }

    @Sendable
    func scrape(req: Request) async throws -> Response {
        try access.check(peer: req.remoteAddress?.ipAddress, headers: req.headers)
        let services = req.application.mantis
        await metrics.sampleGauges(on: req.db, hashingQueue: services.hashingQueue, now: Date(), logger: req.logger)
        let body = metrics.render()
        var buffer = req.byteBufferAllocator.buffer(capacity: body.count)
        buffer.writeBytes(body)
        // Scrapes must always see the current values.
        let headers: HTTPHeaders = ["Content-Type": Self.contentType, "Cache-Control": "no-store"]
        return Response(status: .ok, headers: headers, body: .init(buffer: buffer))
    }
}

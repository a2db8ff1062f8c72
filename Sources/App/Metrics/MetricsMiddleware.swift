import NIOCore
import Vapor

/// Counts and times every answer for `HTTPRequestMetrics`. Installed only when METRICS_ENABLED=true, outermost,
/// so error answers and CORS preflights count too. Future-based like the other global middlewares: an async one
/// would start a task per request.
struct MetricsMiddleware: Middleware {
    let metrics: HTTPRequestMetrics

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let started = NIODeadline.now()
        let metrics = self.metrics
        return next.respond(to: request).always { result in
            let status: UInt = switch result {
            case .success(let response): response.status.code
            case .failure(let error): (error as? any AbortError)?.status.code ?? 500
            }
            let elapsed = Duration.nanoseconds((NIODeadline.now() - started).nanoseconds)
            metrics.record(route: request.route, method: request.method, status: status, duration: elapsed)
        }
    }
}

import Vapor

/// Renders every error as `{"error": true, "reason": …, "code": …}` with a fitting status, so clients
/// never see an HTML page, a stack or an unexplained 500. Unexpected errors are logged, not echoed.
///
/// The global middlewares are future-based, not `AsyncMiddleware`: each async one starts a task per request,
/// and on the hot paths those tasks were a measurable share of the CPU.
struct APIErrorMiddleware: Middleware {
    struct Body: Content {
        let error: Bool
        let reason: String
        let code: String
    }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).flatMapErrorThrowing { error in
            let (status, reason, code, headers) = describe(error, request: request)
            let response = Response(status: status, headers: headers)
            try response.content.encode(Body(error: true, reason: reason, code: code))
            return response
        }
    }

    private func describe(_ error: any Error, request: Request)
        -> (HTTPResponseStatus, String, String, HTTPHeaders)
    {
        switch error {
        case let error as MantisError:
            return (error.status, error.reason, error.code, error.headers)
        case let error as DecodingError:
            return describe(decoding: error)
        case is ConnectionPoolTimeoutError:
            // A full pool is load, not a fault: the client may try again, as with the bcrypt queue.
            request.logger.warning("No database connection became free in time")
            let busy = MantisError.databaseBusy(retryAfter: 5)
            return (busy.status, busy.reason, busy.code, busy.headers)
        case let error as any AbortError:
            let code = Self.code(for: error.status)
            // Vapor's own reasons for these are fine to show; anything 5xx is summarised.
            let reason = error.status.code >= 500 ? "Something went wrong on our side." : error.reason
            if error.status.code >= 500 { request.logger.report(error: error) }
            return (error.status, reason, code, error.headers)
        default:
            request.logger.report(error: error)
            return (.internalServerError, "Something went wrong on our side.", "internal_error", [:])
        }
    }

    private func describe(decoding error: DecodingError) -> (HTTPResponseStatus, String, String, HTTPHeaders) {
        func path(_ context: DecodingError.Context, appending key: (any CodingKey)? = nil) -> String {
            let keys = context.codingPath + (key.map { [$0] } ?? [])
            return keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return (.unprocessableEntity, "Missing field '\(path(context, appending: key))'.", "missing_field", [:])
        case .typeMismatch(let type, let context):
            return (.unprocessableEntity, "Field '\(path(context))' must be \(Self.describe(type)).", "invalid_field", [:])
        case .valueNotFound(let type, let context):
            return (.unprocessableEntity, "Field '\(path(context))' must be \(Self.describe(type)), not null.", "invalid_field", [:])
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return (.badRequest, "The request body is not valid JSON.", "malformed_json", [:])
            }
            return (.unprocessableEntity, "Field '\(path(context))' has an invalid value.", "invalid_field", [:])
        @unknown default:
            return (.badRequest, "The request body could not be read.", "malformed_json", [:])
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Double.Type: "a number"
        default: "a value of the right type"
        }
    }

    static func code(for status: HTTPResponseStatus) -> String {
        switch status {
        case .badRequest: "bad_request"
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .payloadTooLarge: "payload_too_large"
        case .unsupportedMediaType: "unsupported_media_type"
        case .unprocessableEntity: "validation_failed"
        case .tooManyRequests: "rate_limited"
        case .serviceUnavailable: "service_unavailable"
        default: status.code >= 500 ? "internal_error" : "http_\(status.code)"
        }
    }
}

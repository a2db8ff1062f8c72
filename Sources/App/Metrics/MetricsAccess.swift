import MantisCore
import Vapor

/// Who may read `/metrics`: a client on this machine that came straight to Mantis, or anyone with
/// `METRICS_TOKEN` as a bearer token. Behind a Cloudflare tunnel every request's peer is 127.0.0.1, so a request
/// carrying a forwarding header counts as remote. Every header `TRUSTED_PROXY` may name counts, not only the one it
/// names: a tunnel set up without `TRUSTED_PROXY` still sends `CF-Connecting-IP`, and a local scraper sends none.
/// Without a token the metrics are for this machine only.
struct MetricsAccess: Sendable {
    /// SHA-256 of `METRICS_TOKEN`: tokens are compared as digests, in constant time, so neither where they differ
    /// nor the token's length shows in the answer's timing.
    private let tokenDigest: String?

    init(token: String?) {
        tokenDigest = token.map(SecureToken.digest)
    }

    func check(peer: String?, headers: HTTPHeaders) throws(MantisError) {
        if Self.isLoopback(peer), !Self.cameThroughProxy(headers) { return }
        guard let tokenDigest else {
            throw .forbidden(
                code: "metrics_loopback_only",
                reason: "Metrics are served only to clients on this machine; set METRICS_TOKEN to read them from "
                    + "elsewhere.")
        }
        guard let presented = headers.bearerAuthorization?.token else {
            throw .unauthorized(
                code: "metrics_token_required", reason: "Send METRICS_TOKEN as a bearer token to read metrics.")
        }
        guard SecureToken.constantTimeEquals(SecureToken.digest(presented), tokenDigest) else {
            throw .unauthorized(code: "invalid_metrics_token", reason: "The metrics token is not valid.")
        }
    }

    static func isLoopback(_ peer: String?) -> Bool {
        guard let peer else { return false }
        return IPNetwork.loopback.contains { $0.contains(peer) }
    }

    static func cameThroughProxy(_ headers: HTTPHeaders) -> Bool {
        ClientAddressPolicy.supportedHeaders.contains { headers.contains(name: $0) }
    }
}

import Vapor

extension Request {
    /// The client's address as seen by this server. Behind a Cloudflare tunnel or a reverse proxy the peer
    /// is the proxy; `CF-Connecting-IP` / `X-Forwarded-For` are only informative (shown in the session list).
    var clientIP: String? {
        if let forwarded = headers.first(name: "CF-Connecting-IP") ?? headers.forwarded.first?.for
            ?? headers.first(name: .xForwardedFor)?.split(separator: ",").first.map(String.init)
        {
            return String(forwarded.trimmingCharacters(in: .whitespaces).prefix(64))
        }
        return remoteAddress?.ipAddress
    }
}

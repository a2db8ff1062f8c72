import Foundation

/// A web origin as browsers compare them: scheme, host and port (RFC 6454). The token bridge lets only pages
/// of the connected server's origin near the refresh token, so this is where "same server" is decided.
public struct ServerOrigin: Equatable, Hashable, Sendable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int

    /// Reads the origin of an absolute `http` or `https` URL. Refuses anything with a user or password part
    /// (`https://server@evil.example` is evil.example, and a page has no business with one) and anything
    /// without a host.
    public init?(url text: String) {
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              components.user == nil, components.password == nil,
              // URLComponents keeps an `@` it could not place in the host; no real host has one.
              let rawHost = components.host, !rawHost.isEmpty, !rawHost.contains("@")
        else { return nil }
        let defaultPort = scheme == "https" ? 443 : 80
        let port = components.port ?? defaultPort
        guard (1...65535).contains(port) else { return nil }
        self.scheme = scheme
        self.host = rawHost.lowercased()
        self.port = port
    }

    /// What a person types into "Connect to a server": a bare host means https.
    public init?(userInput text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        self.init(url: trimmed.contains("://") ? trimmed : "https://\(trimmed)")
    }

    /// `scheme://host[:port]`, the port left out when it is the scheme's default (as `location.origin` shows it).
    public var description: String {
        let defaultPort = scheme == "https" ? 443 : 80
        let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return port == defaultPort ? "\(scheme)://\(shownHost)" : "\(scheme)://\(shownHost):\(port)"
    }

    /// The loopback names local mode answers on: the desktop app's own local server lives there.
    public var isLoopback: Bool {
        ["127.0.0.1", "localhost", "[::1]", "::1"].contains(host)
    }
}

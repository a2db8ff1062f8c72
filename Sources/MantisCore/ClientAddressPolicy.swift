import Foundation

/// Who the client is. The socket's peer, unless the peer is a trusted proxy (cloudflared on loopback, say),
/// in which case one configured header names the client. A header from anyone else changes nothing: it is
/// what anyone can type.
public struct ClientAddressPolicy: Sendable, Equatable {
    /// The header to believe, lower-cased; nil believes none.
    public let header: String?
    public let trustedProxies: [IPNetwork]

    /// Headers that carry one address; `x-forwarded-for` and `forwarded` carry a list that each proxy appends to.
    public static let supportedHeaders = ["cf-connecting-ip", "x-forwarded-for", "forwarded", "x-real-ip", "true-client-ip"]

    public init(header: String?, trustedProxies: [IPNetwork]) {
        self.header = header?.lowercased()
        self.trustedProxies = trustedProxies
    }

    func isTrusted(_ bytes: [UInt8]) -> Bool {
        trustedProxies.contains { $0.contains(bytes: bytes) }
    }

    /// The client's address in canonical text, from the peer's address and the values of the configured
    /// header (every line of it, in order).
    public func clientAddress(peer: String?, headerValues: [String]) -> String? {
        guard let peer, let peerBytes = IPNetwork.parseAddress(peer) else { return peer }
        let peerText = IPNetwork.format(peerBytes)
        guard let header, isTrusted(peerBytes), !headerValues.isEmpty else { return peerText }
        switch header {
        case "x-forwarded-for", "forwarded":
            let hops = headerValues.flatMap { $0.split(separator: ",") }.map { entry in
                header == "forwarded" ? Self.forwardedFor(String(entry)) : String(entry)
            }
            // Right to left: each trusted proxy appended the address it saw; the first untrusted one is the
            // client as far as we can know. Anything left of it may be forged.
            var client = peerBytes
            for hop in hops.reversed() {
                guard let hop, let bytes = IPNetwork.parseAddress(hop) else { break }
                client = bytes
                if !isTrusted(bytes) { break }
            }
            return IPNetwork.format(client)
        default:
            // A single-address header set by the proxy; if several lines came, the proxy's is the last.
            guard let value = headerValues.last, let bytes = IPNetwork.parseAddress(value) else { return peerText }
            return IPNetwork.format(bytes)
        }
    }

    /// The `for=` address of one RFC 7239 `Forwarded` element, without quotes, brackets or port.
    static func forwardedFor(_ element: String) -> String? {
        for pair in element.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, parts[0].lowercased() == "for" else { continue }
            var value = parts[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            if value.hasPrefix("["), let close = value.firstIndex(of: "]") {
                return String(value[value.index(after: value.startIndex)..<close])
            }
            // IPv4 with a port: 192.0.2.43:4711
            if value.filter({ $0 == ":" }).count == 1 { return String(value.split(separator: ":")[0]) }
            return value
        }
        return nil
    }

    /// The key a rate limit counts a client under: the address itself for IPv4, its /64 for IPv6 (one
    /// household or server gets a whole /64, so counting single IPv6 addresses would be no limit at all).
    public static func rateLimitKey(for address: String) -> String {
        guard let bytes = IPNetwork.parseAddress(address) else { return address }
        if bytes.count == 4 { return IPNetwork.format(bytes) }
        return IPNetwork.format(Array(bytes[0..<8]) + Array(repeating: 0, count: 8)) + "/64"
    }
}

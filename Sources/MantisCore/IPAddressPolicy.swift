#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decides whether Mantis may connect to an address when reading a product page. In web mode a user
/// must not be able to make the server read its own network (SSRF), so only public unicast is allowed.
public enum IPAddressPolicy {
    public enum Verdict: Equatable, Sendable {
        case allowed
        case blocked(reason: String)
    }

    public static func verdict(for address: String) -> Verdict {
        var host = address
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if let zone = host.firstIndex(of: "%") { host = String(host[..<zone]) }
        if let v4 = ipv4Bytes(host) { return verdict(ipv4: v4) }
        if let v6 = ipv6Bytes(host) { return verdict(ipv6: v6) }
        return .blocked(reason: "not an IP address")
    }

    public static func ipv4Bytes(_ text: String) -> [UInt8]? {
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    public static func ipv6Bytes(_ text: String) -> [UInt8]? {
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    static func verdict(ipv4 b: [UInt8]) -> Verdict {
        switch (b[0], b[1]) {
        case (0, _): return .blocked(reason: "unspecified address")
        case (10, _): return .blocked(reason: "private address")
        case (100, 64...127): return .blocked(reason: "carrier-grade NAT address")
        case (127, _): return .blocked(reason: "loopback address")
        case (169, 254): return .blocked(reason: "link-local address")
        case (172, 16...31): return .blocked(reason: "private address")
        case (192, 168): return .blocked(reason: "private address")
        case (192, 0) where b[2] == 0: return .blocked(reason: "IETF protocol assignment")
        case (192, 0) where b[2] == 2: return .blocked(reason: "documentation address")
        case (192, 88) where b[2] == 99: return .blocked(reason: "6to4 relay anycast address")
        case (198, 18...19): return .blocked(reason: "benchmarking address")
        case (198, 51) where b[2] == 100: return .blocked(reason: "documentation address")
        case (203, 0) where b[2] == 113: return .blocked(reason: "documentation address")
        case (224...239, _): return .blocked(reason: "multicast address")
        case (240...255, _): return .blocked(reason: "reserved or broadcast address")
        default: return .allowed
        }
    }

    static func verdict(ipv6 b: [UInt8]) -> Verdict {
        if b.allSatisfy({ $0 == 0 }) { return .blocked(reason: "unspecified address") }
        if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return .blocked(reason: "loopback address") }
        // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) carry an IPv4 address to judge.
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF { return verdict(ipv4: Array(b[12...])) }
        if b[0..<12].allSatisfy({ $0 == 0 }) { return verdict(ipv4: Array(b[12...])) }
        // NAT64 reaches IPv4 through a translator (RFC 6052): the well-known 64:ff9b::/96 carries the address in
        // the last 32 bits; the local-use 64:ff9b:1::/48 (RFC 8215) in bits 48-63 and 72-87, around the u-octet.
        // Only the /48 prefix is matched, because a translator may still accept a non-zero u-octet or suffix.
        if b[0] == 0x00, b[1] == 0x64, b[2] == 0xFF, b[3] == 0x9B, b[4..<12].allSatisfy({ $0 == 0 }) {
            return verdict(ipv4: Array(b[12...]))
        }
        if b[0] == 0x00, b[1] == 0x64, b[2] == 0xFF, b[3] == 0x9B, b[4] == 0x00, b[5] == 0x01 {
            return verdict(ipv4: [b[6], b[7], b[9], b[10]])
        }
        // 6to4 (2002::/16, RFC 3056) is routed to the IPv4 address in bits 16-47.
        if b[0] == 0x20, b[1] == 0x02 { return verdict(ipv4: Array(b[2..<6])) }
        // Teredo (2001::/32, RFC 4380) is relayed through the server in bits 32-63 to the client, whose address is
        // the last 32 bits inverted; either one being non-public lets the packet reach a non-public host.
        if b[0] == 0x20, b[1] == 0x01, b[2] == 0x00, b[3] == 0x00 {
            let server = verdict(ipv4: Array(b[4..<8]))
            if server != .allowed { return server }
            return verdict(ipv4: b[12...].map { $0 ^ 0xFF })
        }
        if b[0] == 0xFF { return .blocked(reason: "multicast address") }
        if b[0] == 0xFE && (b[1] & 0xC0) == 0x80 { return .blocked(reason: "link-local address") }
        if b[0] == 0xFE && (b[1] & 0xC0) == 0xC0 { return .blocked(reason: "site-local address") }
        if (b[0] & 0xFE) == 0xFC { return .blocked(reason: "unique-local address") }
        if b[0] == 0x20, b[1] == 0x01, b[2] == 0x0D, b[3] == 0xB8 { return .blocked(reason: "documentation address") }
        // The rest of IANA's IPv6 special-purpose registry that is not globally reachable.
        if b[0] == 0x3F, b[1] == 0xFF, (b[2] & 0xF0) == 0x00 { return .blocked(reason: "documentation address") }
        if b[0] == 0x01, b[1..<8].allSatisfy({ $0 == 0 }) { return .blocked(reason: "discard-only address") }
        if b[0] == 0x20, b[1] == 0x01, b[2] == 0x00, b[3] == 0x02, b[4] == 0x00, b[5] == 0x00 {
            return .blocked(reason: "benchmarking address")
        }
        // ORCHID (2001:10::/28) and ORCHIDv2 (2001:20::/28) are cryptographic identifiers, never locators.
        if b[0] == 0x20, b[1] == 0x01, b[2] == 0x00, (b[3] & 0xF0) == 0x10 || (b[3] & 0xF0) == 0x20 {
            return .blocked(reason: "ORCHID identifier")
        }
        if b[0] == 0x5F, b[1] == 0x00 { return .blocked(reason: "segment routing identifier") }
        return .allowed
    }
}

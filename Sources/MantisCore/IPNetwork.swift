import Foundation

/// An address block such as `127.0.0.0/8` or `::1/128` (a bare address is a block of one), for deciding
/// which peers are trusted proxies.
public struct IPNetwork: Sendable, Equatable, CustomStringConvertible {
    public let bytes: [UInt8]
    public let prefixLength: Int

    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", maxSplits: 1).map(String.init)
        guard let first = parts.first, let address = IPNetwork.parseAddress(first) else { return nil }
        let maximum = address.count * 8
        var length = maximum
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...maximum).contains(value) else { return nil }
            length = value
        }
        bytes = address
        prefixLength = length
    }

    /// Whether `address` (text form) lies in this block. IPv4-mapped IPv6 addresses count as IPv4.
    public func contains(_ address: String) -> Bool {
        guard let other = IPNetwork.parseAddress(address) else { return false }
        return contains(bytes: other)
    }

    public func contains(bytes other: [UInt8]) -> Bool {
        guard other.count == bytes.count else { return false }
        var remaining = prefixLength
        for index in 0..<bytes.count where remaining > 0 {
            let bits = min(8, remaining)
            let mask: UInt8 = bits == 8 ? 0xFF : ~(0xFF >> UInt8(bits))
            if bytes[index] & mask != other[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    public var description: String {
        "\(IPNetwork.format(bytes))/\(prefixLength)"
    }

    /// 4 bytes for IPv4 (also for `::ffff:a.b.c.d`), 16 for IPv6; brackets and zone ids are dropped.
    public static func parseAddress(_ text: String) -> [UInt8]? {
        var host = text.trimmingCharacters(in: .whitespaces)
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if let zone = host.firstIndex(of: "%") { host = String(host[..<zone]) }
        if let v4 = IPAddressPolicy.ipv4Bytes(host) { return v4 }
        guard let v6 = IPAddressPolicy.ipv6Bytes(host) else { return nil }
        if v6[0..<10].allSatisfy({ $0 == 0 }), v6[10] == 0xFF, v6[11] == 0xFF { return Array(v6[12...]) }
        return v6
    }

    /// The canonical text of an address: dotted IPv4, or RFC 5952 IPv6 (lower case, longest zero run as ::).
    public static func format(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        let groups = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        var bestStart = -1, bestLength = 0, start = -1
        for (index, group) in groups.enumerated() {
            if group == 0 {
                if start < 0 { start = index }
                if index - start + 1 > bestLength, index - start + 1 >= 2 { bestStart = start; bestLength = index - start + 1 }
            } else {
                start = -1
            }
        }
        func hex(_ range: Range<Int>) -> String { groups[range].map { String($0, radix: 16) }.joined(separator: ":") }
        guard bestStart >= 0 else { return hex(0..<8) }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
    }

    /// The canonical text of an address given as text, or nil when it is not an IP address.
    public static func canonical(_ text: String) -> String? {
        parseAddress(text).map(format)
    }

    public static let loopback: [IPNetwork] = [IPNetwork("127.0.0.0/8")!, IPNetwork("::1/128")!]
}

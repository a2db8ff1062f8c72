import Testing

@testable import MantisCore

@Suite("IPAddressPolicy")
struct IPAddressPolicyTests {
    private func blocked(_ reason: String) -> IPAddressPolicy.Verdict { .blocked(reason: reason) }

    // MARK: IPv4 blocked ranges

    @Test("127.0.0.0/8 loopback is blocked")
    func ipv4Loopback() {
        #expect(IPAddressPolicy.verdict(for: "127.0.0.1") == blocked("loopback address"))
        #expect(IPAddressPolicy.verdict(for: "127.255.255.254") == blocked("loopback address"))
    }

    @Test("10.0.0.0/8 private is blocked")
    func ipv4Private10() {
        #expect(IPAddressPolicy.verdict(for: "10.0.0.1") == blocked("private address"))
        #expect(IPAddressPolicy.verdict(for: "10.255.255.255") == blocked("private address"))
    }

    @Test("172.16.0.0/12 private is blocked at both ends, its neighbours are allowed")
    func ipv4Private172() {
        #expect(IPAddressPolicy.verdict(for: "172.16.0.1") == blocked("private address"))
        #expect(IPAddressPolicy.verdict(for: "172.31.255.254") == blocked("private address"))
        #expect(IPAddressPolicy.verdict(for: "172.15.255.254") == .allowed)
        #expect(IPAddressPolicy.verdict(for: "172.32.0.1") == .allowed)
    }

    @Test("192.168.0.0/16 private is blocked")
    func ipv4Private192() {
        #expect(IPAddressPolicy.verdict(for: "192.168.0.1") == blocked("private address"))
        #expect(IPAddressPolicy.verdict(for: "192.168.255.255") == blocked("private address"))
        #expect(IPAddressPolicy.verdict(for: "192.169.0.1") == .allowed)
    }

    @Test("169.254.0.0/16 link-local is blocked, including the cloud metadata address")
    func ipv4LinkLocal() {
        #expect(IPAddressPolicy.verdict(for: "169.254.169.254") == blocked("link-local address"))
        #expect(IPAddressPolicy.verdict(for: "169.254.0.1") == blocked("link-local address"))
        #expect(IPAddressPolicy.verdict(for: "169.253.0.1") == .allowed)
    }

    @Test("100.64.0.0/10 carrier-grade NAT is blocked; 100.63.x and 100.128.x are allowed")
    func ipv4CarrierGradeNAT() {
        #expect(IPAddressPolicy.verdict(for: "100.64.0.1") == blocked("carrier-grade NAT address"))
        #expect(IPAddressPolicy.verdict(for: "100.127.255.254") == blocked("carrier-grade NAT address"))
        #expect(IPAddressPolicy.verdict(for: "100.63.255.254") == .allowed)
        #expect(IPAddressPolicy.verdict(for: "100.128.0.1") == .allowed)
    }

    @Test("224.0.0.0/4 multicast is blocked")
    func ipv4Multicast() {
        #expect(IPAddressPolicy.verdict(for: "224.0.0.1") == blocked("multicast address"))
        #expect(IPAddressPolicy.verdict(for: "239.255.255.250") == blocked("multicast address"))
    }

    @Test("0.0.0.0/8 unspecified is blocked")
    func ipv4Unspecified() {
        #expect(IPAddressPolicy.verdict(for: "0.0.0.0") == blocked("unspecified address"))
        #expect(IPAddressPolicy.verdict(for: "0.1.2.3") == blocked("unspecified address"))
    }

    @Test("255.255.255.255 broadcast and 240.0.0.0/4 reserved are blocked")
    func ipv4BroadcastAndReserved() {
        #expect(IPAddressPolicy.verdict(for: "255.255.255.255") == blocked("reserved or broadcast address"))
        #expect(IPAddressPolicy.verdict(for: "240.0.0.1") == blocked("reserved or broadcast address"))
    }

    @Test("192.0.0.0/24 protocol assignments and 198.18.0.0/15 benchmarking are blocked")
    func ipv4SpecialPurpose() {
        #expect(IPAddressPolicy.verdict(for: "192.0.0.8") == blocked("IETF protocol assignment"))
        #expect(IPAddressPolicy.verdict(for: "192.0.1.1") == .allowed)
        #expect(IPAddressPolicy.verdict(for: "198.18.0.1") == blocked("benchmarking address"))
        #expect(IPAddressPolicy.verdict(for: "198.19.255.254") == blocked("benchmarking address"))
        #expect(IPAddressPolicy.verdict(for: "198.20.0.1") == .allowed)
    }

    @Test("192.0.2.0/24, 198.51.100.0/24 and 203.0.113.0/24 documentation (RFC 5737) are blocked, neighbours allowed")
    func ipv4Documentation() {
        #expect(IPAddressPolicy.verdict(for: "192.0.2.1") == blocked("documentation address"))
        #expect(IPAddressPolicy.verdict(for: "192.0.2.255") == blocked("documentation address"))
        #expect(IPAddressPolicy.verdict(for: "198.51.100.7") == blocked("documentation address"))
        #expect(IPAddressPolicy.verdict(for: "203.0.113.254") == blocked("documentation address"))
        #expect(IPAddressPolicy.verdict(for: "192.0.3.1") == .allowed)
        #expect(IPAddressPolicy.verdict(for: "198.51.101.1") == .allowed)
        #expect(IPAddressPolicy.verdict(for: "198.51.99.1") == .allowed)
        #expect(IPAddressPolicy.verdict(for: "203.0.112.1") == .allowed)
        #expect(IPAddressPolicy.verdict(for: "203.0.114.1") == .allowed)
    }

    @Test("192.88.99.0/24, the deprecated 6to4 relay anycast (RFC 7526), is blocked; its neighbours are allowed")
    func ipv4SixToFourRelayAnycast() {
        #expect(IPAddressPolicy.verdict(for: "192.88.99.1") == blocked("6to4 relay anycast address"))
        #expect(IPAddressPolicy.verdict(for: "192.88.99.255") == blocked("6to4 relay anycast address"))
        #expect(IPAddressPolicy.verdict(for: "192.88.98.1") == .allowed)
        #expect(IPAddressPolicy.verdict(for: "192.88.100.1") == .allowed)
    }

    @Test("240.0.0.0/4 reserved is blocked at both ends; 239.x is multicast, 223.x is allowed")
    func ipv4ReservedEdges() {
        #expect(IPAddressPolicy.verdict(for: "240.0.0.0") == blocked("reserved or broadcast address"))
        #expect(IPAddressPolicy.verdict(for: "255.255.255.254") == blocked("reserved or broadcast address"))
        #expect(IPAddressPolicy.verdict(for: "223.255.255.254") == .allowed)
    }

    // MARK: IPv6 blocked ranges

    @Test("::1 loopback is blocked")
    func ipv6Loopback() {
        #expect(IPAddressPolicy.verdict(for: "::1") == blocked("loopback address"))
        #expect(IPAddressPolicy.verdict(for: "0:0:0:0:0:0:0:1") == blocked("loopback address"))
    }

    @Test(":: unspecified is blocked")
    func ipv6Unspecified() {
        #expect(IPAddressPolicy.verdict(for: "::") == blocked("unspecified address"))
    }

    @Test("fe80::/10 link-local is blocked, with or without a zone")
    func ipv6LinkLocal() {
        #expect(IPAddressPolicy.verdict(for: "fe80::1") == blocked("link-local address"))
        #expect(IPAddressPolicy.verdict(for: "febf::1") == blocked("link-local address"))
        #expect(IPAddressPolicy.verdict(for: "fe80::1%eth0") == blocked("link-local address"))
    }

    @Test("fc00::/7 unique-local is blocked (fc00:: and fd00::)")
    func ipv6UniqueLocal() {
        #expect(IPAddressPolicy.verdict(for: "fc00::1") == blocked("unique-local address"))
        #expect(IPAddressPolicy.verdict(for: "fd12::1") == blocked("unique-local address"))
        #expect(IPAddressPolicy.verdict(for: "fdff:ffff::1") == blocked("unique-local address"))
    }

    @Test("fec0::/10 deprecated site-local is blocked")
    func ipv6SiteLocal() {
        #expect(IPAddressPolicy.verdict(for: "fec0::1") == blocked("site-local address"))
    }

    @Test("ff00::/8 multicast is blocked")
    func ipv6Multicast() {
        #expect(IPAddressPolicy.verdict(for: "ff02::1") == blocked("multicast address"))
        #expect(IPAddressPolicy.verdict(for: "ff05::1:3") == blocked("multicast address"))
    }

    @Test("2001:db8::/32 documentation is blocked")
    func ipv6Documentation() {
        #expect(IPAddressPolicy.verdict(for: "2001:db8::1") == blocked("documentation address"))
    }

    @Test("3fff::/20 documentation (RFC 9637) is blocked; 3fff:1000:: is outside it")
    func ipv6DocumentationRFC9637() {
        #expect(IPAddressPolicy.verdict(for: "3fff::1") == blocked("documentation address"))
        #expect(IPAddressPolicy.verdict(for: "3fff:fff:ffff::1") == blocked("documentation address"))
        #expect(IPAddressPolicy.verdict(for: "3fff:1000::1") == .allowed)
    }

    @Test("100::/64 discard-only (RFC 6666) is blocked")
    func ipv6DiscardOnly() {
        #expect(IPAddressPolicy.verdict(for: "100::") == blocked("discard-only address"))
        #expect(IPAddressPolicy.verdict(for: "100::ffff:ffff:ffff:ffff") == blocked("discard-only address"))
    }

    @Test("2001:2::/48 benchmarking (RFC 5180) is blocked")
    func ipv6Benchmarking() {
        #expect(IPAddressPolicy.verdict(for: "2001:2::1") == blocked("benchmarking address"))
        #expect(IPAddressPolicy.verdict(for: "2001:2:0:ffff::1") == blocked("benchmarking address"))
    }

    @Test("ORCHID 2001:10::/28 and ORCHIDv2 2001:20::/28 are blocked; 2001:30::/28 (drone remote ID) is allowed")
    func ipv6ORCHID() {
        #expect(IPAddressPolicy.verdict(for: "2001:10::1") == blocked("ORCHID identifier"))
        #expect(IPAddressPolicy.verdict(for: "2001:1f:ffff::1") == blocked("ORCHID identifier"))
        #expect(IPAddressPolicy.verdict(for: "2001:20::1") == blocked("ORCHID identifier"))
        #expect(IPAddressPolicy.verdict(for: "2001:2f:ffff::1") == blocked("ORCHID identifier"))
        #expect(IPAddressPolicy.verdict(for: "2001:30::1") == .allowed)
    }

    @Test("5f00::/16 SRv6 segment identifiers (RFC 9602) are blocked")
    func ipv6SegmentRouting() {
        #expect(IPAddressPolicy.verdict(for: "5f00::1") == blocked("segment routing identifier"))
        #expect(IPAddressPolicy.verdict(for: "5f00:ffff::1") == blocked("segment routing identifier"))
    }

    // MARK: IPv4 carried in IPv6

    @Test("IPv4-mapped ::ffff:127.0.0.1 is judged as the loopback it carries")
    func mappedLoopback() {
        #expect(IPAddressPolicy.verdict(for: "::ffff:127.0.0.1") == blocked("loopback address"))
        #expect(IPAddressPolicy.verdict(for: "::ffff:7f00:1") == blocked("loopback address"))
    }

    @Test("IPv4-mapped ::ffff:10.0.0.1 is judged as the private address it carries")
    func mappedPrivate() {
        #expect(IPAddressPolicy.verdict(for: "::ffff:10.0.0.1") == blocked("private address"))
        #expect(IPAddressPolicy.verdict(for: "::ffff:169.254.169.254") == blocked("link-local address"))
    }

    @Test("IPv4-mapped public addresses are allowed")
    func mappedPublic() {
        #expect(IPAddressPolicy.verdict(for: "::ffff:8.8.8.8") == .allowed)
    }

    @Test("IPv4-compatible ::a.b.c.d and NAT64 64:ff9b::a.b.c.d are judged by their IPv4 address")
    func compatibleAndNAT64() {
        #expect(IPAddressPolicy.verdict(for: "::10.0.0.1") == blocked("private address"))
        #expect(IPAddressPolicy.verdict(for: "64:ff9b::127.0.0.1") == blocked("loopback address"))
        #expect(IPAddressPolicy.verdict(for: "64:ff9b::192.168.1.1") == blocked("private address"))
        #expect(IPAddressPolicy.verdict(for: "64:ff9b::8.8.8.8") == .allowed)
    }

    // The embedded addresses below are laid out by hand from the RFCs, so a mistake in the parser cannot hide
    // behind a helper that makes the same mistake.

    @Test("6to4 2002:V4ADDR::/48 (RFC 3056) is judged by the IPv4 address in bits 16-47")
    func sixToFour() {
        // 10.0.0.1 = 0a00:0001, 127.0.0.1 = 7f00:0001, 169.254.169.254 = a9fe:a9fe, 192.168.1.1 = c0a8:0101.
        #expect(IPAddressPolicy.verdict(for: "2002:a00:1::1") == blocked("private address"))
        #expect(IPAddressPolicy.verdict(for: "2002:7f00:1::") == blocked("loopback address"))
        #expect(IPAddressPolicy.verdict(for: "2002:a9fe:a9fe:1:2:3:4:5") == blocked("link-local address"))
        #expect(IPAddressPolicy.verdict(for: "2002:c0a8:101::1") == blocked("private address"))
        #expect(IPAddressPolicy.verdict(for: "2002::1") == blocked("unspecified address"))
        // 192.88.99.1 = c058:6301, the relay anycast itself.
        #expect(IPAddressPolicy.verdict(for: "2002:c058:6301::1") == blocked("6to4 relay anycast address"))
        // 8.8.8.8 = 0808:0808, 93.184.216.34 = 5db8:d822.
        #expect(IPAddressPolicy.verdict(for: "2002:808:808::1") == .allowed)
        #expect(IPAddressPolicy.verdict(for: "2002:5db8:d822:1::") == .allowed)
    }

    @Test("Teredo 2001:0::/32 (RFC 4380) is blocked when the server (bits 32-63) is not public")
    func teredoServer() {
        // Server 192.168.1.1 = c0a8:0101 or 127.0.0.1 = 7f00:0001; client 8.8.8.8, inverted f7f7:f7f7.
        #expect(IPAddressPolicy.verdict(for: "2001:0:c0a8:101:0:0:f7f7:f7f7") == blocked("private address"))
        #expect(IPAddressPolicy.verdict(for: "2001:0:7f00:1:8000:63bf:f7f7:f7f7") == blocked("loopback address"))
    }

    @Test("Teredo is blocked when the client (the last 32 bits XOR 0xFFFFFFFF) is not public")
    func teredoClient() {
        // Server 65.54.227.120 = 4136:e378, flags 8000, port 40000 obfuscated to 63bf.
        // Client 192.0.2.45 = c000:022d, inverted 3fff:fdd2 (RFC 4380 section 4 layout).
        #expect(
            IPAddressPolicy.verdict(for: "2001:0000:4136:e378:8000:63bf:3fff:fdd2") == blocked("documentation address"))
        // Client 10.0.0.1 = 0a00:0001, inverted f5ff:fffe; client 127.0.0.1 = 7f00:0001, inverted 80ff:fffe.
        #expect(IPAddressPolicy.verdict(for: "2001:0:4136:e378:8000:63bf:f5ff:fffe") == blocked("private address"))
        #expect(IPAddressPolicy.verdict(for: "2001:0:4136:e378:8000:63bf:80ff:fffe") == blocked("loopback address"))
        // Client 169.254.169.254 = a9fe:a9fe, inverted 5601:5601.
        #expect(IPAddressPolicy.verdict(for: "2001:0:4136:e378:8000:63bf:5601:5601") == blocked("link-local address"))
        // All-ones client bits invert to 0.0.0.0; read without the inversion they would be the broadcast address.
        #expect(IPAddressPolicy.verdict(for: "2001:0:4136:e378:8000:63bf:ffff:ffff") == blocked("unspecified address"))
    }

    @Test("Teredo with a public server and a public client is allowed")
    func teredoPublic() {
        // Server 65.54.227.120, client 8.8.8.8 inverted f7f7:f7f7, client 93.184.216.34 = 5db8:d822 inverted a247:27dd.
        #expect(IPAddressPolicy.verdict(for: "2001:0:4136:e378:8000:63bf:f7f7:f7f7") == .allowed)
        #expect(IPAddressPolicy.verdict(for: "2001:0:4136:e378::a247:27dd") == .allowed)
    }

    @Test("NAT64 well-known prefix 64:ff9b::/96 (RFC 6052) is judged by the last 32 bits, written in hex too")
    func nat64WellKnownHex() {
        // RFC 6052 section 2.4: 192.0.2.33 in 64:ff9b::/96 is 64:ff9b::c000:221.
        #expect(IPAddressPolicy.verdict(for: "64:ff9b::c000:221") == blocked("documentation address"))
        #expect(IPAddressPolicy.verdict(for: "64:ff9b::a9fe:a9fe") == blocked("link-local address"))
        #expect(IPAddressPolicy.verdict(for: "64:ff9b::a00:1") == blocked("private address"))
        #expect(IPAddressPolicy.verdict(for: "64:ff9b::5db8:d822") == .allowed)
    }

    @Test("NAT64 local-use 64:ff9b:1::/48 (RFC 8215) is judged by bits 48-63 and 72-87, skipping the u-octet")
    func nat64LocalUse() {
        // RFC 6052 section 2.4 puts 192.0.2.33 under a /48 as <prefix>:c000:2:2100::, so here 64:ff9b:1:c000:2:2100::.
        #expect(IPAddressPolicy.verdict(for: "64:ff9b:1:c000:2:2100::") == blocked("documentation address"))
        // 10.0.0.1: bytes 6-7 = 0a00, u-octet 00, bytes 9-10 = 00 01.
        #expect(IPAddressPolicy.verdict(for: "64:ff9b:1:a00:0:100::") == blocked("private address"))
        #expect(IPAddressPolicy.verdict(for: "64:ff9b:1:7f00:0:100::") == blocked("loopback address"))
        #expect(IPAddressPolicy.verdict(for: "64:ff9b:1:a9fe:a9:fe00::") == blocked("link-local address"))
        // 192.168.1.1 under a non-zero u-octet and suffix is still judged by the embedded address.
        #expect(IPAddressPolicy.verdict(for: "64:ff9b:1:c0a8:ff01:1ff:ffff:ffff") == blocked("private address"))
        // 8.8.8.8 = 0808 | 00 | 08 08; 93.184.216.34 = 5db8 | 00 | d8 22.
        #expect(IPAddressPolicy.verdict(for: "64:ff9b:1:808:8:800::") == .allowed)
        #expect(IPAddressPolicy.verdict(for: "64:ff9b:1:5db8:d8:2200::") == .allowed)
    }

    // MARK: brackets

    @Test("Bracketed IPv6 literals from URLs are judged like bare ones")
    func bracketedIPv6() {
        #expect(IPAddressPolicy.verdict(for: "[::1]") == blocked("loopback address"))
        #expect(IPAddressPolicy.verdict(for: "[fe80::1%25en0]") == blocked("link-local address"))
        #expect(IPAddressPolicy.verdict(for: "[2606:4700::1111]") == .allowed)
    }

    // MARK: allowed

    @Test(
        "Public unicast addresses are allowed",
        arguments: [
            "8.8.8.8", "93.184.216.34", "1.1.1.1", "2606:4700::1111", "2a00:1450:4001:80b::200e",
        ])
    func publicAddressesAllowed(address: String) {
        #expect(IPAddressPolicy.verdict(for: address) == .allowed)
    }

    // MARK: not an address

    @Test(
        "Strings that are not IP addresses are blocked",
        arguments: [
            "", "localhost", "example.com", "256.1.1.1", "1.2.3", "127.1", "0x7f.0.0.1", "2130706433",
            "::ffff:999.0.0.1", "fe80:::1", "[::1", " 8.8.8.8", "8.8.8.8 ",
        ])
    func nonAddressesBlocked(text: String) {
        #expect(IPAddressPolicy.verdict(for: text) == blocked("not an IP address"))
    }

    // MARK: byte parsing

    @Test("ipv4Bytes and ipv6Bytes return network-order bytes")
    func byteParsing() {
        #expect(IPAddressPolicy.ipv4Bytes("192.168.1.20") == [192, 168, 1, 20])
        #expect(IPAddressPolicy.ipv4Bytes("::1") == nil)
        #expect(IPAddressPolicy.ipv6Bytes("::1") == Array(repeating: 0, count: 15) + [1])
        #expect(
            IPAddressPolicy.ipv6Bytes("2001:db8::ff00") == [0x20, 0x01, 0x0D, 0xB8] + Array(repeating: 0, count: 10) + [
                0xFF, 0x00,
            ])
        #expect(IPAddressPolicy.ipv6Bytes("10.0.0.1") == nil)
    }
}

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

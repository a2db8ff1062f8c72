import MantisCore
import Testing

@Suite("Client address policy")
struct ClientAddressPolicyTests {
    let loopback = IPNetwork.loopback

    @Test("No header configured: the peer, whatever the request says")
    func peerWithoutHeader() {
        let policy = ClientAddressPolicy(header: nil, trustedProxies: loopback)
        #expect(policy.clientAddress(peer: "127.0.0.1", headerValues: ["203.0.113.1"]) == "127.0.0.1")
    }

    @Test("A header from an untrusted peer is ignored")
    func untrustedPeer() {
        let policy = ClientAddressPolicy(header: "CF-Connecting-IP", trustedProxies: loopback)
        #expect(policy.clientAddress(peer: "198.51.100.4", headerValues: ["203.0.113.1"]) == "198.51.100.4")
    }

    @Test("CF-Connecting-IP from loopback names the client; garbage falls back to the peer")
    func singleHeader() {
        let policy = ClientAddressPolicy(header: "cf-connecting-ip", trustedProxies: loopback)
        #expect(policy.clientAddress(peer: "127.0.0.1", headerValues: ["203.0.113.1"]) == "203.0.113.1")
        #expect(policy.clientAddress(peer: "::1", headerValues: ["2001:DB8::0:1"]) == "2001:db8::1")
        #expect(policy.clientAddress(peer: "127.0.0.1", headerValues: ["not an ip"]) == "127.0.0.1")
        #expect(policy.clientAddress(peer: "::ffff:127.0.0.1", headerValues: ["203.0.113.1"]) == "203.0.113.1")
    }

    @Test("X-Forwarded-For: the right-most address not in the trusted set")
    func forwardedForList() {
        let trusted = loopback + [IPNetwork("10.0.0.0/8")!]
        let policy = ClientAddressPolicy(header: "X-Forwarded-For", trustedProxies: trusted)
        #expect(policy.clientAddress(peer: "127.0.0.1", headerValues: ["192.0.2.1, 198.51.100.2, 10.0.0.3"]) == "198.51.100.2")
        #expect(policy.clientAddress(peer: "127.0.0.1", headerValues: ["192.0.2.1", "198.51.100.2"]) == "198.51.100.2")
        #expect(policy.clientAddress(peer: "127.0.0.1", headerValues: ["10.0.0.9, 10.0.0.3"]) == "10.0.0.9")
        #expect(policy.clientAddress(peer: "127.0.0.1", headerValues: ["192.0.2.1, junk"]) == "127.0.0.1")
    }

    @Test("Forwarded (RFC 7239): for= with quotes, brackets and ports")
    func forwardedHeader() {
        let policy = ClientAddressPolicy(header: "Forwarded", trustedProxies: loopback)
        #expect(policy.clientAddress(peer: "127.0.0.1", headerValues: [#"for="[2001:db8:cafe::17]:4711";proto=https"#]) == "2001:db8:cafe::17")
        #expect(policy.clientAddress(peer: "127.0.0.1", headerValues: ["for=192.0.2.60;proto=http;by=203.0.113.43"]) == "192.0.2.60")
        #expect(policy.clientAddress(peer: "127.0.0.1", headerValues: ["for=192.0.2.43:4711, for=198.51.100.17"]) == "198.51.100.17")
    }

    @Test("IPv6 clients are counted by their /64")
    func rateLimitKeys() {
        #expect(ClientAddressPolicy.rateLimitKey(for: "2001:db8:1:2:aaaa::1") == ClientAddressPolicy.rateLimitKey(for: "2001:db8:1:2:bbbb::9"))
        #expect(ClientAddressPolicy.rateLimitKey(for: "2001:db8:1:3::1") != ClientAddressPolicy.rateLimitKey(for: "2001:db8:1:2::1"))
        #expect(ClientAddressPolicy.rateLimitKey(for: "203.0.113.5") == "203.0.113.5")
    }

    @Test("IP networks: CIDR parsing and membership")
    func networks() {
        #expect(IPNetwork("10.0.0.0/8")!.contains("10.255.1.2"))
        #expect(!IPNetwork("10.0.0.0/8")!.contains("11.0.0.1"))
        #expect(IPNetwork("172.16.0.0/12")!.contains("172.31.255.255"))
        #expect(!IPNetwork("172.16.0.0/12")!.contains("172.32.0.0"))
        #expect(IPNetwork("::1")!.contains("::1"))
        #expect(IPNetwork("fd00::/8")!.contains("fd12:3456::1"))
        #expect(IPNetwork("10.0.0.0/33") == nil)
        #expect(IPNetwork("nonsense") == nil)
        #expect(IPNetwork.canonical("2001:0db8:0000:0000:0000:0000:0000:0001") == "2001:db8::1")
        #expect(IPNetwork.canonical("::ffff:192.0.2.1") == "192.0.2.1")
    }
}

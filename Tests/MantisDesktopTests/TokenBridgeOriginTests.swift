import Foundation
import MantisDesktop
import Testing

@Suite("Token bridge: who may use which message")
struct TokenBridgeOriginTests {
    private let server = ServerOrigin(url: "https://mantis.example.com")!
    private let local = ServerOrigin(url: "http://127.0.0.1:41234")!

    private func sender(_ uri: String?) -> TokenBridge.Sender {
        TokenBridge.sender(pageURI: uri, connected: server, local: local)
    }

    @Test("A page of the connected server's origin may use the token messages, whatever its path")
    func sameOrigin() {
        for uri in ["https://mantis.example.com/", "https://mantis.example.com/settings?x=1#top",
                    "https://MANTIS.example.com:443/login", "HTTPS://mantis.example.com/product/1"] {
            #expect(sender(uri) == .connectedServer(server), "\(uri)")
            for message in TokenBridge.tokenMessages {
                #expect(TokenBridge.permits(message, from: sender(uri)))
            }
        }
    }

    @Test("Another scheme, host or port is another origin: refused")
    func otherOrigins() {
        for uri in ["http://mantis.example.com/", "https://mantis.example.com:8443/", "https://evil.example/",
                    "https://mantis.example.com.evil.example/", "https://sub.mantis.example.com/",
                    "file:///home/me/mantis.html", "about:blank", "data:text/html,hi", "", "not a url"] {
            #expect(sender(uri) == .other, "\(uri)")
            for message in TokenBridge.tokenMessages + TokenBridge.connectionMessages {
                #expect(!TokenBridge.permits(message, from: sender(uri)), "\(message) from \(uri)")
            }
        }
        #expect(sender(nil) == .other)
    }

    @Test("User-info tricks are refused: https://mantis.example.com@evil.example is evil.example")
    func userInfo() {
        for uri in ["https://mantis.example.com@evil.example/", "https://mantis.example.com:443@evil.example/",
                    "https://user:pw@mantis.example.com/", "https://user@mantis.example.com/"] {
            #expect(sender(uri) == .other, "\(uri)")
            #expect(ServerOrigin(url: uri) == nil, "\(uri)")
        }
    }

    @Test("The local app may connect and disconnect but never read a token; the server may only disconnect")
    func connectionMessages() {
        let localApp = sender("http://127.0.0.1:41234/settings")
        #expect(localApp == .localApp)
        #expect(TokenBridge.permits("connectServer", from: localApp))
        #expect(TokenBridge.permits("disconnectServer", from: localApp))
        for message in TokenBridge.tokenMessages { #expect(!TokenBridge.permits(message, from: localApp)) }

        let remote = sender("https://mantis.example.com/settings")
        #expect(!TokenBridge.permits("connectServer", from: remote))
        #expect(TokenBridge.permits("disconnectServer", from: remote))
        #expect(!TokenBridge.permits("somethingElse", from: remote))
    }

    @Test("With the local origin known, another loopback port is not the local app")
    func otherLoopbackPort() {
        #expect(sender("http://127.0.0.1:9999/") == .other)
        #expect(sender("http://localhost:41234/") == .other)
        // Not known yet: any http loopback page that is not the server.
        #expect(TokenBridge.sender(pageURI: "http://127.0.0.1:9999/", connected: server, local: nil) == .localApp)
        #expect(TokenBridge.sender(pageURI: "https://evil.example/", connected: server, local: nil) == .other)
    }

    @Test("Not connected, no page is a server page")
    func notConnected() {
        let page = TokenBridge.sender(pageURI: "https://mantis.example.com/", connected: nil, local: local)
        #expect(page == .other)
    }

    @Test("Origins print as location.origin does and read what people type")
    func originText() {
        #expect(ServerOrigin(url: "https://Mantis.Example.com/x")?.description == "https://mantis.example.com")
        #expect(ServerOrigin(url: "http://127.0.0.1:8080/")?.description == "http://127.0.0.1:8080")
        #expect(ServerOrigin(url: "http://[::1]:8080/")?.description == "http://[::1]:8080")
        #expect(ServerOrigin(userInput: "  mantis.example.com  ")?.description == "https://mantis.example.com")
        #expect(ServerOrigin(userInput: "http://192.168.1.5:8000")?.description == "http://192.168.1.5:8000")
        #expect(ServerOrigin(userInput: "ftp://mantis.example.com") == nil)
        #expect(ServerOrigin(userInput: "javascript:alert(1)") == nil)
        #expect(ServerOrigin(userInput: "") == nil)
    }
}

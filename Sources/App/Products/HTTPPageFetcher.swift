import AsyncHTTPClient
import Foundation
import MantisCore
import NIOCore
import NIOHTTP1
import NIOPosix

/// Fetches pages with AsyncHTTPClient. Unless private addresses are allowed, every hop is vetted before
/// any connection: the host is resolved here, every address it resolves to must be public unicast, the port
/// must be 80 or 443, and the connection is then pinned to the vetted address (AsyncHTTPClient's DNS
/// override, TLS still checked against the host name), so a second DNS answer cannot point elsewhere.
/// Redirects are followed here, hop by hop, for the same reason.
struct HTTPPageFetcher: PageFetcher {
    struct Settings: Sendable {
        var allowPrivateAddresses = false
        var timeout: TimeAmount = .seconds(15)
        var userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
        var acceptLanguage = "en-US,en;q=0.9"
    }

    typealias Resolver = @Sendable (String) async -> [String]?

    let eventLoopGroup: any EventLoopGroup
    /// Used when addresses need no vetting (FETCH_ALLOW_PRIVATE=true): keeps connections alive between checks.
    let sharedClient: HTTPClient
    let settings: Settings
    let resolve: Resolver
    /// "host:port" pairs exempt from the address policy. Never read from configuration: only tests set it, to
    /// let a loopback fixture shop stand in for a public one while everything else stays guarded.
    var trustedEndpoints: Set<String> = []

    static let maximumBytes = 8 * 1024 * 1024
    static let maximumRedirects = 5

    static func clientConfiguration() -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .enabled(limit: .size(maximumBytes))
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(15))
        // One request per connection, as the vetted fetches (a client per hop) have anyway. A reused connection
        // is in Linux's delayed-ACK mode: against a store that writes its headers and body in two segments
        // without TCP_NODELAY (Nagle), every answer then stalls 40 ms for our ACK — 1.6× the ideal refresh time
        // in bench/refresh.sh, whose Python stores do just that; a fresh connection acknowledges at once.
        configuration.maximumUsesPerConnection = 1
        return configuration
    }

    static func systemResolver(threadPool: NIOThreadPool) -> Resolver {
        { host in (try? await threadPool.runIfActive { DNSLookup.addresses(of: host) }) ?? nil }
    }

    func fetch(_ url: URL) async throws(PageFetchError) -> FetchedPage {
        let deadline = NIODeadline.now() + settings.timeout
        var current = url
        for _ in 0...Self.maximumRedirects {
            let pinnedAddress = try await vet(current)
            let response = try await get(current, pinnedTo: pinnedAddress, deadline: deadline)
            switch response {
            case .redirect(let location):
                guard let next = URL(string: location, relativeTo: current)?.absoluteURL,
                      let scheme = next.scheme?.lowercased(), scheme == "http" || scheme == "https"
                else { throw .connection("the store redirected to an unusable address") }
                current = next
            case .page(let html):
                return FetchedPage(finalURL: current, html: html)
            }
        }
        throw .tooManyRedirects
    }

    private enum Hop {
        case redirect(String)
        case page(String)
    }

    private func get(_ url: URL, pinnedTo address: String?, deadline: NIODeadline) async throws(PageFetchError) -> Hop {
        var client = sharedClient
        if let address, let host = url.host {
            var configuration = Self.clientConfiguration()
            configuration.dnsOverride = [host: address]
            client = HTTPClient(eventLoopGroup: eventLoopGroup, configuration: configuration)
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.headers.add(name: "User-Agent", value: settings.userAgent)
        request.headers.add(name: "Accept", value: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
        request.headers.add(name: "Accept-Language", value: settings.acceptLanguage)
        let result: Result<Hop, PageFetchError>
        do {
            let response = try await client.execute(request, deadline: deadline)
            result = .success(try await read(response))
        } catch let error as PageFetchError {
            result = .failure(error)
        } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error) {
            result = .failure(.timeout)
        } catch is NIOTooManyBytesError {
            result = .failure(.tooLarge)
        } catch {
            // The error text can carry the address connected to; the user gets the kind of failure only.
            result = .failure(NIODeadline.now() >= deadline ? .timeout : .connection(Self.connectionFailureKind(error)))
        }
        if client !== sharedClient { try? await client.shutdown() }
        return try result.get()
    }

    static func connectionFailureKind(_ error: any Error) -> String {
        let text = String(describing: error).lowercased()
        if text.contains("refused") { return "connection refused" }
        if text.contains("reset") { return "connection reset" }
        if text.contains("tls") || text.contains("ssl") || text.contains("certificate") || text.contains("handshake") {
            return "secure connection failed"
        }
        return "connection failed"
    }

    private func read(_ response: HTTPClientResponse) async throws -> Hop {
        let status = Int(response.status.code)
        if (300..<400).contains(status), let location = response.headers.first(name: "Location") {
            return .redirect(location)
        }
        if status == 403 || status == 429 || status == 503 && response.headers.contains(name: "Retry-After") {
            throw PageFetchError.refusedByStore("HTTP \(status)")
        }
        guard (200..<300).contains(status) else { throw PageFetchError.httpStatus(status) }
        let contentType = response.headers.first(name: "Content-Type") ?? ""
        let lowerType = contentType.lowercased()
        if !lowerType.isEmpty, !lowerType.contains("html"), !lowerType.contains("xml"), !lowerType.hasPrefix("text/plain") {
            throw PageFetchError.notHTML(contentType)
        }
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > Self.maximumBytes {
            throw PageFetchError.tooLarge
        }
        let body = try await response.body.collect(upTo: Self.maximumBytes)
        let bytes = Array(body.readableBytesView)
        let html = PageDecoder.decode(bytes, charset: CharsetSniffer.charset(contentType: contentType, head: bytes))
        if let marker = BotWallDetector.wallMarker(in: html) {
            throw PageFetchError.refusedByStore("a robot check: \(marker)")
        }
        return .page(html)
    }

    /// The address policy alone, for requests Mantis does not make itself: every request of a page rendered
    /// in the browser (`ChromiumRenderer`'s guard). Chromium resolves the name again itself, so unlike the
    /// pinned fetches here a name that changes its answer between the two lookups (DNS rebinding) is not
    /// stopped; every address of the first answer must already be public.
    func allows(_ url: URL) async -> Bool {
        do {
            _ = try await vet(url)
            return true
        } catch {
            return false
        }
    }

    /// Checks host and port against the address policy; returns the address to pin the connection to.
    private func vet(_ url: URL) async throws(PageFetchError) -> String? {
        guard let host = url.host, !host.isEmpty else { throw .unresolvable("(none)") }
        let scheme = url.scheme?.lowercased() ?? "http"
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        let bareHost = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if settings.allowPrivateAddresses || trustedEndpoints.contains("\(bareHost):\(port)") { return nil }
        guard port == 80 || port == 443 else { throw .blockedPort(port) }
        let isLiteral = IPAddressPolicy.ipv4Bytes(bareHost) != nil || IPAddressPolicy.ipv6Bytes(bareHost) != nil
        let addresses = isLiteral ? [bareHost] : (await resolve(host) ?? [])
        guard let first = addresses.first else { throw .unresolvable(host) }
        // Every answer must pass: a name with one public and one private address is refused.
        for address in addresses {
            if case .blocked = IPAddressPolicy.verdict(for: address) { throw .blockedAddress }
        }
        return first
    }
}

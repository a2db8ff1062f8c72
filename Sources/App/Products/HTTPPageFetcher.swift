import AsyncHTTPClient
import Foundation
import MantisCore
import NIOCore
import NIOHTTP1
import NIOPosix

/// Fetches pages with AsyncHTTPClient, following redirects itself so that each hop's host and port pass
/// the address policy before any connection is made.
struct HTTPPageFetcher: PageFetcher {
    let client: HTTPClient
    let allowPrivateAddresses: Bool
    let threadPool: NIOThreadPool
    var userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
    var acceptLanguage = "en-US,en;q=0.9"

    static let maximumBytes = 8 * 1024 * 1024
    static let maximumRedirects = 5

    func fetch(_ url: URL) async throws(PageFetchError) -> FetchedPage {
        let deadline = NIODeadline.now() + .seconds(15)
        var current = url
        for _ in 0...Self.maximumRedirects {
            try await checkDestination(current)
            var request = HTTPClientRequest(url: current.absoluteString)
            request.headers.add(name: "User-Agent", value: userAgent)
            request.headers.add(name: "Accept", value: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
            request.headers.add(name: "Accept-Language", value: acceptLanguage)
            let response: HTTPClientResponse
            do {
                response = try await client.execute(request, deadline: deadline)
            } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
                throw .timeout
            } catch {
                throw .connection(String(describing: error).prefix(200).description)
            }
            if (300..<400).contains(response.status.code), let location = response.headers.first(name: "Location") {
                guard let next = URL(string: location, relativeTo: current)?.absoluteURL,
                      let scheme = next.scheme?.lowercased(), scheme == "http" || scheme == "https"
                else { throw .connection("bad redirect") }
                current = next
                continue
            }
            guard (200..<300).contains(response.status.code) else { throw .httpStatus(Int(response.status.code)) }
            let contentType = response.headers.first(name: "Content-Type") ?? ""
            let lowerType = contentType.lowercased()
            if !lowerType.isEmpty, !lowerType.contains("html"), !lowerType.contains("xml"), !lowerType.hasPrefix("text/plain") {
                throw .notHTML(contentType)
            }
            if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > Self.maximumBytes {
                throw .tooLarge
            }
            let body: ByteBuffer
            do {
                body = try await response.body.collect(upTo: Self.maximumBytes)
            } catch is NIOTooManyBytesError {
                throw .tooLarge
            } catch {
                throw .connection("the connection broke while reading")
            }
            return FetchedPage(finalURL: current, html: Self.decode(body, contentType: lowerType))
        }
        throw .tooManyRedirects
    }

    /// Bytes to text: UTF-8 unless the header says Latin-1/Windows-1252; invalid bytes become U+FFFD.
    static func decode(_ body: ByteBuffer, contentType: String) -> String {
        let bytes = body.readableBytesView
        if contentType.contains("iso-8859-1") || contentType.contains("windows-1252") || contentType.contains("latin1") {
            return String(bytes.map { Character(Unicode.Scalar($0)) })
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func checkDestination(_ url: URL) async throws(PageFetchError) {
        guard !allowPrivateAddresses else { return }
        guard let host = url.host, !host.isEmpty else { throw .unresolvable("(none)") }
        let scheme = url.scheme?.lowercased() ?? "http"
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        guard port == 80 || port == 443 else { throw .blockedPort(port) }
        let addresses: [String]
        if IPAddressPolicy.ipv4Bytes(host) != nil || IPAddressPolicy.ipv6Bytes(host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))) != nil {
            addresses = [host]
        } else {
            addresses = try await resolve(host)
        }
        for address in addresses {
            if case .blocked(let reason) = IPAddressPolicy.verdict(for: address) { throw .blockedAddress(reason) }
        }
    }

    private func resolve(_ host: String) async throws(PageFetchError) -> [String] {
        let result: [String]?
        do {
            result = try await threadPool.runIfActive { DNSLookup.addresses(of: host) }
        } catch {
            throw .unresolvable(host)
        }
        guard let result, !result.isEmpty else { throw .unresolvable(host) }
        return result
    }
}

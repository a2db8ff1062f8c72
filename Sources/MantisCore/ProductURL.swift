import Foundation

/// A URL a user may ask Mantis to track: absolute http(s), a host, no credentials, sane length.
/// The fragment is dropped, since it never reaches the store and would make one page look like two.
public struct ProductURL: Hashable, Sendable, CustomStringConvertible {
    public let url: URL

    public enum Invalid: Error, Equatable, Sendable {
        case tooLong
        case notHTTP
        case noHost
        case credentials
        case malformed
    }

    public static let maximumLength = 2048

    public init(_ raw: String) throws(Invalid) {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count <= Self.maximumLength else { throw .tooLong }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { throw .malformed }
        guard var components = URLComponents(string: trimmed) else { throw .malformed }
        guard let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https" else { throw .notHTTP }
        guard let host = components.host, !host.isEmpty else { throw .noHost }
        guard components.user == nil, components.password == nil else { throw .credentials }
        components.scheme = scheme
        components.host = host.lowercased()
        components.fragment = nil
        if components.path.isEmpty { components.path = "/" }
        guard let url = components.url else { throw .malformed }
        self.url = url
    }

    public var description: String { url.absoluteString }
}

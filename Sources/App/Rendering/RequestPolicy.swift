import Foundation

/// The SSRF decision for one request URL, shared by the page-level and the browser-level
/// interception: http(s) URLs go to `allowRequest`; data:, blob: and about: are let through
/// (no network behind them); every other scheme, and anything unparseable, is refused.
struct RequestPolicy: Sendable {
    let allowRequest: @Sendable (URL) async -> Bool

    func permits(_ rawURL: String) async -> Bool {
        guard let url = URL(string: rawURL), let scheme = url.scheme?.lowercased() else { return false }
        switch scheme {
        case "http", "https": return await allowRequest(url)
        case "data", "blob", "about": return true
        default: return false  // file:, ftp:, chrome:, filesystem:, ...
        }
    }
}

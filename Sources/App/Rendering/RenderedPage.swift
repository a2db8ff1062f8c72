import Foundation

/// What a render produced.
struct RenderedPage: Sendable {
    /// `location.href` when the HTML was read (after redirects and script navigation).
    let finalURL: URL
    /// `document.documentElement.outerHTML` after load and settle.
    let html: String
    /// Every request URL the SSRF guard refused, in the order they were refused.
    let blockedRequests: [String]
}

import Foundation

/// Renders a page in a browser and hands back the DOM as HTML after its scripts ran. The real one is
/// `ChromiumRenderer`; `ProductTracker` asks it only when the HTML alone gave no usable price
/// (`FETCH_RENDER=auto`) or for every page (`always`).
protocol PageRenderer: Sendable {
    func render(_ url: URL) async throws -> RenderedPage
}

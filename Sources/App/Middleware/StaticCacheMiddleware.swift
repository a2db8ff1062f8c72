import Vapor

/// Caching for the web app's static files: browsers may keep them for an hour but must check with the
/// server (ETag) after that; they are small and change with each release.
struct StaticCacheMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let path = request.url.path
        if request.method == .GET, !response.headers.contains(name: .cacheControl),
           [".js", ".css", ".svg", ".png", ".ico", ".webmanifest", ".woff2"].contains(where: path.hasSuffix)
        {
            response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600, must-revalidate")
        }
        return response
    }
}

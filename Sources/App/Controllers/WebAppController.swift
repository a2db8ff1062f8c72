import Vapor

/// Serves the web app's shell for its own routes (the browser router takes over from there). None of these
/// paths collides with the API: products live under `/products/…`, the app's product page is `/product/{id}`.
struct WebAppController: RouteCollection {
    static let appRoutes: [[PathComponent]] = [
        [], ["login"], ["verify-email"], ["reset-password"], ["settings"], ["product", ":productID"],
    ]

    let publicDirectory: String

    func boot(routes: any RoutesBuilder) throws {
        for path in Self.appRoutes {
            routes.get(path, use: shell)
        }
    }

    @Sendable
    func shell(req: Request) async throws -> Response {
        let path = publicDirectory + "index.html"
        guard FileManager.default.fileExists(atPath: path) else {
            throw Abort(.notFound, reason: "The web app is not installed (no \(path)). The API works without it.")
        }
        let response = try await req.fileio.asyncStreamFile(at: path)
        // The shell must always be fresh so a new release's scripts are picked up.
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        return response
    }
}

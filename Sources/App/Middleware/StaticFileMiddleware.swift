import Vapor

/// Serves the web app's files from `Public/` — only for GET/HEAD requests whose last path segment has a file
/// extension, so API requests never pay for a file-system lookup — and lets browsers keep them for an hour,
/// checking back with the ETag after that (they are small and change with each release).
struct StaticFileMiddleware: Middleware {
    private let files: FileMiddleware
    static let cachedExtensions: Set<String> = ["js", "css", "svg", "png", "ico", "webmanifest", "woff2", "json", "txt"]

    init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory, defaultFile: nil)
    }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard request.method == .GET || request.method == .HEAD, let ext = Self.fileExtension(of: request.url.path) else {
            return next.respond(to: request)
        }
        return files.respond(to: request, chainingTo: next).map { response in
            if response.status == .ok || response.status == .notModified, Self.cachedExtensions.contains(ext),
               !response.headers.contains(name: .cacheControl)
            {
                response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600, must-revalidate")
            }
            return response
        }
    }

    static func fileExtension(of path: String) -> String? {
        guard let last = path.split(separator: "/").last, let dot = last.lastIndex(of: "."), dot != last.startIndex else { return nil }
        let ext = last[last.index(after: dot)...]
        return ext.isEmpty ? nil : ext.lowercased()
    }
}

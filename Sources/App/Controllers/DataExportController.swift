import NIOPosix
import Vapor

/// `GET /auth/me/export`: the signed-in user's own data as a `mantis-export` file, the web app's "Download my
/// data" — the same file `mantis export` writes. Under `/auth`, so it is never cached (`Cache-Control: no-store`).
struct DataExportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        // Unverified accounts too: a person may always have their own data.
        routes.grouped("auth", "me").grouped(UserAuthenticator(requireVerified: false)).get("export", use: export)
    }

    @Sendable
    func export(req: Request) async throws -> Response {
        let current = try req.currentUser
        let user = current.user
        let services = req.application.mantis
        let now = services.now()
        let export = try await UserDataExporter(database: req.db, direct: services.sqliteReader).export(user, at: now)
        // A long history is megabytes of JSON: encoded off the event loop.
        let data = try await NIOThreadPool.singleton.runIfActive { try export.encoded() }
        req.logger.info("Data exported", metadata: ["user_id": "\(current.userID)", "products": "\(export.products.count)"])
        var headers = HTTPHeaders([("Content-Type", "application/json; charset=utf-8")])
        headers.add(name: .contentDisposition, value: "attachment; filename=\"\(UserDataExporter.fileName(at: now))\"")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}

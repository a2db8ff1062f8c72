import Fluent
import MantisCore
import Vapor

/// Every query here is scoped to the signed-in user: another user's product is 404, never touched.
struct ProductController: RouteCollection {
    struct FetchRequest: Decodable {
        let url: String
        let alerts: AlertSettingsInput

        enum CodingKeys: String, CodingKey { case url }

        init(from decoder: any Decoder) throws {
            url = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .url)
            alerts = try AlertSettingsInput(from: decoder)
        }
    }

    struct RefreshAllResponse: Content {
        let status: String
        let queued: Int
    }

    func boot(routes: any RoutesBuilder) throws {
        let products = routes.grouped("products").grouped(UserAuthenticator(requireVerified: true))
        products.post("fetch", use: fetch)
        products.get(use: list)
        products.post("refresh", use: refreshAll)
        products.get(":productID", use: show)
        products.post(":productID", "refresh", use: refresh)
        products.patch(":productID", use: update)
        products.delete(":productID", use: delete)
    }

    @Sendable
    func fetch(req: Request) async throws -> Response {
        let body = try req.content.decode(FetchRequest.self)
        let url: ProductURL
        do {
            url = try ProductURL(body.url)
        } catch {
            throw MantisError.invalidURL("Enter a product page address starting with http:// or https://.")
        }
        let userID = try req.currentUser.userID
        let (product, created) = try await tracker(req).track(url, userID: userID)
        if body.alerts.targetPrice.isChange || body.alerts.dropPercent.isChange {
            try await applyAlerts(body.alerts, to: product, on: req)
        }
        req.logger.info("Product tracked", metadata: ["user_id": "\(userID)", "product_id": "\(product.id!)"])
        return try await detail(product, on: req).encodeResponse(status: created ? .created : .ok, for: req)
    }

    @Sendable
    func list(req: Request) async throws -> [ProductResponse] {
        let products = try await Product.query(on: req.db)
            .filter(\.$user.$id == req.currentUser.userID)
            .sort(\.$createdAt, .descending)
            .all()
        let summaries = try await PricePointRepository(req.db).summaries(productIDs: products.map { try $0.requireID() })
        return try products.map { try ProductResponse($0, summary: summaries[$0.id!]) }
    }

    @Sendable
    func show(req: Request) async throws -> ProductResponse {
        try await detail(ownedProduct(req), on: req)
    }

    @Sendable
    func refresh(req: Request) async throws -> ProductResponse {
        let product = try await ownedProduct(req)
        try await req.application.mantis.scheduler.check(product, on: req.db)
        return try await detail(product, on: req)
    }

    /// Starts checking all of the user's products and answers at once; results show up in `GET /products`.
    /// The checks go through the scheduler's gate, so they respect the same per-store limits.
    @Sendable
    func refreshAll(req: Request) async throws -> Response {
        let products = try await Product.query(on: req.db).filter(\.$user.$id == req.currentUser.userID).all()
        let scheduler = req.application.mantis.scheduler
        Task { _ = await scheduler.check(products) }
        return try await RefreshAllResponse(status: "accepted", queued: products.count).encodeResponse(status: .accepted, for: req)
    }

    /// `PATCH /products/{id} {target_price, alert_on_drop_percent}`: strings or numbers; null clears.
    @Sendable
    func update(req: Request) async throws -> ProductResponse {
        let product = try await ownedProduct(req)
        try await applyAlerts(try req.content.decode(AlertSettingsInput.self), to: product, on: req)
        return try await detail(product, on: req)
    }

    private func applyAlerts(_ input: AlertSettingsInput, to product: Product, on req: Request) async throws {
        let id = try product.requireID()
        let current = try await PricePointRepository(req.db).summaries(productIDs: [id])[id]?.current?.price
        input.apply(to: product, currentPrice: current)
        try await product.save(on: req.db)
    }

    @Sendable
    func delete(req: Request) async throws -> HTTPStatus {
        try await ownedProduct(req).delete(on: req.db)
        return .noContent
    }

    private func ownedProduct(_ req: Request) async throws -> Product {
        guard let id = req.parameters.get("productID", as: UUID.self),
              let product = try await Product.query(on: req.db)
                  .filter(\.$id == id)
                  .filter(\.$user.$id == req.currentUser.userID)
                  .first()
        else { throw MantisError.notFound("Product") }
        return product
    }

    private func detail(_ product: Product, on req: Request) async throws -> ProductResponse {
        let repository = PricePointRepository(req.db)
        let id = try product.requireID()
        let summary = try await repository.summaries(productIDs: [id])[id]
        let checks = try await ProductCheck.query(on: req.db)
            .filter(\.$product.$id == id)
            .sort(\.$checkedAt, .descending)
            .limit(100)
            .all()
        return try await ProductResponse(product, summary: summary, history: repository.history(productID: id), checks: checks)
    }

    private func tracker(_ req: Request) -> ProductTracker {
        req.application.mantis.scheduler.tracker(on: req.db)
    }
}

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

    /// `status` is `accepted` for a run this request started, `running` for the one already under way.
    struct RefreshAllResponse: Content {
        let status: String
        let queued: Int
        let id: UUID
        let startedAt: Date
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
        try await checkProductLimit(adding: url, userID: userID, on: req)
        // Adding reads the store like any check, so it waits for the same per-store and global slots.
        let tracker = tracker(req)
        let (product, created) = try await req.application.mantis.scheduler.gate.withSlot(host: url.url.host?.lowercased() ?? "") {
            try await tracker.track(url, userID: userID)
        }
        if body.alerts.targetPrice.isChange || body.alerts.dropPercent.isChange {
            try await applyAlerts(body.alerts, to: product, on: req)
        }
        req.logger.info("Product tracked", metadata: ["user_id": "\(userID)", "product_id": "\(product.id!)"])
        return try await detail(product, on: req).encodeResponse(status: created ? .created : .ok, for: req)
    }

    /// `MAX_PRODUCTS_PER_USER`: a new URL over the limit is refused before the store is read.
    private func checkProductLimit(adding url: ProductURL, userID: UUID, on req: Request) async throws {
        let limit = req.application.mantis.config.maxProductsPerUser
        guard limit > 0 else { return }
        let owned = Product.query(on: req.db).filter(\.$user.$id == userID)
        guard try await owned.count() >= limit else { return }
        let tracked = try await Product.query(on: req.db).filter(\.$user.$id == userID).filter(\.$url == url.description).first()
        if tracked == nil { throw MantisError.tooManyProducts(limit: limit) }
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
        let userID = try req.currentUser.userID
        let products = try await Product.query(on: req.db).filter(\.$user.$id == userID).all()
        let services = req.application.mantis
        let (run, isNew) = services.refreshAllRuns.begin(userID: userID, queued: products.count, now: services.now())
        if isNew {
            let scheduler = services.scheduler, runs = services.refreshAllRuns
            Task {
                _ = await scheduler.check(products)
                runs.finish(userID: userID, runID: run.id)
            }
        }
        return try await RefreshAllResponse(status: isNew ? "accepted" : "running", queued: run.queued, id: run.id, startedAt: run.startedAt)
            .encodeResponse(status: .accepted, for: req)
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

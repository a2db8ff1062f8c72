import Fluent
import MantisCore
import SQLKit
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

        enum CodingKeys: String, CodingKey {
            case status, queued, id
            case startedAt = "started_at"
        }
    }

    func boot(routes: any RoutesBuilder) throws {
        let products = routes.grouped("products").grouped(UserAuthenticator(requireVerified: true))
        products.post("fetch", use: fetch)
        products.get(use: list)
        products.post("refresh", use: refreshAll)
        products.get(":productID", use: show)
        products.get(":productID", "history", use: history)
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
        let (product, created) = try await req.application.mantis.scheduler.gate.withSlot(host: RefreshScheduler.host(of: url.url)) {
            try await tracker.track(url, userID: userID)
        }
        if body.alerts.targetPrice.isChange || body.alerts.dropPercent.isChange {
            try await applyAlerts(body.alerts, to: product, on: req)
        }
        req.logger.info("Product tracked", metadata: ["user_id": "\(userID)", "product_id": "\(product.id!)"])
        return try await detail(product, on: req).encodeResponse(status: created ? .created : .ok, for: req)
    }

    /// `MAX_PRODUCTS_PER_USER`: a new URL over the limit is refused before the store is read. It guards a shared
    /// server against one account, so local mode (one person's own machine) has no limit. Checked before the
    /// page is read, so adds racing each other may pass it by a few: a bound, not an exact quota.
    private func checkProductLimit(adding url: ProductURL, userID: UUID, on req: Request) async throws {
        let config = req.application.mantis.config
        let limit = config.maxProductsPerUser
        guard limit > 0, config.mode == .web else { return }
        let owned = Product.owned(by: userID, on: req.db)
        guard try await owned.count() >= limit else { return }
        let tracked = try await Product.owned(by: userID, on: req.db).filter(\.$url == url.description).first()
        if tracked == nil { throw MantisError.tooManyProducts(limit: limit) }
    }

    /// One indexed statement reading only the columns the list shows: the price summary lives on the product
    /// row, so the cost does not grow with the price history.
    @Sendable
    func list(req: Request) async throws -> Response {
        let current = try req.currentUser
        let cache = req.application.mantis.productListCache
        if let version = current.productsVersion, let body = cache.body(for: current.userID, version: version) {
            return .json(bytes: body)
        }
        let products = try await ProductListReader(database: req.db, direct: req.application.mantis.sqliteReader)
            .products(of: current.userID)
        var json = JSONWriter(capacity: 512 * products.count + 2)
        json.beginArray()
        for product in products { product.write(to: &json) }
        json.endArray()
        if let version = current.productsVersion { cache.store(json.bytes, for: current.userID, version: version) }
        return .json(json)
    }

    /// The product with a bounded history for charts: `since`/`until` (ISO 8601) pick the range and
    /// `max_points` (default and at most `HistoryQuery.maximumPoints`) thins it, keeping every low and high.
    @Sendable
    func show(req: Request) async throws -> Response {
        let query = try HistoryQuery(req)
        let response = try await detail(ownedProduct(req), on: req, history: query)
        var json = JSONWriter(capacity: 64 + 64 * (response.history?.count ?? 0) + 64 * (response.checks?.count ?? 0))
        response.write(to: &json)
        return .json(json)
    }

    /// The full series in the range, for export: JSON, or CSV with `?format=csv`.
    @Sendable
    func history(req: Request) async throws -> Response {
        let query = try HistoryQuery(req)
        let product = try await ownedProduct(req)
        let points = try await PricePointRepository(req.db, direct: req.application.mantis.sqliteReader)
            .history(productID: product.requireID(), since: query.since, until: query.until)
        if (try? req.query.get(String.self, at: "format")) == "csv" {
            var csv = "checked_at,price,currency\r\n"
            let formatter = ISO8601DateFormatter()
            for point in points { csv += "\(formatter.string(from: point.checkedAt)),\(point.price),\(point.currency ?? "")\r\n" }
            var headers = HTTPHeaders([("Content-Type", "text/csv; charset=utf-8")])
            headers.add(name: .contentDisposition, value: "attachment; filename=\"mantis-\(try product.requireID()).csv\"")
            return Response(status: .ok, headers: headers, body: .init(string: csv))
        }
        return try await points.encodeResponse(for: req)
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
        let products = try await Product.owned(by: userID, on: req.db).all()
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
        input.apply(to: product, currentPrice: product.currentPrice)
        try await product.save(on: req.db)
    }

    @Sendable
    func delete(req: Request) async throws -> HTTPStatus {
        try await ownedProduct(req).delete(on: req.db)
        return .noContent
    }

    func ownedProduct(_ req: Request) async throws -> Product {
        guard let id = req.parameters.get("productID", as: UUID.self),
              let product = try await Product.owned(by: req.currentUser.userID, on: req.db)
                  .filter(\.$id == id)
                  .first()
        else { throw MantisError.notFound("Product") }
        return product
    }

    func detail(_ product: Product, on req: Request, history query: HistoryQuery = .init()) async throws -> ProductResponse {
        let repository = PricePointRepository(req.db, direct: req.application.mantis.sqliteReader)
        let id = try product.requireID()
        let points = try await repository.history(productID: id, since: query.since, until: query.until)
        // By position, like the history: a Fluent model per line of the log cost more than the query.
        let checks = try await DriverRows.query(
            """
            SELECT checked_at, succeeded, reason, price_source FROM product_checks WHERE product_id = $1
            ORDER BY checked_at DESC LIMIT 100
            """,
            [.uuid(id)], on: req.db, direct: req.application.mantis.sqliteReader
        ).map { row in
            guard let checkedAt = try row.date(0) else { throw DriverRows.UnreadableRow() }
            return ProductResponse.Check(
                checkedAt: checkedAt, succeeded: try row.bool(1), reason: try row.text(2), priceSource: try row.text(3))
        }
        var response = try ProductResponse(product)
        response.history = PricePointRepository.downsample(points, maxPoints: query.maxPoints)
        response.historyTotal = points.count
        response.checks = checks
        return response
    }

    private func tracker(_ req: Request) -> ProductTracker {
        req.application.mantis.scheduler.tracker(on: req.db)
    }
}

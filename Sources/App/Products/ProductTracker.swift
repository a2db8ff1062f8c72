import Fluent
import Foundation
import MantisCore
import Vapor

/// Reads product pages and records what it found: the one path behind "track this URL", "check again"
/// and the scheduler.
struct ProductTracker {
    let database: any Database
    let fetcher: any PageFetcher
    let logger: Logger
    /// How long after a successful check the next one is due.
    let refreshInterval: TimeInterval
    let transaction: TransactionRunner
    /// Evaluates alert rules after each successful check; nil where alerts do not apply.
    var alerts: PriceAlertService?
    /// Called after a transaction that queued an email has committed.
    var emailQueued: @Sendable () -> Void = {}
    /// Told each alert after its check's transaction committed (the desktop's notifications, `PriceAlertFeed`),
    /// so a notification never announces a price a rollback took back.
    var alertQueued: @Sendable (PriceAlertNotice) -> Void = { _ in }
    /// Counts each check recorded (`mantis_checks_total`); nil when metrics are off.
    var metrics: MantisMetrics?
    var extractor = ProductPageExtractor()
    /// Renders pages whose HTML gives no price (see `needsRendering`); nil: never (`FETCH_RENDER=never`, or
    /// no browser found).
    var renderer: (any PageRenderer)?
    /// `FETCH_RENDER=always`: every page is read from the browser.
    var renderAlways = false
    /// Where pages are parsed. Swift concurrency runs on NIO's event loops (see the entrypoint), so a
    /// multi-megabyte page parsed inline would stall every connection on that loop; nil parses inline (tests).
    var parsingPool: NIOThreadPool?

    /// Reads the page first and stores nothing unless it could be read and looks like a product.
    func track(_ url: ProductURL, userID: UUID) async throws -> (product: Product, created: Bool) {
        let existing = try await Product.owned(by: userID, on: database)
            .filter(\.$url == url.description)
            .first()
        let page = try await read(url.url, rule: existing?.priceRule)
        let product = existing ?? Product(userID: userID, url: url.description)
        do {
            try await recordSuccess(page, on: product)
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true && existing == nil {
            // The same URL was added twice at once; the other request stored it.
            guard let stored = try await Product.owned(by: userID, on: database)
                .filter(\.$url == url.description).first()
            else { throw error }
            try await recordSuccess(page, on: stored)
            return (stored, false)
        }
        return (product, existing == nil)
    }

    /// Checks a tracked product again. A failure is recorded with its reason and pushes the next check back;
    /// the product keeps its last good price.
    ///
    /// `throttled` wraps the reading of the page only (the scheduler's per-store gate): a store's slot is free
    /// again while the check is being recorded, so stores are never kept waiting on database writes (which
    /// on SQLite queue one at a time).
    func check(
        _ product: Product,
        throttled: @Sendable (@Sendable () async throws -> ProductPage) async throws -> ProductPage = { try await $0() }
    ) async throws {
        do {
            guard let url = URL(string: product.url) else { throw MantisError.invalidURL("The stored URL is not valid.") }
            let rule = product.priceRule
            let page = try await throttled { try await read(url, rule: rule) }
            try await recordSuccess(page, on: product)
        } catch is CheckAbandoned {
            // Shutting down before the page was read: hand the claim back untouched, no failure recorded.
            try await releaseLease(of: product)
            throw CheckAbandoned()
        } catch {
            let reason = (error as? MantisError)?.reason ?? "The check failed unexpectedly."
            if !(error is MantisError) { logger.report(error: error) }
            logger.info("Product check failed", metadata: ["product_id": "\(product.id?.uuidString ?? "-")", "reason": "\(reason)"])
            try await recordFailure(reason, outcome: CheckOutcome(failure: error), on: product)
            throw error
        }
    }

    private func read(_ url: URL, rule: PriceRule?) async throws -> ProductPage {
        if renderAlways, let renderer {
            let page = try await readRendered(url, rule: rule, renderer: renderer)
            guard page.title != nil || page.price != nil else { throw MantisError.noProductFound }
            return page
        }
        let fetched: FetchedPage
        do {
            fetched = try await fetcher.fetch(url)
        } catch {
            throw MantisError(error)
        }
        var page = try await extract(fetched.html, finalURL: fetched.finalURL, rule: rule)
        if let renderer, Self.needsRendering(page) {
            do {
                let rendered = try await readRendered(url, rule: rule, renderer: renderer)
                if rendered.price != nil { page = rendered }
            } catch {
                // The HTML's own reading stands; without a price it is reported as such below or stored as is.
                logger.info("Rendering the page failed", metadata: ["url": "\(url.host ?? "-")", "reason": "\(error)"])
                if page.title == nil, page.price == nil { throw error }
            }
        }
        guard page.title != nil || page.price != nil else { throw MantisError.noProductFound }
        return page
    }

    /// The HTML gave no price, or only an unsure guess from its visible text: a script may fill the real one in.
    static func needsRendering(_ page: ProductPage) -> Bool {
        page.price == nil || (page.sources["price"] == "visible-text" && page.isUncertain)
    }

    private func readRendered(_ url: URL, rule: PriceRule?, renderer: any PageRenderer) async throws -> ProductPage {
        let rendered: RenderedPage
        do {
            rendered = try await renderer.render(url)
        } catch let error as RenderError {
            throw error.isPolicyRefusal ? MantisError.fetchBlocked(error.reason) : MantisError.fetchFailed(error.reason)
        }
        var page = try await extract(rendered.html, finalURL: rendered.finalURL, rule: rule)
        page.sources["rendered"] = "chromium"
        return page
    }

    private func extract(_ html: String, finalURL: URL, rule: PriceRule?) async throws -> ProductPage {
        let extractor = self.extractor
        return if let parsingPool {
            try await parsingPool.runIfActive { extractor.extract(html: html, pageURL: finalURL, rule: rule, allCandidates: true) }
        } else {
            extractor.extract(html: html, pageURL: finalURL, rule: rule, allCandidates: true)
        }
    }

    /// Saves the product's fields, appends a price point when a price was read, and logs the check, in one
    /// transaction. A point is stored for every successful check, so the history shows when Mantis looked.
    private func recordSuccess(_ page: ProductPage, on product: Product) async throws {
        let now = Date()
        let (queuedAlert, outcome) = try await transaction(on: database) { database in
            let before = self.before(product)
            if let title = page.title { product.title = String(title.prefix(500)) }
            if let image = page.imageURL, image.utf8.count <= ProductURL.maximumLength { product.imageURL = image }
            if let currency = page.currency ?? page.currencyText { product.currency = String(currency.prefix(16)) }
            product.stockStatus = page.availability?.rawValue ?? product.stockStatus
            product.lastChecked = now
            product.consecutiveFailures = 0
            product.lastError = nil
            product.leaseExpiresAt = nil
            product.nextCheckAt = RefreshSchedule.nextCheck(after: now, interval: refreshInterval)
            // A rule that no longer finds its price leaves the automatic choice in place and asks the user.
            product.needsAttention = page.ruleOutcome == .unmatched
            product.latestCandidates = CandidateList(page).encoded()
            // A new product has no id yet; save first so alerts and price points can refer to it.
            if product.id == nil { try await product.save(on: database) }
            let queued = try await alerts?.evaluate(product: product, page: page, before: before, on: database, now: now)
            if let price = page.price {
                // Another check of this product may have committed since it was loaded: move the summary on
                // from what is stored.
                try await CheckWrites.reloadSummary(of: product, on: database)
                product.recordPrice(price, at: now)
            }
            let previous = product.previousPrice.flatMap(PriceAmount.init)
            let priceChanged = page.price != nil && previous != nil && previous != page.price
            try await CheckWrites.saveChecked(product, on: database)
            let productID = try product.requireID()
            if let price = page.price {
                try await PricePointRepository(database).append(
                    productID: productID, price: price, currency: page.currency ?? page.currencyText ?? product.currency, at: now)
            }
            try await CheckWrites.logCheck(
                productID: productID, at: now, succeeded: true, reason: nil, priceSource: Self.priceSource(of: page),
                on: database)
            return (queued, priceChanged ? CheckOutcome.priceChanged : .ok)
        }
        if let queuedAlert {
            emailQueued()
            alertQueued(queuedAlert)
        }
        metrics?.recordCheck(outcome, url: product.url)
    }

    /// The check log's account of where the price came from.
    static func priceSource(of page: ProductPage) -> String? {
        switch page.ruleOutcome {
        case .followed: "rule"
        case .unmatched: "rule_unmatched"
        case nil: page.sources["price"]
        }
    }

    private func before(_ product: Product) -> PriceAlertService.Before {
        let wasOutOfStock = product.stockStatus == ProductPage.Availability.outOfStock.rawValue
        return .init(price: product.currentPrice, wasOutOfStock: wasOutOfStock)
    }

    private func releaseLease(of product: Product) async throws {
        guard let productID = product.id else { return }
        try await transaction(on: database) { database in
            try await Product.query(on: database).filter(\.$id == productID).set(\.$leaseExpiresAt, to: nil).update()
        }
    }

    private func recordFailure(_ reason: String, outcome: CheckOutcome, on product: Product) async throws {
        guard let productID = product.id else { return }
        let now = Date()
        try await transaction(on: database) { database in
            product.consecutiveFailures += 1
            product.lastError = reason
            product.leaseExpiresAt = nil
            product.nextCheckAt = RefreshSchedule.retry(after: now, failures: product.consecutiveFailures, interval: refreshInterval)
            try await CheckWrites.saveFailed(product, on: database)
            try await CheckWrites.logCheck(productID: productID, at: now, succeeded: false, reason: reason, on: database)
        }
        metrics?.recordCheck(outcome, url: product.url)
    }
}

/// Thrown by a check given up before it read its page (the scheduler is stopping).
struct CheckAbandoned: Error {}

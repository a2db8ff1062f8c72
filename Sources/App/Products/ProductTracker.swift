import Fluent
import Foundation
import MantisCore
import Vapor

/// Reads a product page and records what it found: the shared path of "track this URL" and "check again".
struct ProductTracker {
    let database: any Database
    let fetcher: any PageFetcher
    let logger: Logger
    var extractor = ProductPageExtractor()

    /// Reads the page first and stores nothing unless it could be read and looks like a product.
    func track(_ url: ProductURL, userID: UUID) async throws -> (product: Product, created: Bool) {
        let page = try await read(url.url)
        let existing = try await Product.query(on: database)
            .filter(\.$user.$id == userID)
            .filter(\.$url == url.description)
            .first()
        let product = existing ?? Product(userID: userID, url: url.description)
        do {
            try await record(page, on: product)
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true && existing == nil {
            // The same URL was added twice at once; the other request stored it.
            guard let stored = try await Product.query(on: database)
                .filter(\.$user.$id == userID).filter(\.$url == url.description).first()
            else { throw error }
            try await record(page, on: stored)
            return (stored, false)
        }
        return (product, existing == nil)
    }

    /// Checks a tracked product again. On failure the product keeps its last good price.
    func refresh(_ product: Product) async throws {
        guard let url = URL(string: product.url) else { throw MantisError.invalidURL("The stored URL is not valid.") }
        do {
            let page = try await read(url)
            try await record(page, on: product)
        } catch {
            logger.info("Product check failed", metadata: ["product_id": "\(product.id?.uuidString ?? "-")", "error": "\(error)"])
            throw error
        }
    }

    private func read(_ url: URL) async throws -> ProductPage {
        let fetched: FetchedPage
        do {
            fetched = try await fetcher.fetch(url)
        } catch {
            throw error.isPolicyRefusal ? MantisError.fetchBlocked(error.reason) : MantisError.fetchFailed(error.reason)
        }
        let page = extractor.extract(html: fetched.html, pageURL: fetched.finalURL)
        guard page.title != nil || page.price != nil else { throw MantisError.noProductFound }
        return page
    }

    /// Saves the product's fields and, when a price was read, appends a price point, in one transaction.
    private func record(_ page: ProductPage, on product: Product) async throws {
        let now = Date()
        try await database.transaction { database in
            if let title = page.title { product.title = String(title.prefix(500)) }
            if let image = page.imageURL, image.utf8.count <= ProductURL.maximumLength { product.imageURL = image }
            if let currency = page.currency { product.currency = String(currency.prefix(16)) }
            product.stockStatus = page.availability?.rawValue ?? product.stockStatus
            product.lastChecked = now
            try await product.save(on: database)
            if let price = page.price {
                try await PricePointRepository(database).append(
                    productID: product.requireID(), price: price, currency: page.currency ?? product.currency, at: now)
            }
        }
    }
}

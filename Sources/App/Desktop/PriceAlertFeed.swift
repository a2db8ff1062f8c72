import Foundation
import NIOConcurrencyHelpers

/// One price alert as it went out, for the desktop app's notifications.
public struct PriceAlertNotice: Sendable, Equatable {
    public let productID: UUID
    public let title: String
    public let storeURL: String
    public let oldPrice: String?
    public let newPrice: String?
    public let currency: String?

    public init(productID: UUID, title: String, storeURL: String, oldPrice: String?, newPrice: String?, currency: String?) {
        self.productID = productID
        self.title = title
        self.storeURL = storeURL
        self.oldPrice = oldPrice
        self.newPrice = newPrice
        self.currency = currency
    }
}

/// Price alerts as they happen in this process, told after the check's transaction committed (the email is
/// queued as always). The desktop app (MantisDesktop) turns them into desktop notifications; the server has
/// no listener.
public final class PriceAlertFeed: Sendable {
    private let listener = NIOLockedValueBox<(@Sendable (PriceAlertNotice) -> Void)?>(nil)

    public init() {}

    public func onAlert(_ body: @escaping @Sendable (PriceAlertNotice) -> Void) {
        listener.withLockedValue { $0 = body }
    }

    func publish(_ notice: PriceAlertNotice) {
        listener.withLockedValue { $0 }?(notice)
    }
}

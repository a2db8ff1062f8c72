import Fluent
import Foundation

/// One attempt to read a product page: the check log shown to the user.
final class ProductCheck: Model, @unchecked Sendable {
    static let schema = "product_checks"

    @ID(key: .id) var id: UUID?
    @Parent(key: "product_id") var product: Product
    @Field(key: "checked_at") var checkedAt: Date
    @Field(key: "succeeded") var succeeded: Bool
    @OptionalField(key: "reason") var reason: String?
    /// How a successful check chose its price: "rule", "rule_unmatched", or the automatic method's name.
    @OptionalField(key: "price_source") var priceSource: String?

    init() {}

    init(productID: UUID, checkedAt: Date, succeeded: Bool, reason: String?) {
        self.$product.id = productID
        self.checkedAt = checkedAt
        self.succeeded = succeeded
        self.reason = reason
    }
}

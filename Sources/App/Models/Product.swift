import Fluent
import Foundation

final class Product: Model, @unchecked Sendable {
    static let schema = "products"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "url") var url: String
    @OptionalField(key: "title") var title: String?
    @OptionalField(key: "image_url") var imageURL: String?
    @OptionalField(key: "currency") var currency: String?
    @OptionalField(key: "stock_status") var stockStatus: String?
    @OptionalField(key: "last_checked") var lastChecked: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(userID: UUID, url: String) {
        self.$user.id = userID
        self.url = url
    }
}

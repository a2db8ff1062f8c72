import MantisCore

extension ProductResponse {
    /// The list form (no history, no checks), byte for byte what `Codable` writes for it but for `/` escaping.
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.field("id", id)
        json.field("url", url)
        json.field("title", title)
        json.field("image_url", imageUrl)
        json.field("currency", currency)
        json.field("stock_status", stockStatus)
        json.field("last_checked", lastChecked)
        json.field("created_at", createdAt)
        json.field("current_price", currentPrice)
        json.field("previous_price", previousPrice)
        json.field("lowest_price", lowestPrice)
        json.field("lowest_price_at", lowestPriceAt)
        json.field("target_price", targetPrice)
        json.field("alert_on_drop_percent", alertOnDropPercent)
        json.field("last_error", lastError)
        json.field("next_check_at", nextCheckAt)
        json.endObject()
    }
}

extension UserResponse {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.field("id", id)
        json.field("email", email)
        json.field("is_verified", isVerified)
        json.field("alerts_enabled", alertsEnabled)
        json.field("created_at", createdAt)
        json.endObject()
    }
}

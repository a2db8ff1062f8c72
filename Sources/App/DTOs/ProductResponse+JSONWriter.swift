import MantisCore

extension ProductResponse {
    /// What `Codable` writes for it, but for `/` escaping and the order of keys: the list form (no history,
    /// no checks), and the single-product view with its bounded history and check log.
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
        json.field("needs_attention", needsAttention)
        if let priceRule {
            json.key("price_rule")
            json.beginObject()
            json.field("source", priceRule.source)
            json.field("locator", priceRule.locator)
            json.endObject()
        }
        if let history {
            json.key("history")
            json.beginArray()
            for point in history {
                json.beginObject()
                json.field("checked_at", point.checkedAt)
                json.field("currency", point.currency)
                json.field("price", point.price)
                json.endObject()
            }
            json.endArray()
        }
        if let historyTotal {
            json.key("history_total")
            json.value(historyTotal)
        }
        if let checks {
            json.key("checks")
            json.beginArray()
            for check in checks {
                json.beginObject()
                json.field("checked_at", check.checkedAt)
                json.field("succeeded", check.succeeded)
                json.field("reason", check.reason)
                json.field("price_source", check.priceSource)
                json.endObject()
            }
            json.endArray()
        }
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

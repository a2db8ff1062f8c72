import Foundation

/// One user's data as a file: format `mantis-export`, version 1 (README, "Export and import"). Written by
/// `mantis export` and `GET /auth/me/export`, read by `mantis import`. It holds what the user made and what
/// Mantis learnt about their products — never a password hash, a session, a token or a queued email.
///
/// Every key is written, `null` when there is nothing; a reader takes an absent key as `null` (or as the
/// default of a fresh product) and ignores keys it does not know, so adding a key keeps version 1. A change of
/// meaning, or a key removed, is a new version, and `mantis import` refuses versions it does not know.
struct UserDataExport: Codable, Equatable, Sendable {
    static let format = "mantis-export"
    static let version = 1

    var format: String = Self.format
    var version: Int = Self.version
    var exportedAt: Date?
    var user: Account
    var products: [Product]

    enum CodingKeys: String, CodingKey {
        case format, version, user, products
        case exportedAt = "exported_at"
    }

    init(exportedAt: Date?, user: Account, products: [Product]) {
        self.exportedAt = exportedAt
        self.user = user
        self.products = products
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(String.self, forKey: .format)
        version = try container.decode(Int.self, forKey: .version)
        exportedAt = try container.decodeIfPresent(Date.self, forKey: .exportedAt)
        user = try container.decodeIfPresent(Account.self, forKey: .user) ?? Account(email: "", createdAt: nil, alertsEnabled: nil)
        products = try container.decodeIfPresent([Product].self, forKey: .products) ?? []
    }

    /// The account's own settings. The email and creation time say whose file it is; `mantis import` writes
    /// into the account it is told to and takes only the settings from here.
    struct Account: Codable, Equatable, Sendable {
        var email: String
        var createdAt: Date?
        /// Whether price alerts are emailed (`PATCH /auth/me {alerts_enabled}`); nil (a file without it) leaves
        /// the account's setting alone.
        var alertsEnabled: Bool?

        enum CodingKeys: String, CodingKey {
            case email
            case createdAt = "created_at"
            case alertsEnabled = "alerts_enabled"
        }

        init(email: String, createdAt: Date?, alertsEnabled: Bool?) {
            self.email = email
            self.createdAt = createdAt
            self.alertsEnabled = alertsEnabled
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            email = try container.decodeIfPresent(String.self, forKey: .email) ?? ""
            createdAt = try container.decodeIfPresent(Date.self, forKey: .createdAt)
            alertsEnabled = try container.decodeIfPresent(Bool.self, forKey: .alertsEnabled)
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(email, forKey: .email)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(alertsEnabled, forKey: .alertsEnabled)
        }
    }

    /// A tracked product: the page, what the last check read, the alert settings and state, the price rule, the
    /// schedule, and the whole price history and check log. The list's price summary (current, previous,
    /// lowest) is not here: it follows from `history`, and `mantis import` works it out again.
    struct Product: Codable, Equatable, Sendable {
        var url: String
        var title: String?
        var imageURL: String?
        var currency: String?
        var stockStatus: String?
        var createdAt: Date?
        var lastChecked: Date?
        var targetPrice: String?
        var alertOnDropPercent: String?
        /// Whether reaching the target can alert again (it re-arms once the price rises above it).
        var alertTargetArmed: Bool = true
        /// The price drops are measured from.
        var alertReferencePrice: String?
        var lastAlertedAt: Date?
        var priceRule: PriceRule?
        var needsAttention: Bool = false
        var nextCheckAt: Date?
        var consecutiveFailures: Int = 0
        var lastError: String?
        /// Oldest first.
        var history: [PricePoint] = []
        /// The check log, oldest first.
        var checks: [Check] = []

        enum CodingKeys: String, CodingKey {
            case url, title, currency, history, checks
            case imageURL = "image_url"
            case stockStatus = "stock_status"
            case createdAt = "created_at"
            case lastChecked = "last_checked"
            case targetPrice = "target_price"
            case alertOnDropPercent = "alert_on_drop_percent"
            case alertTargetArmed = "alert_target_armed"
            case alertReferencePrice = "alert_reference_price"
            case lastAlertedAt = "last_alerted_at"
            case priceRule = "price_rule"
            case needsAttention = "needs_attention"
            case nextCheckAt = "next_check_at"
            case consecutiveFailures = "consecutive_failures"
            case lastError = "last_error"
        }

        init(url: String) {
            self.url = url
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            url = try c.decode(String.self, forKey: .url)
            title = try c.decodeIfPresent(String.self, forKey: .title)
            imageURL = try c.decodeIfPresent(String.self, forKey: .imageURL)
            currency = try c.decodeIfPresent(String.self, forKey: .currency)
            stockStatus = try c.decodeIfPresent(String.self, forKey: .stockStatus)
            createdAt = try c.decodeIfPresent(Date.self, forKey: .createdAt)
            lastChecked = try c.decodeIfPresent(Date.self, forKey: .lastChecked)
            targetPrice = try c.decodeIfPresent(String.self, forKey: .targetPrice)
            alertOnDropPercent = try c.decodeIfPresent(String.self, forKey: .alertOnDropPercent)
            alertTargetArmed = try c.decodeIfPresent(Bool.self, forKey: .alertTargetArmed) ?? true
            alertReferencePrice = try c.decodeIfPresent(String.self, forKey: .alertReferencePrice)
            lastAlertedAt = try c.decodeIfPresent(Date.self, forKey: .lastAlertedAt)
            priceRule = try c.decodeIfPresent(PriceRule.self, forKey: .priceRule)
            needsAttention = try c.decodeIfPresent(Bool.self, forKey: .needsAttention) ?? false
            nextCheckAt = try c.decodeIfPresent(Date.self, forKey: .nextCheckAt)
            consecutiveFailures = try c.decodeIfPresent(Int.self, forKey: .consecutiveFailures) ?? 0
            lastError = try c.decodeIfPresent(String.self, forKey: .lastError)
            history = try c.decodeIfPresent([PricePoint].self, forKey: .history) ?? []
            checks = try c.decodeIfPresent([Check].self, forKey: .checks) ?? []
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(url, forKey: .url)
            try c.encode(title, forKey: .title)
            try c.encode(imageURL, forKey: .imageURL)
            try c.encode(currency, forKey: .currency)
            try c.encode(stockStatus, forKey: .stockStatus)
            try c.encode(createdAt, forKey: .createdAt)
            try c.encode(lastChecked, forKey: .lastChecked)
            try c.encode(targetPrice, forKey: .targetPrice)
            try c.encode(alertOnDropPercent, forKey: .alertOnDropPercent)
            try c.encode(alertTargetArmed, forKey: .alertTargetArmed)
            try c.encode(alertReferencePrice, forKey: .alertReferencePrice)
            try c.encode(lastAlertedAt, forKey: .lastAlertedAt)
            try c.encode(priceRule, forKey: .priceRule)
            try c.encode(needsAttention, forKey: .needsAttention)
            try c.encode(nextCheckAt, forKey: .nextCheckAt)
            try c.encode(consecutiveFailures, forKey: .consecutiveFailures)
            try c.encode(lastError, forKey: .lastError)
            try c.encode(history, forKey: .history)
            try c.encode(checks, forKey: .checks)
        }
    }

    /// The user's choice of price on the page (`PUT /products/{id}/price-rule`).
    struct PriceRule: Codable, Equatable, Sendable {
        var source: String
        var locator: String
    }

    /// One price read: an exact decimal string, as stored ("1299.00").
    struct PricePoint: Codable, Equatable, Sendable {
        var price: String
        var currency: String?
        var checkedAt: Date

        enum CodingKeys: String, CodingKey {
            case price, currency
            case checkedAt = "checked_at"
        }

        // Decoded as synthesized (a price must be a string: a JSON number would already have gone through a
        // binary float, and only strings are exact); encoded by hand so a missing currency is written as null.

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(price, forKey: .price)
            try container.encode(currency, forKey: .currency)
            try container.encode(checkedAt, forKey: .checkedAt)
        }
    }

    /// One line of the check log.
    struct Check: Codable, Equatable, Sendable {
        var checkedAt: Date
        var succeeded: Bool
        /// Why it failed; null for a success.
        var reason: String?
        /// How a success chose its price: "rule", "rule_unmatched" or the automatic method ("json-ld", …).
        var priceSource: String?

        enum CodingKeys: String, CodingKey {
            case succeeded, reason
            case checkedAt = "checked_at"
            case priceSource = "price_source"
        }

        // Decoded as synthesized; encoded by hand so absent values are written as null.

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(checkedAt, forKey: .checkedAt)
            try container.encode(succeeded, forKey: .succeeded)
            try container.encode(reason, forKey: .reason)
            try container.encode(priceSource, forKey: .priceSource)
        }
    }

    /// A file this version cannot read; nothing has been written when it is thrown.
    struct Unreadable: Error, CustomStringConvertible {
        let description: String
    }

    /// The file as Mantis writes it: keys sorted and indented, times with microseconds (`ExportTimestamp`).
    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ExportTimestamp.string(date))
        }
        return try encoder.encode(self)
    }

    /// Reads a file, refusing one that is not a `mantis-export` or whose version this Mantis does not know
    /// before looking at anything else in it (a later version may have changed the rest).
    static func decode(_ data: Data) throws -> UserDataExport {
        struct Header: Decodable {
            let format: String?
            let version: Int?
        }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
        } catch {
            throw Unreadable(description: "The file is not a JSON object, so not a Mantis export.")
        }
        guard header.format == Self.format else {
            throw Unreadable(description: "The file is not a Mantis export (its \"format\" is \(header.format.map { "\"\($0)\"" } ?? "missing"), not \"\(Self.format)\").")
        }
        guard header.version == Self.version else {
            let found = header.version.map(String.init) ?? "missing"
            throw Unreadable(description: "This Mantis reads \(Self.format) version \(Self.version); the file's version is \(found). "
                + "Import it with the Mantis version that wrote it, or a newer one.")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = ExportTimestamp.date(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not an ISO 8601 time")
            }
            return date
        }
        do {
            return try decoder.decode(UserDataExport.self, from: data)
        } catch let error as DecodingError {
            throw Unreadable(description: "The file is a \(Self.format) version \(Self.version) but cannot be read: \(Self.describe(error))")
        }
    }

    /// Where in the file a decoding error is, in the file's own key names.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "the top level" : String(text.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])) is missing."
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

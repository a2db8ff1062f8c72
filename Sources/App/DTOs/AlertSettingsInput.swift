import Foundation
import MantisCore
import Vapor

/// `target_price` and `alert_on_drop_percent` as sent by a client: decimal strings ("19.99") or JSON numbers.
/// A key that is absent leaves the setting alone; `null` clears it.
struct AlertSettingsInput: Decodable, Sendable {
    enum Change<Value: Sendable>: Sendable {
        case keep
        case clear
        case set(Value)

        var isChange: Bool {
            if case .keep = self { return false }
            return true
        }
    }

    var targetPrice: Change<PriceAmount> = .keep
    var dropPercent: Change<Decimal> = .keep

    // Camel case: the app's JSON decoder converts snake_case keys before matching.
    enum CodingKeys: String, CodingKey {
        case targetPrice
        case alertOnDropPercent
    }

    init() {}

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try Self.decimalText(container, .targetPrice) {
        case .none: break
        case .some(.none): targetPrice = .clear
        case .some(.some(let text)):
            guard let amount = PriceAmount(text), amount.decimal > 0 else {
                throw MantisError.validation(code: "invalid_target_price", reason: "target_price must be a price above 0, like \"19.99\".")
            }
            targetPrice = .set(amount)
        }
        switch try Self.decimalText(container, .alertOnDropPercent) {
        case .none: break
        case .some(.none): dropPercent = .clear
        case .some(.some(let text)):
            guard PriceAmount(text) != nil, let percent = Decimal(string: text), percent > 0, percent <= 100 else {
                throw MantisError.validation(
                    code: "invalid_drop_percent", reason: "alert_on_drop_percent must be a number above 0 and at most 100, like \"10\".")
            }
            dropPercent = .set(percent)
        }
    }

    /// nil: key absent. .some(nil): null. .some(text): a string or a number written as decimal text.
    private static func decimalText(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> String?? {
        guard container.contains(key) else { return nil }
        if try container.decodeNil(forKey: key) { return .some(nil) }
        if let text = try? container.decode(String.self, forKey: key) { return .some(text.trimmingCharacters(in: .whitespaces)) }
        if let number = try? container.decode(Double.self, forKey: key), number.isFinite, number >= 0 {
            return .some(PriceAmount(number: number)?.decimalString ?? "invalid")
        }
        throw MantisError.validation(code: "invalid_field", reason: "\(key == .targetPrice ? "target_price" : "alert_on_drop_percent") must be a decimal string, a number or null.")
    }

    /// Applies the changes; a changed rule starts fresh (target armed, reference at the current price).
    func apply(to product: Product, currentPrice: String?) {
        switch targetPrice {
        case .keep: break
        case .clear: product.targetPrice = nil
        case .set(let amount):
            product.targetPrice = amount.decimalString
            product.alertTargetArmed = true
        }
        switch dropPercent {
        case .keep: break
        case .clear: product.alertOnDropPercent = nil
        case .set(let percent):
            product.alertOnDropPercent = "\(percent)"
            product.alertReferencePrice = currentPrice
        }
    }
}

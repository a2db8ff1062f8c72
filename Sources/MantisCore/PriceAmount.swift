import Foundation

/// A non-negative price held as an exact decimal string ("1299.00"), never as a binary float.
/// The scale the store wrote is kept, so "19.90" stays "19.90".
public struct PriceAmount: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// Canonical form: digits, optionally one "." and more digits; no sign, no leading zeros beyond one.
    public let decimalString: String

    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count),
              !parts[0].isEmpty || parts.count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              parts.count == 1 || !parts[1].isEmpty
        else { return nil }
        var integer = String(parts[0].drop(while: { $0 == "0" }))
        if integer.isEmpty { integer = "0" }
        // 15 integer digits is far beyond any price and keeps every value exact in NUMERIC and Decimal.
        guard integer.count <= 15, parts.count == 1 || parts[1].count <= 6 else { return nil }
        decimalString = parts.count == 2 ? "\(integer).\(parts[1])" : integer
    }

    /// JSON-LD often carries prices as numbers; Double's description is the shortest round-trip form.
    public init?(number: Double) {
        guard number.isFinite, number >= 0 else { return nil }
        var text = "\(number)"
        if text.hasSuffix(".0") { text.removeLast(2) }
        guard !text.contains("e") else { return nil }
        self.init(text)
    }

    public var decimal: Decimal { Decimal(string: decimalString) ?? 0 }

    public var description: String { decimalString }

    public static func < (lhs: PriceAmount, rhs: PriceAmount) -> Bool { lhs.decimal < rhs.decimal }

    /// "19.9" and "19.90" are the same price.
    public static func == (lhs: PriceAmount, rhs: PriceAmount) -> Bool { lhs.decimal == rhs.decimal }

    public func hash(into hasher: inout Hasher) { hasher.combine(decimal) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let amount = PriceAmount(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Not a decimal price: \(text)")
        }
        self = amount
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(decimalString)
    }
}

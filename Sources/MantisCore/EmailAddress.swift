import Foundation

/// An email address in the one canonical form Mantis stores and compares:
/// trimmed, Unicode NFC, lowercased. Two spellings of one address map to one account.
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public enum Invalid: Error, Equatable, Sendable {
        case empty
        case tooLong
        case malformed
    }

    public init(_ raw: String) throws(Invalid) {
        let normalized = EmailAddress.normalize(raw)
        guard !normalized.isEmpty else { throw .empty }
        // RFC 5321 caps a path at 256 octets including the angle brackets.
        guard normalized.utf8.count <= 254 else { throw .tooLong }
        let parts = normalized.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw .malformed }
        let local = parts[0], domain = parts[1]
        guard !local.isEmpty, local.utf8.count <= 64, !domain.isEmpty else { throw .malformed }
        // Control characters, whitespace and angle brackets would let an address smuggle headers or break a path.
        let forbidden = CharacterSet.whitespacesAndNewlines.union(.controlCharacters)
            .union(CharacterSet(charactersIn: "<>()[]\\,;:\""))
        guard normalized.unicodeScalars.allSatisfy({ !forbidden.contains($0) }) else { throw .malformed }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") })
        else { throw .malformed }
        guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { throw .malformed }
        self.value = normalized
    }

    /// Trim, NFC, lowercase — in that order, so composed and decomposed spellings meet.
    public static func normalize(_ raw: String) -> String {
        raw.trimmingCharacters(in: .whitespacesAndNewlines)
            .precomposedStringWithCanonicalMapping
            .lowercased()
    }

    public var description: String { value }
}

import NIOConcurrencyHelpers

/// Access tokens whose signature has been checked, by their exact text. A client sends the same token with
/// every request for its whole life (minutes), and decoding and verifying it was the largest single cost of
/// a signed-in request after the database (perf). Only the signature check is remembered: the claims (expiry,
/// issuer, audience) and the session are checked on every request as before. A different secret means a new
/// process, so an entry can never outlive the key that verified it.
final class VerifiedTokenCache: Sendable {
    let capacity: Int
    private let entries = NIOLockedValueBox<[String: AccessTokenPayload]>([:])

    init(capacity: Int) { self.capacity = capacity }

    func payload(for token: String) -> AccessTokenPayload? {
        entries.withLockedValue { $0[token] }
    }

    func store(_ payload: AccessTokenPayload, for token: String) {
        // Tokens are at most a few hundred bytes; the bound keeps the whole cache well under a megabyte.
        guard token.utf8.count <= 1024 else { return }
        entries.withLockedValue { entries in
            // Starting over when full is crude but cheap, and costs at most one verification per token.
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[token] = payload
        }
    }
}

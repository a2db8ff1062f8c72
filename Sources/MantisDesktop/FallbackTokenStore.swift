import Foundation

/// The keyring first, the file when the keyring fails. Refresh tokens rotate and the server ends the session
/// when an old one comes back, so exactly one copy may be live: a token saved to the keyring removes the file's
/// copy, one saved to the file (the keyring failing) is read before the keyring's, and clear removes both.
public final class FallbackTokenStore: RefreshTokenStore, @unchecked Sendable {
    public let primary: any RefreshTokenStore
    public let fallback: any RefreshTokenStore
    /// Which of the two the last successful call used: "secret-service"/"file" style names for logs and the
    /// self-test, never the token.
    public private(set) var lastUsed: String = "none"

    public init(primary: any RefreshTokenStore, fallback: any RefreshTokenStore) {
        self.primary = primary
        self.fallback = fallback
    }

    public func load(server: String) throws -> String? {
        if let token = try fallback.load(server: server) {
            lastUsed = Self.name(of: fallback)
            return token
        }
        do {
            let token = try primary.load(server: server)
            lastUsed = Self.name(of: primary)
            return token
        } catch {
            lastUsed = Self.name(of: fallback)
            return nil
        }
    }

    public func save(_ token: String, server: String) throws {
        do {
            try primary.save(token, server: server)
            try fallback.clear(server: server)
            lastUsed = Self.name(of: primary)
        } catch {
            try fallback.save(token, server: server)
            // An older token left in the keyring would be shadowed by the file's, but better gone.
            try? primary.clear(server: server)
            lastUsed = Self.name(of: fallback)
        }
    }

    public func clear(server: String) throws {
        let keyring = Result { try primary.clear(server: server) }
        try fallback.clear(server: server)
        // A keyring that cannot be reached holds nothing this app could read back either.
        if case .failure(let error) = keyring, (try? primary.load(server: server)) != nil { throw error }
        lastUsed = "both"
    }

    static func name(of store: any RefreshTokenStore) -> String {
        switch store {
        case is SecretServiceTokenStore: "secret-service"
        case is FileTokenStore: "file"
        default: String(describing: type(of: store))
        }
    }
}

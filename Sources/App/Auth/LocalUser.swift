import Fluent
import MantisCore
import Vapor

/// The single user of local (desktop) mode, created on first use. Its password is random and never shown:
/// local mode has no login.
actor LocalUser {
    static let email = "local@mantis.localhost"

    private var cachedID: UUID?

    func get(on database: any Database) async throws -> User {
        if let id = cachedID, let user = try await User.find(id, on: database) { return user }
        if let existing = try await User.query(on: database).filter(\.$email == Self.email).first() {
            cachedID = existing.id
            return existing
        }
        // Nobody can log in with this hash: it is not the bcrypt of any password.
        let user = User(email: Self.email, passwordHash: "!local-mode-no-login", isVerified: true)
        do {
            try await user.create(on: database)
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            // Another request created it first.
            guard let existing = try await User.query(on: database).filter(\.$email == Self.email).first() else { throw error }
            cachedID = existing.id
            return existing
        }
        cachedID = user.id
        return user
    }
}

import NIOPosix
import Vapor

extension Request {
    /// `req.password.async`, but on Mantis's own hashing pool. Vapor's default is `app.threadPool`, which the
    /// SQLite driver also runs every query on: a login flood would then stall all database work (even /health).
    var passwordHasher: AsyncPasswordHasher {
        password.sync.async(on: application.mantis.hashingPool, hopTo: eventLoop)
    }

    /// Hashes through the bounded queue (503 `server_busy` when it is full).
    func hashPassword(_ password: String) async throws -> String {
        let hasher = passwordHasher
        return try await application.mantis.hashingQueue.run { try await hasher.hash(password) }
    }

    func verifyPassword(_ password: String, hash: String) async throws -> Bool {
        let hasher = passwordHasher
        return try await application.mantis.hashingQueue.run { try await hasher.verify(password, created: hash) }
    }
}

import NIOPosix
import Vapor

extension Request {
    /// Hashes through the bounded queue (503 `server_busy` when it is full), on Mantis's own hashing pool.
    /// Vapor's `req.password.async` would use `app.threadPool`, which the SQLite driver also runs every query
    /// on: a login flood would then stall all database work (even /health).
    func hashPassword(_ password: String) async throws -> String {
        let hasher = self.password.sync
        return try await application.mantis.hashingQueue.run(on: application.mantis.hashingPool) {
            try hasher.hash(password)
        }
    }

    func verifyPassword(_ password: String, hash: String) async throws -> Bool {
        let hasher = self.password.sync
        return try await application.mantis.hashingQueue.run(on: application.mantis.hashingPool) {
            try hasher.verify(password, created: hash)
        }
    }
}

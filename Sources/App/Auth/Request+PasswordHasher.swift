import NIOPosix
import Vapor

extension Request {
    /// `req.password.async`, but on Mantis's own hashing pool. Vapor's default is `app.threadPool`, which the
    /// SQLite driver also runs every query on: a login flood would then stall all database work (even /health).
    var passwordHasher: AsyncPasswordHasher {
        password.sync.async(on: application.mantis.hashingPool, hopTo: eventLoop)
    }
}

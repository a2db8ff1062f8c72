import NIOPosix
import Vapor

/// Stops the password-hashing thread pool when the app shuts down.
struct HashingPoolLifecycle: LifecycleHandler {
    let pool: NIOThreadPool

    func shutdownAsync(_ application: Application) async {
        try? await pool.shutdownGracefully()
    }
}

import App
import NIOCore
import NIOPosix
import Vapor

@main
enum Entrypoint {
    static func main() async throws {
        // Swift concurrency runs on NIO's event loops: an async handler then needs no thread hop to the
        // cooperative pool and back, which was a third of /health's CPU (perf). Nothing here blocks a loop.
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        try await Application.runMantis()
    }
}

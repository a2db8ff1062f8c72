import App
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix
import Vapor

@main
enum Entrypoint {
    static func main() async throws {
        #if canImport(Glibc)
        // glibc gives every thread that allocates an arena of its own, up to 8 per core, and memory freed in
        // one is not reused by another: two arenas are enough for two event loops and cut the peak RSS. First,
        // before any thread is started.
        _ = glibcMallopt(-8 /* M_ARENA_MAX */, 2)
        #endif
        // Swift concurrency runs on NIO's event loops: an async handler then needs no thread hop to the
        // cooperative pool and back, which was a third of /health's CPU (perf). Nothing here blocks a loop.
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        try await Application.runMantis()
    }
}

#if canImport(Glibc)
/// `mallopt(3)`: `<malloc.h>` is not part of the Glibc module. Two `int`s in, one out: the C and Swift calling
/// conventions agree for this signature.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import NIOConcurrencyHelpers
import NIOPosix

extension NIOThreadPool {
    /// Lowers the scheduling priority (nice) of every thread of this pool. bcrypt keeps a core busy for a quarter
    /// second per hash; at normal priority a login flood takes the cores from the event loops and every other
    /// request waits behind it. A nicer pool still gets all the CPU nobody else wants. Where the call is refused
    /// (a seccomp filter without `@resources`), nothing changes.
    func lowerPriority(threads: Int, nice: Int32 = 5) async {
        #if canImport(Glibc)
        // One job per thread, each holding its thread until all have started, so every thread gets one.
        let started = NIOLockedValueBox(0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<threads {
                group.addTask {
                    try? await self.runIfActive {
                        // On Linux the nice value is per thread, and `who` 0 is the calling thread.
                        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice)
                        started.withLockedValue { $0 += 1 }
                        let deadline = Date().addingTimeInterval(2)
                        while started.withLockedValue({ $0 }) < threads, Date() < deadline { usleep(1000) }
                    }
                }
            }
        }
        #endif
    }
}

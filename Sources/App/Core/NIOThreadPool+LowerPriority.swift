#if canImport(Glibc)
import Glibc
#endif
import Foundation
import NIOConcurrencyHelpers
import NIOPosix

extension NIOThreadPool {
    /// Puts every thread of this pool in Linux's `SCHED_IDLE` class (or, where that is refused, at a lower nice).
    /// bcrypt keeps a core busy for a quarter second per hash; at normal priority a login flood takes the cores
    /// from the event loops and every other request waits behind it. An idle-class thread still gets all the CPU
    /// nobody else wants — logins alone run at the full bcrypt rate — but an event loop that wakes up preempts
    /// it at once, which a nice value alone does not promise (nice 5 left /health p99 at 3–4× quiet under a
    /// flood). Where both calls are refused (a seccomp filter without `@resources`), nothing changes.
    func lowerPriority(threads: Int, nice: Int32 = 5) async {
        #if canImport(Glibc)
        // One job per thread, each holding its thread until all have started, so every thread gets one.
        let started = NIOLockedValueBox(0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<threads {
                group.addTask {
                    try? await self.runIfActive {
                        // On Linux both are per thread, and pid/`who` 0 is the calling thread.
                        var parameters = sched_param(sched_priority: 0)
                        if sched_setscheduler(0, Self.idleSchedulingClass, &parameters) != 0 {
                            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice)
                        }
                        started.withLockedValue { $0 += 1 }
                        let deadline = Date().addingTimeInterval(2)
                        while started.withLockedValue({ $0 }) < threads, Date() < deadline { usleep(1000) }
                    }
                }
            }
        }
        #endif
    }

    /// `SCHED_IDLE` from <sched.h> (Linux ≥ 2.6.23), which Glibc's Swift overlay does not import.
    static let idleSchedulingClass: Int32 = 5
}

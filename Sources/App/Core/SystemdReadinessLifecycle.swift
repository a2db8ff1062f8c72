import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// Tells systemd (`Type=notify`) that Mantis is ready once the HTTP server is listening, keeps its watchdog fed
/// while the process can still do work, and says it is stopping when shutdown begins (registered last, so
/// that is the first thing shutdown does).
final class SystemdReadinessLifecycle: LifecycleHandler {
    let notifier: SystemdNotifier
    /// Half of `WATCHDOG_USEC`, as sd_watchdog_enabled(3) advises; nil when systemd asked for no watchdog.
    let watchdogInterval: Duration?
    private let tasks = NIOLockedValueBox<[Task<Void, Never>]>([])

    init(notifier: SystemdNotifier, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.notifier = notifier
        self.watchdogInterval = Self.watchdogInterval(environment: environment)
    }

    /// `WATCHDOG_USEC` applies to this process only when `WATCHDOG_PID` is absent or names it.
    static func watchdogInterval(environment: [String: String], pid: Int32 = getpid()) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], let usec = Int64(text), usec > 0 else { return nil }
        if let owner = environment["WATCHDOG_PID"], Int32(owner) != pid { return nil }
        return .microseconds(usec / 2)
    }

    func didBootAsync(_ application: Application) async throws {
        guard notifier.socketPath != nil else { return }
        let notifier = self.notifier
        let interval = watchdogInterval
        // `serve` starts listening after boot; the address is there from the moment it listens.
        let task = Task { [weak application] in
            for _ in 0..<1200 {
                guard let application else { return }
                if let address = application.http.server.shared.localAddress {
                    notifier.notify("READY=1\nSTATUS=Listening on \(address)")
                    break
                }
                try? await Task.sleep(for: .milliseconds(50))
            }
            guard let interval else { return }
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let group = application?.eventLoopGroup, !Task.isCancelled else { return }
                // Honest: the ping goes out only after every event loop (where requests are answered and
                // Swift tasks run) has run a job. A loop that is stuck stops the pings, and systemd restarts Mantis.
                guard await Self.everyLoopAnswers(group) else { return }
                notifier.notify("WATCHDOG=1")
            }
        }
        tasks.withLockedValue { $0.append(task) }
    }

    static func everyLoopAnswers(_ group: any EventLoopGroup) async -> Bool {
        for loop in group.makeIterator() {
            guard (try? await loop.submit({}).get()) != nil else { return false }
        }
        return true
    }

    func shutdownAsync(_ application: Application) async {
        tasks.withLockedValue { tasks in
            tasks.forEach { $0.cancel() }
            tasks = []
        }
        notifier.notify("STOPPING=1")
    }
}

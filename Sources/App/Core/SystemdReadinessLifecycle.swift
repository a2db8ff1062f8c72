import Vapor

/// Tells systemd (`Type=notify`) that Mantis is ready once the HTTP server is listening, and that it is
/// stopping when shutdown begins.
struct SystemdReadinessLifecycle: LifecycleHandler {
    let notifier: SystemdNotifier

    func didBootAsync(_ application: Application) async throws {
        guard notifier.socketPath != nil else { return }
        let notifier = self.notifier
        // `serve` starts listening after boot; the address is there from the moment it listens.
        Task { [weak application] in
            for _ in 0..<1200 {
                guard let application else { return }
                if let address = application.http.server.shared.localAddress {
                    notifier.notify("READY=1\nSTATUS=Listening on \(address)")
                    return
                }
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    func shutdownAsync(_ application: Application) async {
        notifier.notify("STOPPING=1")
    }
}

import Vapor

/// A loop that runs beside the server: the refresh scheduler and the email outbox.
protocol BackgroundService: Sendable {
    func start()
    /// Stops gracefully: returns once the work in hand is finished or handed back.
    func stop() async
}

/// Runs a background service while `mantis serve` runs.
struct BackgroundServiceLifecycle: LifecycleHandler {
    let service: any BackgroundService

    func didBootAsync(_ application: Application) async throws {
        service.start()
    }

    func shutdownAsync(_ application: Application) async {
        await service.stop()
    }
}

import Vapor

/// Runs the outbox worker while `mantis serve` runs.
struct OutboxWorkerLifecycle: LifecycleHandler {
    let worker: OutboxWorker

    func didBootAsync(_ application: Application) async throws {
        worker.start()
    }

    func shutdownAsync(_ application: Application) async {
        worker.stop()
    }
}

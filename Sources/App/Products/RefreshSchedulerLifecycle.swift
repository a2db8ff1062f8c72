import Vapor

/// Runs the refresh scheduler while `mantis serve` runs.
struct RefreshSchedulerLifecycle: LifecycleHandler {
    let scheduler: RefreshScheduler

    func didBootAsync(_ application: Application) async throws {
        scheduler.start()
    }

    func shutdownAsync(_ application: Application) async {
        scheduler.stop()
    }
}

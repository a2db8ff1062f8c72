import SQLKit
import Vapor

/// The first step of stopping `mantis serve`: stop accepting connections and let the requests in flight finish
/// (NIO's quiescing, bounded by the server's `shutdownTimeout`, 10 s). Vapor itself stops the server only after
/// every lifecycle handler, by which time the database would already be closed under those requests.
struct HTTPServerDrainLifecycle: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        await application.http.server.shared.shutdown()
    }
}

/// The last step before the database closes: on a SQLite file, copy the write-ahead log into the database and
/// truncate it, so the file alone is the whole database (a backup or copy of it after a stop misses nothing).
struct SQLiteCheckpointLifecycle: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        guard case .sqlite(let path) = application.mantis.config.database, path != ":memory:" else { return }
        do {
            try await application.db.sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
        } catch {
            application.logger.warning("Could not checkpoint the SQLite write-ahead log", metadata: ["error": "\(error)"])
        }
    }
}

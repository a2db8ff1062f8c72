import Fluent
import SQLKit
import Vapor

extension Migrations {
    /// The names of the migrations not applied yet, in order; nil when the database does not answer (it may
    /// come up later). `/health/ready`, `mantis doctor` and `mantis serve`'s start-up check all ask this.
    static func pending(on app: Application) async -> [String]? {
        if let pending = try? await app.migrator.previewPrepareBatch().get() { return pending.map { $0.0.name } }
        // No migration log at all, on a database that answers: nothing was ever migrated.
        guard (try? await app.db.sql.raw("SELECT 1").all()) != nil else { return nil }
        return all.map(\.name)
    }
}

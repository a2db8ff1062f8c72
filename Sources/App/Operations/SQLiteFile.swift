import Foundation
import VaporCSQLite

/// A plain connection to a SQLite file through the SQLite that SQLiteNIO bundles, for the operator's commands
/// (`backup`, `restore`): SQLite's online backup API and `PRAGMA integrity_check`, which the driver does not
/// offer. Blocking: run it off the event loops.
final class SQLiteFile {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private var handle: OpaquePointer?
    let path: String

    /// Opens an existing file (`create: false`) or creates it.
    init(path: String, create: Bool) throws {
        self.path = path
        sqlite_nio_sqlite3_initialize()
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0)
        let status = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "status \(status)"
            sqlite_nio_sqlite3_close(handle)
            throw Failure(description: "Cannot open \(path): \(message)")
        }
        // A server writing at the same moment holds its lock for milliseconds; wait for it rather than fail.
        sqlite_nio_sqlite3_busy_timeout(handle, 10_000)
        self.handle = handle
    }

    deinit {
        sqlite_nio_sqlite3_close(handle)
    }

    /// The first column of every row, as text (NULL as "").
    func strings(_ sql: String) throws -> [String] {
        var statement: OpaquePointer?
        guard sqlite_nio_sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else { throw failure(sql) }
        defer { sqlite_nio_sqlite3_finalize(statement) }
        var values: [String] = []
        while true {
            switch sqlite_nio_sqlite3_step(statement) {
            case SQLITE_ROW:
                values.append(sqlite_nio_sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? "")
            case SQLITE_DONE:
                return values
            default:
                throw failure(sql)
            }
        }
    }

    /// `PRAGMA integrity_check`: nil when the file is sound, else what SQLite found.
    func integrityProblems() throws -> String? {
        let result = try strings("PRAGMA integrity_check")
        return result == ["ok"] ? nil : result.prefix(5).joined(separator: "; ")
    }

    /// The tables Mantis's migrations made (Fluent's log among them), by name.
    func tableNames() throws -> [String] {
        try strings("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    }

    /// Copies this whole database into `destination` with SQLite's online backup API: a consistent snapshot
    /// even while a server writes (in WAL mode writers go on meanwhile), unlike copying the file and its WAL.
    func copy(into destination: SQLiteFile) throws {
        guard let backup = sqlite_nio_sqlite3_backup_init(destination.handle, "main", handle, "main") else {
            throw destination.failure("backup")
        }
        let status = sqlite_nio_sqlite3_backup_step(backup, -1)
        let finished = sqlite_nio_sqlite3_backup_finish(backup)
        guard status == SQLITE_DONE, finished == SQLITE_OK else {
            if status == SQLITE_BUSY || status == SQLITE_LOCKED {
                throw Failure(description: "\(destination.path) is in use (stop the server that has it open first)")
            }
            throw destination.failure("backup")
        }
    }

    private func failure(_ what: String) -> Failure {
        Failure(description: "SQLite (\(path)): \(String(cString: sqlite_nio_sqlite3_errmsg(handle)))")
    }
}

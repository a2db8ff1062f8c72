import CSQLiteShim
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SQLiteNIO
import VaporCSQLite

/// Short, indexed reads on SQLite (the session check, the product list) run right here, on the calling thread,
/// through a connection of that thread's own, kept to reads (`query_only`), with its statements kept prepared. Going through the
/// driver instead costs a hop to its thread pool and back and a fresh `sqlite3_prepare` per query, which
/// together were most of the CPU of a signed-in request (perf).
///
/// Safe to run on an event loop because WAL readers do not wait for the writer and these reads touch a few
/// pages. Anything unusual — the database busy (a checkpoint restarting the WAL), no such file yet, a failed
/// step — returns nil and the caller takes the driver's path, so this is only ever an optimisation.
final class SQLiteDirectReader: Sendable {
    let path: String
    private let connections = ThreadSpecificVariable<Connection>()
    private static let initialised = NIOLockedValueBox(false)

    init(path: String) {
        self.path = path
    }

    /// The rows' cells, or nil when the read could not be done here.
    func query(_ sql: String, _ binds: [SQLiteData]) -> [[SQLiteData]]? {
        guard let connection = connection() else { return nil }
        return connection.query(sql, binds)
    }

    private func connection() -> Connection? {
        if let connection = connections.currentValue { return connection }
        Self.initialised.withLockedValue { done in
            if !done { sqlite_nio_sqlite3_initialize(); done = true }
        }
        // Not kept when it could not open (no database file yet): the next read tries again.
        let connection = Connection(path: path)
        guard connection.isUsable else { return nil }
        connections.currentValue = connection
        return connection
    }

    /// One thread's connection; only ever used from that thread.
    private final class Connection: @unchecked Sendable {
        private var handle: OpaquePointer?
        private var statements: [String: OpaquePointer] = [:]

        var isUsable: Bool { handle != nil }

        init(path: String) {
            var handle: OpaquePointer?
            // Read-write without create (a read-only open cannot take part in WAL recovery), kept to reads
            // by `query_only`.
            let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
            guard sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK,
                  sqlite_nio_sqlite3_exec(handle, "PRAGMA query_only = 1", nil, nil, nil) == SQLITE_OK
            else {
                sqlite_nio_sqlite3_close(handle)
                return
            }
            // Plans independent of bound values: otherwise each new session id re-prepared the statement.
            _ = mantis_sqlite_enable_qpsg(UnsafeMutableRawPointer(handle))
            // Never wait on the event loop: busy means "take the driver's path".
            sqlite_nio_sqlite3_busy_timeout(handle, 0)
            self.handle = handle
        }

        deinit {
            for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
            sqlite_nio_sqlite3_close(handle)
        }

        func query(_ sql: String, _ binds: [SQLiteData]) -> [[SQLiteData]]? {
            guard let statement = prepared(sql) else { return nil }
            defer {
                sqlite_nio_sqlite3_reset(statement)
                sqlite_nio_sqlite3_clear_bindings(statement)
            }
            for (offset, bind) in binds.enumerated() {
                let index = Int32(offset + 1)
                let status: Int32
                switch bind {
                case .text(let value):
                    status = sqlite_nio_sqlite3_bind_text64(statement, index, value, UInt64(value.utf8.count), SQLITE_TRANSIENT_DIRECT, UInt8(SQLITE_UTF8))
                case .integer(let value): status = sqlite_nio_sqlite3_bind_int64(statement, index, Int64(value))
                case .float(let value): status = sqlite_nio_sqlite3_bind_double(statement, index, value)
                case .null: status = sqlite_nio_sqlite3_bind_null(statement, index)
                case .blob: return nil
                }
                guard status == SQLITE_OK else { return nil }
            }
            var rows: [[SQLiteData]] = []
            let columns = sqlite_nio_sqlite3_column_count(statement)
            while true {
                switch sqlite_nio_sqlite3_step(statement) {
                case SQLITE_ROW:
                    var row: [SQLiteData] = []
                    row.reserveCapacity(Int(columns))
                    for column in 0..<columns { row.append(Self.cell(statement, column)) }
                    rows.append(row)
                case SQLITE_DONE:
                    return rows
                default:
                    return nil
                }
            }
        }

        private func prepared(_ sql: String) -> OpaquePointer? {
            if let statement = statements[sql] { return statement }
            var statement: OpaquePointer?
            guard sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
                  let statement
            else { return nil }
            statements[sql] = statement
            return statement
        }

        private static func cell(_ statement: OpaquePointer, _ column: Int32) -> SQLiteData {
            switch sqlite_nio_sqlite3_column_type(statement, column) {
            case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
            case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, column))
            case SQLITE_TEXT:
                guard let text = sqlite_nio_sqlite3_column_text(statement, column) else { return .null }
                let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
            case SQLITE_BLOB:
                let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                guard let bytes = sqlite_nio_sqlite3_column_blob(statement, column), count > 0 else { return .blob(ByteBuffer()) }
                return .blob(ByteBuffer(bytes: UnsafeRawBufferPointer(start: bytes, count: count)))
            default: return .null
            }
        }
    }
}

/// SQLite's "copy the value now" destructor, as `SQLiteNIO` spells it internally.
private let SQLITE_TRANSIENT_DIRECT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

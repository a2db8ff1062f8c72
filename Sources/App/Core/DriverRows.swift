import Fluent
import Foundation
import MantisCore
import PostgresNIO
import SQLiteNIO

/// The hot reads (the product list, the session check) take their rows straight from the two drivers, by
/// column position: decoding them through `Decodable` or a Fluent model cost more than the queries did.
enum DriverRows {
    /// Runs `sql` with `$1`-style placeholders on PostgreSQL (`?1` on SQLite) and hands back each row's cells.
    ///
    /// On SQLite, `direct` (the app's `SQLiteDirectReader`) answers on this thread when it can.
    static func query(
        _ sql: String, _ binds: [Bind], on database: any Database, direct: SQLiteDirectReader? = nil
    ) async throws -> [Cells] {
        try await run(sql, binds, on: database, direct: direct, prepared: nil)
    }

    /// The same for a fixed statement, which PostgreSQL keeps prepared (`PreparedPostgresQuery`).
    static func query<Text: PreparedSQLText>(
        _ statement: Text.Type, _ binds: [Bind], on database: any Database, direct: SQLiteDirectReader? = nil
    ) async throws -> [Cells] {
        try await run(Text.sql, binds, on: database, direct: direct) { postgres in
            try await PreparedPostgresQuery<Text>(binds: binds).rows(on: postgres, logger: database.logger)
        }
    }

    private static func run(
        _ sql: String, _ binds: [Bind], on database: any Database, direct: SQLiteDirectReader?,
        prepared: ((any PostgresDatabase) async throws -> [Cells])?
    ) async throws -> [Cells] {
        if let sqlite = database as? any SQLiteDatabase {
            let statement = sql.replacingOccurrences(of: "$", with: "?")
            let values = binds.map(\.sqlite)
            if let direct, let rows = direct.query(statement, values) {
                return rows.map { Cells(storage: .sqlite($0)) }
            }
            let rows = try await sqlite.query(statement, values)
            return rows.map { Cells(storage: .sqlite($0.columns.map(\.data))) }
        }
        if let postgres = database as? any PostgresDatabase {
            if let prepared { return try await prepared(postgres) }
            let result = try await postgres.query(sql, binds.map(\.postgres)).get()
            return result.rows.map { Cells(storage: .postgres($0.makeRandomAccess())) }
        }
        throw UnsupportedDatabase()
    }

    /// Mantis runs on SQLite or PostgreSQL only; anything else is a programming error worth hearing about.
    struct UnsupportedDatabase: Error {}
    struct UnreadableRow: Error {}

    enum Bind {
        case uuid(UUID)
        case text(String)
        case date(Date)
        case int(Int)
        case bool(Bool)
        case null

        static func text(_ value: String?) -> Bind { value.map { .text($0) } ?? .null }
        static func date(_ value: Date?) -> Bind { value.map { .date($0) } ?? .null }

        var sqlite: SQLiteData {
            switch self {
            // Fluent stores UUIDs as upper-case text on SQLite.
            case .uuid(let id): .text(id.text)
            case .text(let value): .text(value)
            // Fluent stores dates as seconds since 1970 (REAL) on SQLite.
            case .date(let date): .float(date.timeIntervalSince1970)
            case .int(let value): .integer(value)
            // Booleans are 0 and 1 on SQLite, as the driver writes them.
            case .bool(let value): .integer(value ? 1 : 0)
            case .null: .null
            }
        }

        var postgres: PostgresData {
            switch self {
            case .uuid(let id): PostgresData(uuid: id)
            case .text(let value): PostgresData(string: value)
            case .date(let date): PostgresData(date: date)
            case .int(let value): PostgresData(int64: Int64(value))
            case .bool(let value): PostgresData(bool: value)
            case .null: PostgresData.null
            }
        }
    }

    struct Cells {
        enum Storage {
            case sqlite([SQLiteData])
            case postgres(PostgresRandomAccessRow)
        }

        let storage: Storage

        var count: Int {
            switch storage {
            case .sqlite(let data): data.count
            case .postgres(let row): row.count
            }
        }

        func text(_ index: Int) throws -> String? {
            switch storage {
            case .sqlite(let data):
                if case .text(let value) = data[index] { return value }
                return nil
            case .postgres(let row): return try row[index].decode(String?.self)
            }
        }

        func requiredText(_ index: Int) throws -> String {
            guard let value = try text(index) else { throw UnreadableRow() }
            return value
        }

        func uuid(_ index: Int) throws -> UUID {
            switch storage {
            case .sqlite(let data):
                switch data[index] {
                case .text(let value): if let id = UUID(text: value) { return id }
                case .blob(let buffer) where buffer.readableBytes == 16:
                    return buffer.withUnsafeReadableBytes { raw in UUID(uuid: raw.loadUnaligned(as: uuid_t.self)) }
                default: break
                }
                throw UnreadableRow()
            case .postgres(let row): return try row[index].decode(UUID.self)
            }
        }

        func date(_ index: Int) throws -> Date? {
            switch storage {
            case .sqlite(let data): return Date(sqliteData: data[index])
            case .postgres(let row): return try row[index].decode(Date?.self)
            }
        }

        func bool(_ index: Int) throws -> Bool {
            switch storage {
            case .sqlite(let data):
                switch data[index] {
                case .integer(let value): return value != 0
                default: throw UnreadableRow()
                }
            case .postgres(let row): return try row[index].decode(Bool.self)
            }
        }

        func int64(_ index: Int) throws -> Int64 {
            switch storage {
            case .sqlite(let data):
                guard case .integer(let value) = data[index] else { throw UnreadableRow() }
                return Int64(value)
            case .postgres(let row): return try row[index].decode(Int64.self)
            }
        }

        func isNull(_ index: Int) -> Bool {
            switch storage {
            case .sqlite(let data): if case .null = data[index] { return true } else { return false }
            case .postgres(let row): return row[index].bytes == nil
            }
        }
    }
}

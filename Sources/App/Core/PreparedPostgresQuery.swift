import Logging
import PostgresNIO

/// A fixed statement of a hot path that PostgreSQL keeps prepared on each connection (PostgresNIO prepares it
/// on first use): each request then sends only Bind/Execute, not Parse/Describe as well, and the server does
/// not parse and plan it again. The unprepared round trip was most of a signed-in request's CPU on
/// PostgreSQL (perf).
protocol PreparedSQLText {
    static var name: String { get }
    static var sql: String { get }
}

struct PreparedPostgresQuery<Text: PreparedSQLText>: PostgresPreparedStatement {
    static var name: String { Text.name }
    static var sql: String { Text.sql }
    typealias Row = DriverRows.Cells

    let binds: [DriverRows.Bind]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings()
        for bind in binds {
            switch bind {
            case .uuid(let id): try bindings.append(id)
            case .text(let text): try bindings.append(text)
            case .date(let date): try bindings.append(date)
            case .int(let value): try bindings.append(value)
            case .bool(let value): try bindings.append(value)
            case .null: bindings.appendNull()
            }
        }
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        DriverRows.Cells(storage: .postgres(row.makeRandomAccess()))
    }

    /// Runs on one of the pool's connections.
    func rows(on database: any PostgresDatabase, logger: Logger) async throws -> [Row] {
        try await database.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                var rows: [Row] = []
                for try await row in try await connection.execute(self, logger: logger) { rows.append(row) }
                return rows
            }
        }.get()
    }
}

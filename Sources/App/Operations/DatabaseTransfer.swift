import Fluent
import Foundation
import MantisCore
import SQLKit

/// `mantis transfer`: copies every table from one Mantis database into another (SQLite ↔ PostgreSQL, either
/// way), keeping ids and timestamps. The whole copy is one transaction on the target; every batch is read
/// back from the target inside it, so a row that did not arrive, or arrived with another price, rolls
/// everything back. Rows already in the target (same id) are left alone, so a second run changes nothing.
struct DatabaseTransfer: Sendable {
    /// Every table that holds data, parents before children (the foreign keys' order). Left out: the
    /// migration log (the target keeps its own) and rate-limit counters (windows of a few minutes, not data).
    /// TransferTests checks that these two lists name every table there is.
    static let tables = [
        User.schema, UserSession.schema, RotatedRefreshToken.schema, AccountToken.schema,
        Product.schema, PricePointRepository.table, ProductCheck.schema, OutboxEmail.schema,
    ]
    static let leftOut = ["_fluent_migrations", RateLimiter.table]

    /// The column types Mantis's migrations create, as PostgreSQL's information_schema names them.
    enum ColumnType: Equatable {
        case uuid, text, integer, boolean, timestamp, numeric, double

        init?(postgres dataType: String) {
            switch dataType {
            case "uuid": self = .uuid
            case "text", "character varying", "character": self = .text
            case "bigint", "integer", "smallint": self = .integer
            case "boolean": self = .boolean
            case "timestamp with time zone", "timestamp without time zone", "date": self = .timestamp
            case "numeric": self = .numeric
            case "double precision", "real": self = .double
            default: return nil
            }
        }
    }

    struct Column: Equatable {
        let name: String
        let type: ColumnType
    }

    /// One cell, decoded from the source by its column's type and bound as that type on the target, so each
    /// driver stores it the way Fluent would have.
    enum Value: Equatable {
        case uuid(UUID), text(String), integer(Int), boolean(Bool), timestamp(Date), double(Double), null

        var uuid: UUID? { if case .uuid(let id) = self { id } else { nil } }
        var text: String? { if case .text(let text) = self { text } else { nil } }
    }

    typealias Row = [Value]

    /// What `--user` asks for: the source's one user's products (with their history and check log) go to
    /// `targetUserID`, an existing account on the target.
    struct Reassignment {
        let sourceUserID: UUID
        let targetUserID: UUID
    }

    struct TableReport: Equatable {
        let table: String
        var inSource = 0
        var copied = 0
        var alreadyThere = 0
        /// `--user` only: products the account already tracks (same URL, another id), left out with their history.
        var skipped = 0
    }

    struct Mismatch: Error, CustomStringConvertible {
        let description: String
    }

    let source: any SQLDatabase
    let target: any Database
    /// Rows per INSERT: well under both drivers' limits on bound parameters (PostgreSQL 65,535; SQLite 32,766).
    var batchSize = 500

    /// Copies and verifies; throws `Mismatch` (after rolling the target back) when the target does not end up
    /// holding every source row. `progress` is told about each finished table.
    func run(reassigning reassignment: Reassignment? = nil, progress: @escaping @Sendable (TableReport) -> Void = { _ in }) async throws -> (tables: [TableReport], priceChecksum: String) {
        guard source.isPostgres || target.isPostgres else {
            throw Mismatch(description: "one side must be PostgreSQL (for a SQLite copy use `mantis backup`)")
        }
        let postgres = source.isPostgres ? source : target.sql
        var read: [String: [Column]] = [:]
        for table in Self.tables { read[table] = try await Self.columns(of: table, on: postgres) }
        let columns = read

        return try await target.transaction { transaction in
            let writer = transaction.sql
            var reports: [TableReport] = []
            var checksum = PriceChecksum()
            let tables = reassignment == nil ? Self.tables : [Product.schema, PricePointRepository.table, ProductCheck.schema]
            var products: [UUID] = []
            for table in tables {
                var report = TableReport(table: table)
                let tableColumns = columns[table]!
                var copier = TableCopier(table: table, columns: tableColumns, source: source, target: writer, batchSize: batchSize)
                if let reassignment {
                    if table == Product.schema {
                        let urls = try await Self.trackedURLs(of: reassignment.targetUserID, on: writer)
                        let userIndex = tableColumns.firstIndex { $0.name == "user_id" }!
                        let urlIndex = tableColumns.firstIndex { $0.name == "url" }!
                        let idIndex = tableColumns.firstIndex { $0.name == "id" }!
                        copier.filter = ("user_id", reassignment.sourceUserID)
                        copier.rewrite = { row in
                            if let url = row[urlIndex].text, let existing = urls[url], existing != row[idIndex].uuid { return nil }
                            var row = row
                            row[userIndex] = .uuid(reassignment.targetUserID)
                            return row
                        }
                        try await copier.copy(into: &report, checksum: &checksum) { products.append($0) }
                    } else {
                        for product in products {
                            copier.filter = ("product_id", product)
                            try await copier.copy(into: &report, checksum: &checksum)
                        }
                    }
                } else {
                    try await copier.copy(into: &report, checksum: &checksum)
                }
                progress(report)
                reports.append(report)
            }
            guard checksum.source == checksum.target else {
                throw Mismatch(description: "price checksum differs: source \(checksum.source), target \(checksum.target)")
            }
            return (reports, checksum.source)
        }
    }

    /// The columns of `table` in their declared order, from PostgreSQL's catalogue (SQLite's declared types say
    /// less: it keeps a price as TEXT and a UUID as a BLOB).
    static func columns(of table: String, on postgres: any SQLDatabase) async throws -> [Column] {
        let rows = try await postgres.raw("""
            SELECT column_name, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = \(bind: table) ORDER BY ordinal_position
            """).all()
        guard !rows.isEmpty else { throw Mismatch(description: "the PostgreSQL database has no table \(table)") }
        return try rows.map { row in
            let name = try row.decode(column: "column_name", as: String.self)
            let dataType = try row.decode(column: "data_type", as: String.self)
            guard let type = ColumnType(postgres: dataType) else {
                throw Mismatch(description: "\(table).\(name) has type \(dataType), which transfer does not know")
            }
            return Column(name: name, type: type)
        }
    }

    /// Every table in `database` but Fluent's and SQLite's own bookkeeping.
    static func tableNames(on database: any SQLDatabase) async throws -> Set<String> {
        let rows = try await database.isPostgres
            ? database.raw("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()").all()
            : database.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all()
        return Set(try rows.map { try $0.decode(column: "name", as: String.self) })
    }

    private static func trackedURLs(of user: UUID, on database: any SQLDatabase) async throws -> [String: UUID] {
        let rows = try await database.raw("SELECT id, url FROM products WHERE user_id = \(bind: user)").all()
        return Dictionary(try rows.map { (try $0.decode(column: "url", as: String.self), try $0.decode(column: "id", as: UUID.self)) },
                          uniquingKeysWith: { first, _ in first })
    }
}

/// One table's copy, batch by batch in id order (keyset pagination, so a large history never sits in memory).
private struct TableCopier {
    let table: String
    let columns: [DatabaseTransfer.Column]
    let source: any SQLDatabase
    let target: any SQLDatabase
    let batchSize: Int
    /// Only the rows whose `column` equals the id.
    var filter: (column: String, value: UUID)?
    /// Changes a row before it is written, or leaves it out (nil).
    var rewrite: (DatabaseTransfer.Row) -> DatabaseTransfer.Row? = { $0 }

    private var idIndex: Int { columns.firstIndex { $0.name == "id" }! }
    private var priceIndex: Int? { table == PricePointRepository.table ? columns.firstIndex { $0.name == "price" } : nil }

    func copy(into report: inout DatabaseTransfer.TableReport, checksum: inout PriceChecksum, copiedID: (UUID) -> Void = { _ in }) async throws {
        var after: UUID?
        while true {
            let batch = try await read(after: after)
            guard let last = batch.last else { return }
            after = last[idIndex].uuid
            report.inSource += batch.count
            let rows = batch.compactMap(rewrite)
            report.skipped += batch.count - rows.count
            guard !rows.isEmpty else { continue }
            let ids = rows.map { $0[idIndex].uuid! }
            let before = try await present(ids).count
            try await insert(rows)
            let arrived = try await present(ids)
            guard arrived.count == ids.count else {
                throw DatabaseTransfer.Mismatch(description: """
                    \(table): \(ids.count - arrived.count) of \(ids.count) rows did not arrive (the target holds a \
                    conflicting row: the same email, URL or token under another id)
                    """)
            }
            if let priceIndex {
                checksum.addSource(rows.map { ($0[idIndex].uuid!, $0[priceIndex].text ?? "") })
                checksum.addTarget(ids.map { ($0, arrived[$0] ?? "") })
            }
            report.alreadyThere += before
            report.copied += ids.count - before
            ids.forEach(copiedID)
        }
    }

    private func read(after: UUID?) async throws -> [DatabaseTransfer.Row] {
        let selected = SQLList(columns.map { column -> any SQLExpression in
            // PostgreSQL's NUMERIC is read as its exact text, which is how SQLite keeps a price.
            column.type == .numeric && source.isPostgres
                ? SQLQueryString("\(ident: column.name)::text AS \(ident: column.name)") : SQLIdentifier(column.name)
        })
        var query = source.select().column(selected).from(table)
        if let filter { query = query.where(SQLIdentifier(filter.column), .equal, SQLBind(filter.value)) }
        if let after { query = query.where(SQLIdentifier("id"), .greaterThan, SQLBind(after)) }
        let rows = try await query.orderBy("id").limit(batchSize).all()
        return try rows.map { row in try columns.map { try Self.decode($0, from: row) } }
    }

    private static func decode(_ column: DatabaseTransfer.Column, from row: any SQLRow) throws -> DatabaseTransfer.Value {
        let name = column.name
        if try row.decodeNil(column: name) { return .null }
        switch column.type {
        case .uuid: return .uuid(try row.decode(column: name, as: UUID.self))
        case .text, .numeric: return .text(try row.decode(column: name, as: String.self))
        case .integer: return .integer(try row.decode(column: name, as: Int.self))
        case .boolean: return .boolean(try row.decode(column: name, as: Bool.self))
        case .timestamp: return .timestamp(try row.decode(column: name, as: Date.self))
        case .double: return .double(try row.decode(column: name, as: Double.self))
        }
    }

    private func insert(_ rows: [DatabaseTransfer.Row]) async throws {
        var insert = target.insert(into: table).columns(columns.map(\.name)).ignoringConflicts()
        for row in rows {
            insert = insert.values(zip(columns, row).map { column, value in expression(value, as: column.type) })
        }
        try await insert.run()
    }

    private func expression(_ value: DatabaseTransfer.Value, as type: DatabaseTransfer.ColumnType) -> any SQLExpression {
        switch value {
        case .null: return SQLLiteral.null
        case .uuid(let id): return SQLBind(id)
        case .text(let text):
            // A bound text parameter does not turn into NUMERIC by itself on PostgreSQL.
            return type == .numeric && target.isPostgres ? SQLQueryString("CAST(\(bind: text) AS NUMERIC)") : SQLBind(text)
        case .integer(let number): return SQLBind(number)
        case .boolean(let flag): return SQLBind(flag)
        case .timestamp(let date): return SQLBind(date)
        case .double(let number): return SQLBind(number)
        }
    }

    /// The ids of `ids` the target holds, each with its price as text on price_points.
    private func present(_ ids: [UUID]) async throws -> [UUID: String] {
        var query = target.select().column("id").from(table).where(SQLIdentifier("id"), .in, SQLBind.group(ids))
        if priceIndex != nil {
            query = query.column(target.isPostgres ? SQLQueryString("price::text AS price") : SQLIdentifier("price"))
        }
        var found: [UUID: String] = [:]
        for row in try await query.all() {
            let price = priceIndex == nil ? "" : try row.decode(column: "price", as: String.self)
            found[try row.decode(column: "id", as: UUID.self)] = price
        }
        return found
    }
}

/// A running SHA-256 over `id price` lines of the price history as read from the source and as read back
/// from the target, batch by batch in the same order, prices normalised as decimals ("19.90" and "19.9" are
/// one price). A chain of digests, so twenty million points never sit in memory.
struct PriceChecksum {
    private(set) var source = ""
    private(set) var target = ""

    mutating func addSource(_ lines: [(UUID, String)]) { source = Self.chain(source, lines) }
    mutating func addTarget(_ lines: [(UUID, String)]) { target = Self.chain(target, lines) }

    private static func chain(_ state: String, _ lines: [(UUID, String)]) -> String {
        let text = lines.map { id, price in
            "\(id.uuidString.lowercased()) \(Decimal(string: price, locale: Locale(identifier: "en_US_POSIX")).map { "\($0)" } ?? price)"
        }
        return SecureToken.digest(([state] + text).joined(separator: "\n"))
    }
}

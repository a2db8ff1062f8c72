import Fluent
import SQLKit
import Vapor

extension Database {
    /// Both drivers Mantis uses are SQL databases; this is the one place that says so.
    var sql: any SQLDatabase { self as! any SQLDatabase }

    var isPostgres: Bool { sql.isPostgres }
}

extension SQLDatabase {
    /// The few statements that differ (row locks, casts) ask this, and nothing else.
    var isPostgres: Bool { dialect.name == "postgresql" }
}

extension Request {
    var sql: any SQLDatabase { db.sql }
}

import Fluent
import SQLKit
import Vapor

extension Database {
    /// Both drivers Mantis uses are SQL databases; this is the one place that says so.
    var sql: any SQLDatabase { self as! any SQLDatabase }

    var isPostgres: Bool { sql.dialect.name == "postgresql" }
}

extension Request {
    var sql: any SQLDatabase { db.sql }
}

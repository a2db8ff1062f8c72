import Foundation
import Testing

/// The databases the API suite runs against: in-memory SQLite always, and the PostgreSQL 15 cluster that
/// `scripts/test` starts (its admin URL in MANTIS_TEST_POSTGRES_URL). Each test gets a fresh database.
enum TestDatabase: CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres(adminURL: String)

    static var all: [TestDatabase] {
        var databases: [TestDatabase] = [.sqlite]
        if let url = postgresAdminURL { databases.append(.postgres(adminURL: url)) }
        return databases
    }

    static var postgresAdminURL: String? {
        let url = ProcessInfo.processInfo.environment["MANTIS_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if url == nil, ProcessInfo.processInfo.environment["CI"] == "true" {
            fatalError("CI=true but MANTIS_TEST_POSTGRES_URL is unset: run the suite through scripts/test")
        }
        return url
    }

    var testDescription: String {
        switch self {
        case .sqlite: "SQLite"
        case .postgres: "PostgreSQL"
        }
    }
}

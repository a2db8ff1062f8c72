import Foundation

/// PostgreSQL's own client programs (`pg_dump`, `pg_restore`), found in `PG_BIN`, on PATH, or in Debian's
/// /usr/lib/postgresql/N/bin (newest first), and the libpq environment that points them at a database URL.
/// The password goes through `PGPASSWORD` in the child's environment, never on its command line, where
/// every local user could read it in /proc.
struct PostgresTools {
    let binDirectory: String?
    var environment: [String: String] = ProcessInfo.processInfo.environment

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func executable(_ name: String) throws -> String {
        var directories: [String] = []
        if let binDirectory { directories.append(binDirectory) }
        directories += (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        let debian = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: debian)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        directories += versions.map { "\(debian)/\($0)/bin" }
        for directory in directories {
            let path = (directory as NSString).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw Failure(description: "\(name) not found in PG_BIN, PATH or /usr/lib/postgresql/*/bin: install postgresql-client (the same major version as the server, or newer), or set PG_BIN")
    }

    /// libpq's variables for `url` (postgres://user:password@host:port/database?sslmode=…).
    static func libpqEnvironment(for url: String) throws -> [String: String] {
        guard let components = URLComponents(string: url), let host = components.host else {
            throw Failure(description: "DATABASE_URL is not a postgres:// URL with a host")
        }
        var variables = ["PGHOST": host, "PGPORT": "\(components.port ?? 5432)"]
        if let user = components.percentEncodedUser?.removingPercentEncoding { variables["PGUSER"] = user }
        if let password = components.percentEncodedPassword?.removingPercentEncoding { variables["PGPASSWORD"] = password }
        let database = String(components.path.drop { $0 == "/" })
        variables["PGDATABASE"] = database.isEmpty ? (variables["PGUSER"] ?? "postgres") : database
        for item in components.queryItems ?? [] where ["sslmode", "tlsmode"].contains(item.name) {
            variables["PGSSLMODE"] = item.value == "disable" || item.value == "prefer" || item.value == "require" ? item.value : "require"
        }
        return variables
    }

    /// Runs `name arguments` against `url` and returns its standard output; its standard error is the failure.
    @discardableResult
    func run(_ name: String, _ arguments: [String], url: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executable(name))
        process.arguments = arguments
        process.environment = environment.merging(try Self.libpqEnvironment(for: url)) { _, new in new }
        let output = Pipe()
        // Standard error to a file, so neither pipe can fill up and block it while the other is read.
        let errorPath = FileManager.default.temporaryDirectory.appendingPathComponent("mantis-\(name)-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errorPath.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorPath) }
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorPath)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = ((try? String(contentsOf: errorPath, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(description: "\(name) failed (status \(process.terminationStatus)): \(message)")
        }
        return data
    }
}
